package io.lectern.destination.custom.internal;

import java.util.Set;

import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.destination.push.PushConfig;
import io.lectern.destination.push.PushDestination;
import io.lectern.destination.push.PushPlatform;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/** Custom destination. Configuration PID io.lectern.destination.custom ({@link PushConfig}). */
@Component(name = "io.lectern.destination.custom", service = Destination.class)
public final class CustomDestination extends PushDestination {

    public CustomDestination() {
        super(new PushPlatform("custom", "Custom RTMP, RTMPS or SRT server", "", Set.of("rtmp", "rtmps", "srt"), Set.of(), false,
                "rtmp://server/app, rtmps://server:443/app or srt://server:port", "optional: added to the RTMP URL, or sent as the SRT streamid",
                DestinationConstraints.NONE));
    }

    @Activate
    @Modified
    void activate(PushConfig config) {
        configure(config);
    }
}
