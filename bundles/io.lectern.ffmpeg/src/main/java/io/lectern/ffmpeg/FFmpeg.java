package io.lectern.ffmpeg;

import java.nio.charset.StandardCharsets;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

import io.lectern.api.media.TimeBase;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.plugin.PluginHealth;

/**
 * Loading the FFmpeg natives and turning libav error codes into words.
 * <p>
 * JavaCPP extracts the natives to {@code ~/.javacpp/cache} unless the system property
 * {@code org.bytedeco.javacpp.cachedir} names another folder.
 */
public final class FFmpeg {

    /** System property of JavaCPP that moves the native cache. */
    public static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";

    private FFmpeg() {
    }

    /**
     * Loads libavcodec, libswscale and libswresample (with libavutil) once.
     *
     * @return libavcodec's version, e.g. {@code 61.19.101}
     * @throws PluginException when the natives do not load on this machine
     */
    public static String load() throws PluginException {
        try {
            Loader.load(avutil.class);
            Loader.load(avcodec.class);
            Loader.load(swscale.class);
            Loader.load(swresample.class);
            if (avutil.av_log_get_level() == avutil.AV_LOG_INFO) {
                // libav logs to stderr, outside SLF4J: keep that to real errors unless someone chose otherwise.
                avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            }
        } catch (LinkageError | RuntimeException e) {
            throw new PluginException("the FFmpeg natives do not load here: " + e.getMessage(), e, true);
        }
        int v = avcodec.avcodec_version();
        return (v >> 16) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }

    /** Whether the natives load and libavcodec has an encoder (or decoder) of that name. */
    public static PluginHealth health(String codecName, boolean encoder) {
        try {
            load();
        } catch (PluginException e) {
            return PluginHealth.down(e.getMessage());
        }
        AVCodec codec = encoder ? avcodec.avcodec_find_encoder_by_name(codecName) : avcodec.avcodec_find_decoder_by_name(codecName);
        if (codec == null || codec.isNull()) {
            return PluginHealth.down("this FFmpeg build has no " + (encoder ? "encoder" : "decoder") + " named " + codecName);
        }
        return PluginHealth.up();
    }

    /** The message libavutil gives for an error code, e.g. "Invalid argument". */
    public static String error(int code) {
        try (BytePointer buf = new BytePointer(avutil.AV_ERROR_MAX_STRING_SIZE)) {
            if (avutil.av_strerror(code, buf, buf.capacity()) < 0) {
                return "error " + code;
            }
            byte[] b = new byte[(int) buf.capacity()];
            buf.get(b);
            int len = 0;
            while (len < b.length && b[len] != 0) {
                len++;
            }
            return new String(b, 0, len, StandardCharsets.UTF_8);
        }
    }

    /**
     * Returns {@code ret} when it is not an error, otherwise throws.
     *
     * @param what what was tried, in words, e.g. "opening libx264"
     */
    public static int check(int ret, String what) throws PluginException {
        if (ret < 0) {
            throw new PluginException(what + " failed: " + error(ret));
        }
        return ret;
    }

    /** Writes {@code tb} into a libav rational in place (no new native allocation). */
    public static void set(AVRational target, TimeBase tb) {
        target.num(tb.num()).den(tb.den());
    }
}
