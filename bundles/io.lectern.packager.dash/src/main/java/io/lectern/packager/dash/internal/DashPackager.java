package io.lectern.packager.dash.internal;

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

/** Serves MPEG-DASH: one live MPD per stream listing the shared CMAF segments. */
@Component(service = Packager.class, configurationPid = DashPackager.PID, property = Plugin.RANK + ":Integer=100")
@Designate(ocd = DashPackager.Config.class)
public final class DashPackager implements Packager {

    static final String PID = "io.lectern.packager.dash";

    @ObjectClassDefinition(name = "Lectern DASH packager", description = "How DASH manifests are served.")
    public @interface Config {

        @AttributeDefinition(name = "Time source", description = "URL players read the server's clock from (UTCTiming, http-iso).")
        String utcTimingUrl() default "/api/v1/time";

        @AttributeDefinition(name = "Manifest cache time (s)", description = "Cache-Control max-age of the live MPD.")
        int manifestMaxAgeSeconds() default 1;
    }

    private volatile Config config;

    @Activate
    @Modified
    void activate(Config c) {
        this.config = c;
    }

    @Override
    public String id() {
        return "dash";
    }

    @Override
    public String displayName() {
        return "DASH";
    }

    @Override
    public PackagerSession open(PackagerContext context) {
        Config c = config;
        return new DashSession(context.renditions(), context.stream().profile(), c.utcTimingUrl(), Math.max(0, c.manifestMaxAgeSeconds()));
    }
}
