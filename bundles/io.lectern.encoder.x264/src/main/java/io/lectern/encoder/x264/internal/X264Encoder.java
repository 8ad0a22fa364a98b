package io.lectern.encoder.x264.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaKind;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.Plugin;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.plugin.PluginHealth;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Tune;
import io.lectern.ffmpeg.FFmpeg;
import io.lectern.ffmpeg.H264Session;

/**
 * H.264 in software with libx264. Keyframes come exactly every {@code gopFrames} frames and where a
 * frame asks for one, never at scene cuts, so every rung of a ladder cuts its segments on the same
 * pictures.
 * <p>
 * {@link Tune#SCREEN} keeps x264's default tuning (no x264 tune fits slides: "stillimage" assumes
 * no motion at all) but turns psy-trellis off and deblocks less, which keeps small text crisp
 * instead of ringing or blurring.
 */
@Component(name = "io.lectern.encoder.x264", property = Plugin.RANK + ":Integer=0")
@Designate(ocd = X264Encoder.Config.class)
public class X264Encoder implements Encoder {

    @ObjectClassDefinition(name = "Lectern x264 encoder", description = "Software H.264 encoding of the ladder's rungs.")
    public @interface Config {
        @AttributeDefinition(name = "Threads", description = "Threads per rendition; 0 lets x264 choose from the CPU count.", min = "0")
        int threads() default 0;

        @AttributeDefinition(name = "Extra x264 options", description = "Added last, as x264's own key=value pairs separated by ':' (e.g. aq-mode=3).")
        String x264Params() default "";
    }

    static final String CODEC = "libx264";
    private static final Logger LOG = LoggerFactory.getLogger(X264Encoder.class);
    private static final String SCREEN_PARAMS = "psy-rd=1.0,0.0:deblock=-1,-1";

    private volatile Config config;
    private volatile PluginHealth available = PluginHealth.up();
    private volatile String lastFailure;

    @Activate
    @Modified
    void configure(Config config) {
        this.config = config;
        this.available = FFmpeg.health(CODEC, true);
        this.lastFailure = null;
    }

    @Override
    public String id() {
        return "x264";
    }

    @Override
    public String displayName() {
        return "x264 (software)";
    }

    @Override
    public PluginHealth health() {
        String failure = lastFailure;
        if (!available.isUsable() || failure == null) {
            return available;
        }
        return PluginHealth.degraded("the last encoder failed to open: " + failure);
    }

    @Override
    public Codec codec() {
        return Codec.H264;
    }

    @Override
    public EncoderSession open(EncoderConfig cfg) throws PluginException {
        if (cfg.kind() != MediaKind.VIDEO) {
            throw new PluginException("x264 encodes video only", null, true);
        }
        Config c = config;
        try {
            EncoderSession session = new H264Session(CODEC, cfg, ctx -> {
                ctx.thread_count(c.threads());
                if (cfg.tune() == Tune.ZEROLATENCY) {
                    ctx.max_b_frames(0);
                } else if (cfg.preset() != Preset.ULTRAFAST) {
                    // Two B-frames save bits at little delay; ultrafast keeps its own none.
                    ctx.max_b_frames(2);
                }
            }, options(cfg, c));
            lastFailure = null;
            return session;
        } catch (PluginException | RuntimeException e) {
            lastFailure = e.getMessage();
            LOG.warn("x264 could not open for {}x{} at {} bit/s: {}", cfg.output().width(), cfg.output().height(), cfg.bitrate(), e.getMessage());
            throw e;
        }
    }

    static Map<String, String> options(EncoderConfig cfg, Config c) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("preset", cfg.preset().id());
        if (cfg.tune() == Tune.ZEROLATENCY) {
            o.put("tune", "zerolatency");
        }
        // Main decodes on more old phones; the small rungs lose nothing by it.
        o.put("profile", cfg.output().height() <= 360 ? "main" : "high");
        o.put("forced-idr", "1");
        StringBuilder params = new StringBuilder("scenecut=0");
        if (cfg.tune() == Tune.SCREEN) {
            params.append(':').append(SCREEN_PARAMS);
        }
        if (!c.x264Params().isBlank()) {
            params.append(':').append(c.x264Params().trim());
        }
        o.put("x264-params", params.toString());
        return o;
    }
}
