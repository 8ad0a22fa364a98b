package io.lectern.destination.instagram.internal;

import java.util.Set;

import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.destination.push.PushConfig;
import io.lectern.destination.push.PushDestination;
import io.lectern.destination.push.PushPlatform;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/** Instagram Live destination. Configuration PID io.lectern.destination.instagram ({@link PushConfig}). */
@Component(name = "io.lectern.destination.instagram", service = Destination.class)
public final class InstagramDestination extends PushDestination {

    public InstagramDestination() {
        super(new PushPlatform("instagram", "Instagram Live", "rtmps://edgetee-upload-*.facebook.com:443/rtmp/", Set.of("rtmps"),
                Set.of("facebook.com", "fbcdn.net", "instagram.com"), true,
                "Instagram Live Producer gives each broadcast its own server: paste its Server URL", "Instagram Live Producer: Stream key",
                // Instagram shows 9:16 only: 720x1280, keyframe every 2 s, with audio.
                new DestinationConstraints(1280, 0, 2, true, true)));
    }

    @Activate
    @Modified
    void activate(PushConfig config) {
        configure(config);
    }
}
