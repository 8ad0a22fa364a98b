package io.lectern.packager.hls.internal;

import io.lectern.api.plugin.Packager;
import io.lectern.api.plugin.PackagerContext;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.plugin.Plugin;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Serves HLS: a multivariant playlist and one media playlist per rendition, low-latency HLS when the profile has parts. */
@Component(service = Packager.class, configurationPid = HlsPackager.PID, property = Plugin.RANK + ":Integer=100")
@Designate(ocd = HlsPackager.Config.class)
public final class HlsPackager implements Packager {

    static final String PID = "io.lectern.packager.hls";

    @ObjectClassDefinition(name = "Lectern HLS packager", description = "How HLS playlists are served.")
    public @interface Config {

        @AttributeDefinition(name = "Playlist cache time (s)", description = "Cache-Control max-age of live playlists that do not block.")
        int playlistMaxAgeSeconds() default 1;

        @AttributeDefinition(name = "Segments with parts", description = "How many of the newest segments list their low-latency parts.")
        int partSegments() default 3;
    }

    private volatile Config config;

    @Activate
    @Modified
    void activate(Config c) {
        this.config = c;
    }

    @Override
    public String id() {
        return "hls";
    }

    @Override
    public String displayName() {
        return "HLS";
    }

    @Override
    public PackagerSession open(PackagerContext context) {
        Config c = config;
        return new HlsSession(context.renditions(), context.stream().profile(), Math.max(0, c.playlistMaxAgeSeconds()),
                Math.max(1, c.partSegments()));
    }
}
