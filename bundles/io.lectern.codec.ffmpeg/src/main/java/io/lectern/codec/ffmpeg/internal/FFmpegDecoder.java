package io.lectern.codec.ffmpeg.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;

import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.lectern.api.media.Codec;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.Track;
import io.lectern.api.plugin.Decoder;
import io.lectern.api.plugin.DecoderSession;
import io.lectern.api.plugin.Plugin;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.plugin.PluginHealth;
import io.lectern.ffmpeg.FFmpeg;

/** Decodes every compressed codec Lectern names with libavcodec's decoder for it. */
@Component(name = "io.lectern.codec.ffmpeg.decoder", property = Plugin.RANK + ":Integer=0")
@Designate(ocd = FFmpegDecoder.Config.class)
public class FFmpegDecoder implements Decoder {

    @ObjectClassDefinition(name = "Lectern FFmpeg decoder", description = "Decodes ingest tracks once per stream for the encoders.")
    public @interface Config {
        @AttributeDefinition(name = "Threads", description = "Decoder threads per track; 0 lets libavcodec choose from the CPU count.", min = "0")
        int threads() default 0;
    }

    static final Map<Codec, Integer> CODEC_IDS = Map.of(
            Codec.H264, AV_CODEC_ID_H264,
            Codec.HEVC, AV_CODEC_ID_HEVC,
            Codec.AV1, AV_CODEC_ID_AV1,
            Codec.VP8, AV_CODEC_ID_VP8,
            Codec.VP9, AV_CODEC_ID_VP9,
            Codec.AAC, AV_CODEC_ID_AAC,
            Codec.OPUS, AV_CODEC_ID_OPUS,
            Codec.MP3, AV_CODEC_ID_MP3);

    private volatile int threads;
    private volatile PluginHealth health = PluginHealth.up();

    @Activate
    @Modified
    void configure(Config config) {
        threads = config.threads();
        try {
            FFmpeg.load();
            health = PluginHealth.up();
        } catch (PluginException e) {
            health = PluginHealth.down(e.getMessage());
        }
    }

    @Override
    public String id() {
        return "ffmpeg";
    }

    @Override
    public String displayName() {
        return "FFmpeg decoder";
    }

    @Override
    public PluginHealth health() {
        return health;
    }

    @Override
    public boolean supports(Track track) {
        Integer id = CODEC_IDS.get(track.codec());
        if (id == null || !health.isUsable()) {
            return false;
        }
        AVCodec codec = avcodec.avcodec_find_decoder(id);
        return codec != null && !codec.isNull();
    }

    @Override
    public DecoderSession open(Track track, PixelFormat preferred) throws PluginException {
        Integer id = CODEC_IDS.get(track.codec());
        if (id == null) {
            throw new PluginException("FFmpeg does not decode " + track.codec(), null, true);
        }
        FFmpeg.load();
        return new FFmpegDecoderSession(track, id, preferred, threads);
    }
}
