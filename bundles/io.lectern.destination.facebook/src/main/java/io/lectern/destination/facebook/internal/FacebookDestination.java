package io.lectern.destination.facebook.internal;

import java.util.Set;

import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.destination.push.PushConfig;
import io.lectern.destination.push.PushDestination;
import io.lectern.destination.push.PushPlatform;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/** Facebook Live destination. Configuration PID io.lectern.destination.facebook ({@link PushConfig}). */
@Component(name = "io.lectern.destination.facebook", service = Destination.class)
public final class FacebookDestination extends PushDestination {

    public FacebookDestination() {
        super(new PushPlatform("facebook", "Facebook Live", "rtmps://live-api-s.facebook.com:443/rtmp/", Set.of("rtmps"), Set.of("facebook.com"), true,
                "Facebook Live Producer, Streaming software: Server URL (RTMPS only)", "Facebook Live Producer, Streaming software: Stream key",
                // Facebook takes RTMPS only, up to 1080p, keyframe every 2 s, and wants audio.
                new DestinationConstraints(1080, 0, 2, true, false)));
    }

    @Activate
    @Modified
    void activate(PushConfig config) {
        configure(config);
    }
}
