package io.lectern.codec.ffmpeg.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaKind;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.Plugin;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.plugin.PluginHealth;
import io.lectern.ffmpeg.FFmpeg;

/** AAC-LC with libavcodec's own encoder: no settings beyond the bitrate the pipeline asks for. */
@Component(name = "io.lectern.codec.ffmpeg.aac", property = Plugin.RANK + ":Integer=0")
public class AacEncoder implements Encoder {

    static final String CODEC = "aac";

    private volatile PluginHealth health = PluginHealth.up();

    @Activate
    void activate() {
        health = FFmpeg.health(CODEC, true);
    }

    @Override
    public String id() {
        return "aac";
    }

    @Override
    public String displayName() {
        return "AAC (FFmpeg)";
    }

    @Override
    public PluginHealth health() {
        return health;
    }

    @Override
    public Codec codec() {
        return Codec.AAC;
    }

    @Override
    public EncoderSession open(EncoderConfig config) throws PluginException {
        if (config.kind() != MediaKind.AUDIO) {
            throw new PluginException("the AAC encoder takes audio only", null, true);
        }
        return new AacSession(config);
    }
}
