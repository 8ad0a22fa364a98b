package io.lectern.ingest.testpattern.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.lectern.api.plugin.IngestContext;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.IngestSession;
import io.lectern.api.plugin.Plugin;
import io.lectern.api.plugin.PluginException;

/**
 * A source that needs no publisher: colour bars with a moving box, the time each picture was made and its number,
 * and a sine tone, as raw frames at real-time pace. A stream's settings {@code width},
 * {@code height} and {@code fps} override the configured defaults.
 */
@Component(name = "io.lectern.ingest.testpattern", property = Plugin.RANK + ":Integer=0")
@Designate(ocd = TestPattern.Config.class)
public class TestPattern implements IngestProtocol {

    @ObjectClassDefinition(name = "Lectern test pattern", description = "Defaults for streams whose ingest is the test pattern.")
    public @interface Config {
        @AttributeDefinition(name = "Width", description = "Picture width in pixels (even).", min = "16", max = "7680")
        int width() default 1280;

        @AttributeDefinition(name = "Height", description = "Picture height in pixels (even).", min = "16", max = "4320")
        int height() default 720;

        @AttributeDefinition(name = "Frame rate", description = "Frames per second.", min = "1", max = "120")
        int fps() default 30;

        @AttributeDefinition(name = "Tone", description = "Frequency of the sine tone in Hz.", min = "20", max = "20000")
        int toneHz() default 440;
    }

    private volatile Config config;

    @Activate
    @Modified
    void configure(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "testpattern";
    }

    @Override
    public String displayName() {
        return "Test pattern";
    }

    @Override
    public Mode mode() {
        return Mode.SOURCE;
    }

    @Override
    public IngestSession open(IngestContext context) throws PluginException {
        Config c = config;
        Map<String, String> s = context.stream().settings();
        int width = setting(s, "width", c.width(), 16, 7680);
        int height = setting(s, "height", c.height(), 16, 4320);
        int fps = setting(s, "fps", c.fps(), 1, 120);
        if (width % 2 != 0 || height % 2 != 0) {
            throw new PluginException("the test pattern needs an even width and height, not " + width + "x" + height, null, true);
        }
        return new PatternSource(context.stream().name(), width, height, fps, c.toneHz(), context.sink());
    }

    private static int setting(Map<String, String> settings, String key, int fallback, int min, int max) throws PluginException {
        String v = settings.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PluginException("test pattern setting " + key + " must be a number from " + min + " to " + max + ", not '" + v + "'", null, true);
    }
}
