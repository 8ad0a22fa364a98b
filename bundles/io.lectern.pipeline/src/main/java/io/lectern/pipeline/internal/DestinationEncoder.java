package io.lectern.pipeline.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

import io.lectern.api.media.Frame;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.stream.DestinationEncode;
import io.lectern.api.stream.DestinationEncode.Mode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A destination's own video encode, for a platform the chosen rendition does not fit (too tall,
 * too high a bitrate, keyframes too far apart, landscape where 9:16 is wanted) or when the
 * destination asks for one. It takes the stream's decoded frames, so the source is still decoded
 * once, crops them where a vertical picture is wanted (without copying: the planes are narrowed),
 * and encodes on its own thread behind a bounded queue, so it never holds up the ladder.
 */
final class DestinationEncoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationEncoder.class);
    /** Height of a vertical picture when neither the platform nor the destination says: 720x1280. */
    static final int VERTICAL_HEIGHT = 1280;

    /**
     * What to encode: a crop of the source picture, scaled to {@code width} x {@code height}.
     *
     * @param reason why, in plain words, for the log
     */
    record Plan(int cropX, int cropY, int cropWidth, int cropHeight, int width, int height, long bitrate, double gopSeconds,
                String reason) {
    }

    private final EncoderSession session;
    private final Worker<Frame> worker;
    private final Plan plan;
    private volatile Consumer<Packet> sink = p -> { };

    /**
     * The plan for one destination, or null when the chosen rendition fits (or the destination
     * said {@code encode: never}).
     *
     * @param source           the source picture, as decoded
     * @param chosen           the track the destination would get otherwise
     * @param chosenGopSeconds keyframe interval of {@code chosen}, 0 when unknown (the publisher's)
     */
    static Plan plan(DestinationEncode request, DestinationConstraints limits, VideoFormat source, Track chosen, double chosenGopSeconds,
                     LatencyProfile profile) {
        VideoFormat c = chosen.video();
        List<String> problems = limits.problems(c.width(), c.height(), chosen.bitrate(), chosenGopSeconds);
        if (request.mode() == Mode.NEVER || !request.explicit() && problems.isEmpty()) {
            return null;
        }
        boolean vertical = request.vertical() || limits.vertical();
        int cropW = source.width();
        int cropH = source.height();
        if (vertical && (long) cropW * 16 > (long) cropH * 9) {
            cropW = cropH * 9 / 16 & ~1; // wider than 9:16: cut the sides
        } else if (vertical && (long) cropW * 16 < (long) cropH * 9) {
            cropH = cropW * 16 / 9 & ~1;
        }
        int height;
        if (request.height() > 0) {
            height = request.height();
        } else if (vertical) {
            height = limits.maxHeight() > 0 ? Math.min(VERTICAL_HEIGHT, limits.maxHeight()) : VERTICAL_HEIGHT;
        } else {
            height = limits.maxHeight() > 0 ? Math.min(c.height(), limits.maxHeight()) : c.height();
        }
        height = even(height);
        // Exactly 9:16 for a vertical picture; the crop is as near as whole pixel pairs allow.
        int width = even(height * (vertical ? 9.0 / 16 : cropW / (double) cropH));
        double fps = source.fps() > 0 ? source.fps() : 30;
        // About 0.1 bit per pixel, as for a source rung, unless the destination names its bitrate.
        long bitrate = request.videoBitrate() > 0 ? request.videoBitrate() : Math.max(300_000, (long) (width * (long) height * fps * 0.1));
        if (limits.maxVideoBitrate() > 0) {
            bitrate = Math.min(bitrate, limits.maxVideoBitrate());
        }
        double gop = limits.keyframeSeconds() > 0 ? Math.min(limits.keyframeSeconds(), profile.gopSeconds()) : profile.gopSeconds();
        String reason = problems.isEmpty() ? "the destination asks for it" : String.join("; ", problems);
        return new Plan((source.width() - cropW) / 2 & ~1, (source.height() - cropH) / 2 & ~1, cropW, cropH, width, height, bitrate,
                gop, reason);
    }

    /**
     * Opens the encoder.
     *
     * @param source    the format of the frames it will be given
     * @param timeBase  their time base
     */
    DestinationEncoder(String name, Plan plan, Encoder encoder, VideoFormat source, TimeBase timeBase, LatencyProfile profile,
                       int capacity) throws PluginException {
        boolean cropping = plan.cropWidth() != source.width() || plan.cropHeight() != source.height();
        if (cropping && source.pixelFormat() != PixelFormat.YUV420P) {
            throw new PluginException("cannot crop " + source.pixelFormat() + " pictures for a vertical picture");
        }
        this.plan = plan;
        double fps = source.fps() > 0 ? source.fps() : 30;
        VideoFormat in = new VideoFormat(plan.cropWidth(), plan.cropHeight(), source.frameRate(), PixelFormat.YUV420P);
        VideoFormat out = new VideoFormat(plan.width(), plan.height(), source.frameRate(), PixelFormat.YUV420P);
        this.session = encoder.open(EncoderConfig.video(in, out, timeBase, plan.bitrate(),
                Math.max(1, (int) Math.round(plan.gopSeconds() * fps)), profile.preset(), profile.tune()));
        this.worker = new Worker<>(name, capacity, this::encode, Frame::release);
    }

    Track track() {
        return session.track();
    }

    Plan plan() {
        return plan;
    }

    /** Where the encoded packets go. */
    void sink(Consumer<Packet> sink) {
        this.sink = sink;
    }

    /** A decoded frame (valid during the call only); never blocks. */
    void offer(Frame f) {
        if (f instanceof VideoFrame v) {
            worker.offer(crop(v, plan.cropX(), plan.cropY(), plan.cropWidth(), plan.cropHeight()));
        }
    }

    private void encode(Frame f) {
        try {
            session.encode(f, p -> sink.accept(p));
        } catch (PluginException e) {
            LOG.warn("destination encode {}x{}: {}", plan.width(), plan.height(), e.getMessage());
        } finally {
            f.release();
        }
    }

    /**
     * A retained view of part of a YUV 4:2:0 picture: each plane starts at the corner of the crop and
     * keeps its stride, so nothing is copied. Releasing the view releases the frame.
     */
    static VideoFrame crop(VideoFrame v, int x, int y, int width, int height) {
        v.retain();
        if (x == 0 && y == 0 && width == v.width() && height == v.height()) {
            return v;
        }
        ByteBuffer[] planes = new ByteBuffer[v.planeCount()];
        int[] strides = new int[planes.length];
        for (int i = 0; i < planes.length; i++) {
            int shift = i == 0 ? 0 : 1; // chroma planes have half the rows and columns
            ByteBuffer p = v.plane(i);
            strides[i] = v.stride(i);
            p.position(p.position() + (y >> shift) * strides[i] + (x >> shift));
            planes[i] = p.slice();
        }
        VideoFormat f = v.format();
        return new VideoFrame(new VideoFormat(width, height, f.frameRate(), f.pixelFormat()), v.pts(), v.timeBase(), planes, strides,
                v.forceKeyframe(), v::release);
    }

    /** The nearest even size: H.264 in 4:2:0 wants whole pixel pairs. */
    private static int even(double n) {
        return Math.max(2, 2 * (int) Math.round(n / 2));
    }

    @Override
    public void close() {
        worker.close();
        session.close();
    }
}
