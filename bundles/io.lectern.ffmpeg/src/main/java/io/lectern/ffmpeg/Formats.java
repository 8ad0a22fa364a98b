package io.lectern.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV12;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.SampleFormat;

/** Lectern's pixel and sample formats as libavutil numbers, and back. */
public final class Formats {

    private Formats() {
    }

    /** The {@code AV_PIX_FMT_*} value, or {@code AV_PIX_FMT_NONE} for {@link PixelFormat#UNKNOWN}. */
    public static int av(PixelFormat f) {
        return switch (f) {
            case YUV420P -> AV_PIX_FMT_YUV420P;
            case NV12 -> AV_PIX_FMT_NV12;
            case BGRA -> AV_PIX_FMT_BGRA;
            case UNKNOWN -> AV_PIX_FMT_NONE;
        };
    }

    /** The Lectern format of an {@code AV_PIX_FMT_*} value; full-range YUV 4:2:0 has the same layout as YUV420P. */
    public static PixelFormat pixel(int av) {
        if (av == AV_PIX_FMT_YUV420P || av == AV_PIX_FMT_YUVJ420P) {
            return PixelFormat.YUV420P;
        }
        if (av == AV_PIX_FMT_NV12) {
            return PixelFormat.NV12;
        }
        return av == AV_PIX_FMT_BGRA ? PixelFormat.BGRA : PixelFormat.UNKNOWN;
    }

    /** The {@code AV_SAMPLE_FMT_*} value, or {@code AV_SAMPLE_FMT_NONE} for {@link SampleFormat#UNKNOWN}. */
    public static int av(SampleFormat f) {
        return switch (f) {
            case S16 -> AV_SAMPLE_FMT_S16;
            case FLTP -> AV_SAMPLE_FMT_FLTP;
            case FLT -> AV_SAMPLE_FMT_FLT;
            case UNKNOWN -> AV_SAMPLE_FMT_NONE;
        };
    }

    public static SampleFormat sample(int av) {
        if (av == AV_SAMPLE_FMT_FLTP) {
            return SampleFormat.FLTP;
        }
        if (av == AV_SAMPLE_FMT_FLT) {
            return SampleFormat.FLT;
        }
        return av == AV_SAMPLE_FMT_S16 ? SampleFormat.S16 : SampleFormat.UNKNOWN;
    }

    /** Rows of plane {@code plane} of a picture {@code height} rows high. */
    public static int planeRows(PixelFormat f, int plane, int height) {
        return plane > 0 && (f == PixelFormat.YUV420P || f == PixelFormat.NV12) ? (height + 1) / 2 : height;
    }
}
