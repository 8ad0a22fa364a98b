package io.lectern.destination.twitch.internal;

import java.util.Set;

import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.destination.push.PushConfig;
import io.lectern.destination.push.PushDestination;
import io.lectern.destination.push.PushPlatform;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/** Twitch destination. Configuration PID io.lectern.destination.twitch ({@link PushConfig}). */
@Component(name = "io.lectern.destination.twitch", service = Destination.class)
public final class TwitchDestination extends PushDestination {

    public TwitchDestination() {
        super(new PushPlatform("twitch", "Twitch", "rtmp://live.twitch.tv/app", Set.of("rtmp", "rtmps"), Set.of("twitch.tv", "live-video.net"), true,
                "Twitch ingest server, e.g. rtmp://live.twitch.tv/app", "Twitch Creator Dashboard, Settings, Stream: Primary Stream key",
                // Twitch takes at most 1080p60 at 6 Mb/s with a keyframe every 2 s.
                new DestinationConstraints(1080, 6_000_000, 2, false, false)));
    }

    @Activate
    @Modified
    void activate(PushConfig config) {
        configure(config);
    }
}
