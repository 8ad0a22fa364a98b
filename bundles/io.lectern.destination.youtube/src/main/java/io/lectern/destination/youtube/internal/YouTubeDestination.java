package io.lectern.destination.youtube.internal;

import java.util.Set;

import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.destination.push.PushConfig;
import io.lectern.destination.push.PushDestination;
import io.lectern.destination.push.PushPlatform;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/** YouTube Live destination. Configuration PID io.lectern.destination.youtube ({@link PushConfig}). */
@Component(name = "io.lectern.destination.youtube", service = Destination.class)
public final class YouTubeDestination extends PushDestination {

    public YouTubeDestination() {
        super(new PushPlatform("youtube", "YouTube Live", "rtmp://a.rtmp.youtube.com/live2", Set.of("rtmp", "rtmps"), Set.of("youtube.com"), true,
                "YouTube Studio, Go live, Stream settings: Stream URL", "YouTube Studio, Go live, Stream settings: Stream key",
                // YouTube wants H.264 and AAC with a keyframe every 2 s, up to 1080p.
                new DestinationConstraints(1080, 0, 2, false, false)));
    }

    @Activate
    @Modified
    void activate(PushConfig config) {
        configure(config);
    }
}
