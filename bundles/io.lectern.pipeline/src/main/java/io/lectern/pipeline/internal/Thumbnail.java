package io.lectern.pipeline.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.Decoder;
import io.lectern.api.plugin.DecoderSession;
import io.lectern.api.plugin.FrameSink;
import io.lectern.api.plugin.PluginException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's thumbnail. While the stream runs, only a reference to the latest keyframe of its
 * smallest video rendition is kept (no work per packet). When someone asks, that keyframe is
 * decoded, scaled to at most {@link #MAX_WIDTH} pixels wide and encoded as a JPEG, which is reused
 * for a few seconds and written to the stream's folder, where it outlives the stream.
 */
final class Thumbnail {

    static final String FILE = "thumbnail.jpg";
    static final int MAX_WIDTH = 320;
    private static final Logger LOG = LoggerFactory.getLogger(Thumbnail.class);

    /** A keyframe with the track that decodes it (its codec configuration). */
    private record Keyframe(Track track, Packet packet) {
    }

    private final String stream;
    private final Path file;
    private volatile Keyframe latest;
    // Guarded by this.
    private Keyframe made;
    private byte[] jpeg;
    private long madeNanos;

    Thumbnail(String stream, Path directory) {
        this.stream = stream;
        this.file = directory.resolve(FILE);
    }

    /** Packets of a video rendition whose {@code track} decodes them; keeps the latest keyframe. */
    Consumer<Packet> tap(Track track) {
        return p -> {
            if (p.isKeyframe()) {
                latest = new Keyframe(track, p);
            }
        };
    }

    /**
     * The JPEG: the one made last if it is younger than {@code maxAgeMillis} or no newer keyframe
     * came, else one made now from the latest keyframe; without any keyframe, the file kept.
     */
    synchronized Optional<byte[]> jpeg(Plugins plugins, long maxAgeMillis) {
        Keyframe k = latest;
        boolean fresh = System.nanoTime() - madeNanos < TimeUnit.MILLISECONDS.toNanos(maxAgeMillis);
        if (k == null || k == made || jpeg != null && fresh) {
            return jpeg != null ? Optional.of(jpeg) : stored(file);
        }
        made = k;
        madeNanos = System.nanoTime();
        try {
            jpeg = render(k.track(), k.packet(), plugins);
            write(file, jpeg);
        } catch (PluginException | IOException | RuntimeException e) {
            // Tried once per keyframe: a picture that cannot be decoded is not retried on every request.
            LOG.warn("stream {}: cannot make a thumbnail: {}", stream, e.toString());
        }
        return jpeg != null ? Optional.of(jpeg) : stored(file);
    }

    /** The stream stops: make sure its latest picture is on disk. */
    void keep(Plugins plugins) {
        jpeg(plugins, 0);
    }

    /** The thumbnail kept in a stream's folder, if it has one. */
    static Optional<byte[]> stored(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private static void write(Path file, byte[] jpeg) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + FILE + ".tmp");
        Files.write(tmp, jpeg);
        // Readers see the old picture or the new one, never half of one.
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Decodes one keyframe with the best decoder for its track and encodes it as a small JPEG. */
    static byte[] render(Track track, Packet keyframe, Plugins plugins) throws PluginException, IOException {
        PluginEntry entry = plugins.decoderFor(track)
                .orElseThrow(() -> new PluginException("no decoder is installed for " + track.codec()));
        BufferedImage[] image = new BufferedImage[1];
        FrameSink sink = f -> {
            if (image[0] == null && f instanceof VideoFrame v) {
                image[0] = scale(v, MAX_WIDTH);
            }
        };
        try (DecoderSession session = ((Decoder) entry.plugin()).open(track, PixelFormat.YUV420P)) {
            session.decode(keyframe, sink);
            session.flush(sink);
        }
        if (image[0] == null) {
            throw new PluginException("the keyframe decoded to no picture");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        if (!ImageIO.write(image[0], "jpg", out)) {
            throw new IOException("no JPEG writer");
        }
        return out.toByteArray();
    }

    /**
     * Scales a YUV 4:2:0 picture (planar or NV12) down to at most {@code maxWidth} pixels wide,
     * averaging the luma of each output pixel's box so text stays readable, and converts it to RGB
     * (BT.601, limited range).
     */
    static BufferedImage scale(VideoFrame v, int maxWidth) {
        PixelFormat format = v.format().pixelFormat();
        if (format != PixelFormat.YUV420P && format != PixelFormat.NV12) {
            throw new IllegalArgumentException("thumbnails need YUV 4:2:0 pictures, not " + format);
        }
        boolean nv12 = format == PixelFormat.NV12;
        int w = v.width();
        int h = v.height();
        int ow = Math.min(maxWidth, w);
        int oh = Math.max(1, (int) Math.round(h * (double) ow / w));
        BufferedImage img = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        ByteBuffer luma = v.plane(0);
        ByteBuffer cb = v.plane(1);
        ByteBuffer cr = nv12 ? cb : v.plane(2);
        int ys = v.stride(0);
        int cs = v.stride(1);
        for (int oy = 0; oy < oh; oy++) {
            int y0 = (int) ((long) oy * h / oh);
            int y1 = Math.max(y0 + 1, (int) ((long) (oy + 1) * h / oh));
            int cy = (y0 + y1) / 4;
            for (int ox = 0; ox < ow; ox++) {
                int x0 = (int) ((long) ox * w / ow);
                int x1 = Math.max(x0 + 1, (int) ((long) (ox + 1) * w / ow));
                int sum = 0;
                for (int y = y0; y < y1; y++) {
                    int row = y * ys;
                    for (int x = x0; x < x1; x++) {
                        sum += luma.get(row + x) & 0xff;
                    }
                }
                int yy = sum / ((y1 - y0) * (x1 - x0));
                int cx = (x0 + x1) / 4;
                int u = nv12 ? cb.get(cy * cs + 2 * cx) & 0xff : cb.get(cy * cs + cx) & 0xff;
                int vv = nv12 ? cr.get(cy * cs + 2 * cx + 1) & 0xff : cr.get(cy * cs + cx) & 0xff;
                rgb[oy * ow + ox] = rgb(yy, u, vv);
            }
        }
        return img;
    }

    private static int rgb(int y, int u, int v) {
        int c = 298 * (y - 16);
        int d = u - 128;
        int e = v - 128;
        int r = clamp((c + 409 * e + 128) >> 8);
        int g = clamp((c - 100 * d - 208 * e + 128) >> 8);
        int b = clamp((c + 516 * d + 128) >> 8);
        return r << 16 | g << 8 | b;
    }

    private static int clamp(int x) {
        return x < 0 ? 0 : Math.min(255, x);
    }
}
