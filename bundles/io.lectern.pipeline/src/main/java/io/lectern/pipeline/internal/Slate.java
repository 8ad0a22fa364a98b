package io.lectern.pipeline.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.AudioFrame;
import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.SampleFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.DestinationState.Phase;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Tune;
import io.lectern.api.stream.StreamDefinition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a stream's destinations while its publisher is away: each keeps its connection and gets a
 * still picture and silence, with timestamps running on from the last real packet. Per destination,
 * one group of pictures (keyframe first, at the destination's picture size, frame rate and keyframe
 * interval) and one frame of AAC silence are encoded when the slate starts and then sent again and
 * again with new timestamps, so the slate costs CPU only at its start and nothing once it ends. After
 * the time limit the destinations disconnect until the publisher comes back.
 */
final class Slate implements AutoCloseable {

    static final String WORDS = "We'll be right back";
    private static final Logger LOG = LoggerFactory.getLogger(Slate.class);
    private static final int AAC_SAMPLES = 1024;
    private static final long SLATE_BITRATE = 1_000_000;

    private final StreamDefinition def;
    private final Plugins plugins;
    private final Path image;
    private final ScheduledExecutorService timer;
    private final List<Feed> feeds = new CopyOnWriteArrayList<>();

    /**
     * Starts holding {@code outputs} on a thread of its own, for at most {@code limitMillis}.
     *
     * @param image a PNG or JPEG to show, or {@code null} for a plain card with {@link #WORDS}
     */
    Slate(StreamDefinition def, List<DestinationOutput> outputs, Plugins plugins, Path image, long limitMillis) {
        this.def = def;
        this.plugins = plugins;
        this.image = image;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lectern-slate-" + def.name());
            t.setDaemon(true);
            return t;
        });
        // The tutorial destination records Lectern's own copy: a gap there is better than a slate.
        List<DestinationOutput> held = outputs.stream()
                .filter(o -> o.state().phase() != Phase.FAILED && !StreamDefinition.TUTORIAL.equals(o.platform())).toList();
        timer.execute(() -> held.forEach(this::hold));
        timer.schedule(this::expire, limitMillis, TimeUnit.MILLISECONDS);
    }

    private void hold(DestinationOutput out) {
        try {
            feeds.add(new Feed(out));
        } catch (PluginException | IOException | RuntimeException e) {
            LOG.warn("stream {} destination {}: no slate: {}", def.name(), out.id(), e.toString());
            out.release(Long.MIN_VALUE);
        }
    }

    /** The time is up: the destinations disconnect and wait for the publisher. */
    private void expire() {
        LOG.info("stream {}: the publisher stayed away; destinations disconnect until it is back", def.name());
        feeds.forEach(f -> f.out.suspend());
        timer.shutdown();
    }

    /** The publisher is back: the real media continues on the same connections, after the slate. */
    void resume() {
        stop();
        feeds.forEach(f -> f.out.release(f.nextMicros()));
    }

    private void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stream stops or is rebuilt: its destinations close with it. */
    @Override
    public void close() {
        stop();
    }

    /** One destination's slate: a group of pictures and a frame of silence, sent in real time. */
    private final class Feed {
        private final DestinationOutput out;
        private final long startMicros;
        private final List<Packet> pictures = new ArrayList<>();
        private Track video;
        private TimeBase rate;
        private Packet silence;
        private Track audio;
        private volatile long frames;
        private volatile long chunks;

        Feed(DestinationOutput out) throws PluginException, IOException {
            this.out = out;
            long end = out.hold();
            this.startMicros = end == Long.MIN_VALUE ? 0 : end;
            for (Track t : out.tracks()) {
                if (t.kind() == MediaKind.VIDEO && t.codec() == Codec.H264) {
                    video = t;
                    encodePictures(t);
                } else if (t.kind() == MediaKind.AUDIO && t.codec() == Codec.AAC) {
                    audio = t;
                    encodeSilence(t);
                }
            }
            if (video != null) {
                long period = Math.round(1e9 * rate.den() / rate.num());
                timer.scheduleAtFixedRate(this::sendPicture, 0, period, TimeUnit.NANOSECONDS);
            }
            if (audio != null) {
                long period = Math.round(1e9 * AAC_SAMPLES / audio.audio().sampleRate());
                timer.scheduleAtFixedRate(this::sendSilence, 0, period, TimeUnit.NANOSECONDS);
            }
            LOG.info("stream {} destination {}: publisher away, sending the slate", def.name(), out.id());
        }

        private void encodePictures(Track t) throws PluginException, IOException {
            double fps = t.video().fps() > 0 ? t.video().fps() : 30;
            rate = t.video().frameRate() != null && t.video().fps() > 0 ? t.video().frameRate() : TimeBase.of(30, 1);
            double keySeconds = out.keyframeSeconds() > 0 ? out.keyframeSeconds() : def.profile().gopSeconds();
            int gop = Math.max(2, (int) Math.round(keySeconds * fps));
            VideoFormat format = new VideoFormat(t.video().width(), t.video().height(), rate, PixelFormat.YUV420P);
            PluginEntry entry = plugins.encoderFor(Codec.H264, def.encoders())
                    .orElseThrow(() -> new PluginException("no H.264 encoder is installed"));
            long bitrate = t.bitrate() > 0 ? Math.min(t.bitrate(), SLATE_BITRATE) : SLATE_BITRATE;
            EncoderSession session = ((Encoder) entry.plugin()).open(EncoderConfig.video(format, format, t.timeBase(), bitrate, gop,
                    Preset.VERYFAST, Tune.ZEROLATENCY));
            try {
                ByteBuffer[] planes = yuv(picture(t.video().width(), t.video().height()));
                int w = t.video().width();
                int[] strides = {w, (w + 1) / 2, (w + 1) / 2};
                for (int i = 0; i < gop; i++) {
                    long pts = TimeBase.MICROS.rescale(micros(i), t.timeBase());
                    session.encode(new VideoFrame(format, pts, t.timeBase(), planes, strides, i == 0, null), pictures::add);
                }
                session.flush(pictures::add);
                ByteBuffer sets = parameterSets(session.track().codecConfig());
                if (pictures.isEmpty() || !pictures.get(0).isKeyframe()) {
                    throw new PluginException("the encoder made no keyframe for the slate");
                }
                // The slate's SPS and PPS differ from the stream's: they travel in band, before each keyframe.
                for (int i = 0; i < pictures.size(); i++) {
                    Packet p = pictures.get(i);
                    pictures.set(i, p.isKeyframe() ? withParameterSets(p, sets) : p);
                }
            } finally {
                session.close();
            }
        }

        private void encodeSilence(Track t) throws PluginException {
            PluginEntry entry = plugins.encoderFor(Codec.AAC, List.of())
                    .orElseThrow(() -> new PluginException("no AAC encoder is installed"));
            AudioFormat format = new AudioFormat(t.audio().sampleRate(), t.audio().channels(), SampleFormat.FLTP);
            TimeBase samples = TimeBase.of(1, t.audio().sampleRate());
            List<Packet> out = new ArrayList<>();
            EncoderSession session = ((Encoder) entry.plugin()).open(EncoderConfig.audio(format, samples, 128_000));
            try {
                ByteBuffer zeros = ByteBuffer.allocateDirect(AAC_SAMPLES * 4);
                ByteBuffer[] planes = new ByteBuffer[t.audio().channels()];
                for (int c = 0; c < planes.length; c++) {
                    planes[c] = zeros.duplicate();
                }
                // A few frames past the encoder's start-up delay: the last one is plain steady silence.
                for (int i = 0; i < 4; i++) {
                    session.encode(new AudioFrame(format, (long) i * AAC_SAMPLES, samples, AAC_SAMPLES, planes, null), out::add);
                }
            } finally {
                session.close();
            }
            if (out.isEmpty()) {
                throw new PluginException("the AAC encoder made no packet of silence");
            }
            silence = out.get(out.size() - 1);
        }

        private long micros(long frame) {
            return frame * 1_000_000L * rate.den() / rate.num();
        }

        private void sendPicture() {
            long n = frames;
            Packet p = pictures.get((int) (n % pictures.size()));
            long t = TimeBase.MICROS.rescale(startMicros + micros(n), video.timeBase());
            long duration = TimeBase.MICROS.rescale(micros(n + 1) - micros(n), video.timeBase());
            out.offerSlate(new Packet(video.id(), t, t, duration, video.timeBase(), p.flags() & Packet.KEYFRAME, p.payload()));
            frames = n + 1;
        }

        private void sendSilence() {
            long n = chunks;
            int rate = audio.audio().sampleRate();
            long t = TimeBase.MICROS.rescale(startMicros + n * AAC_SAMPLES * 1_000_000L / rate, audio.timeBase());
            long duration = TimeBase.MICROS.rescale((long) AAC_SAMPLES * 1_000_000L / rate, audio.timeBase());
            out.offerSlate(new Packet(audio.id(), t, t, duration, audio.timeBase(), Packet.KEYFRAME, silence.payload()));
            chunks = n + 1;
        }

        /** Where the real media may continue: after the last picture and the last silence sent. */
        long nextMicros() {
            long videoEnd = video == null ? startMicros : startMicros + micros(frames);
            long audioEnd = audio == null ? startMicros : startMicros + chunks * AAC_SAMPLES * 1_000_000L / audio.audio().sampleRate();
            // A millisecond more, so rounding into the tracks' time bases never puts it before the slate's end.
            return Math.max(videoEnd, audioEnd) + 1000;
        }
    }

    /** The configured image scaled into the picture, or a plain card with {@link #WORDS}. */
    private BufferedImage picture(int w, int h) throws IOException {
        BufferedImage card = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = card.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0x1c2541));
            g.fillRect(0, 0, w, h);
            BufferedImage chosen = image == null ? null : ImageIO.read(image.toFile());
            if (image != null && chosen == null) {
                throw new IOException(image + " is not a PNG or JPEG picture");
            }
            if (chosen != null) {
                double scale = Math.min(w / (double) chosen.getWidth(), h / (double) chosen.getHeight());
                int sw = (int) Math.round(chosen.getWidth() * scale);
                int sh = (int) Math.round(chosen.getHeight() * scale);
                g.drawImage(chosen, (w - sw) / 2, (h - sh) / 2, sw, sh, null);
            } else {
                words(g, w, h);
            }
        } finally {
            g.dispose();
        }
        return card;
    }

    private void words(Graphics2D g, int w, int h) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, h / 10)));
            FontMetrics m = g.getFontMetrics();
            int width = m.stringWidth(WORDS);
            if (width > w * 0.9) {
                g.setFont(g.getFont().deriveFont((float) (g.getFont().getSize2D() * w * 0.9 / width)));
                m = g.getFontMetrics();
                width = m.stringWidth(WORDS);
            }
            g.setColor(Color.WHITE);
            g.drawString(WORDS, (w - width) / 2, (h + m.getAscent() - m.getDescent()) / 2);
        } catch (RuntimeException | Error e) {
            // A server without fonts (Debian: fontconfig and fonts-dejavu-core) shows the plain card.
            LOG.warn("stream {}: the slate has no words, no font could be used: {}", def.name(), e.toString());
        }
    }

    /** RGB to YUV 4:2:0 planes (BT.601, limited range), chroma averaged over each 2x2 block. */
    static ByteBuffer[] yuv(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        ByteBuffer y = ByteBuffer.allocateDirect(w * h);
        ByteBuffer u = ByteBuffer.allocateDirect(cw * ch);
        ByteBuffer v = ByteBuffer.allocateDirect(cw * ch);
        for (int i = 0; i < w * h; i++) {
            int p = rgb[i];
            y.put(i, (byte) (((66 * (p >> 16 & 0xff) + 129 * (p >> 8 & 0xff) + 25 * (p & 0xff) + 128) >> 8) + 16));
        }
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                int r = 0;
                int gr = 0;
                int b = 0;
                int n = 0;
                for (int dy = 0; dy < 2 && 2 * cy + dy < h; dy++) {
                    for (int dx = 0; dx < 2 && 2 * cx + dx < w; dx++) {
                        int p = rgb[(2 * cy + dy) * w + 2 * cx + dx];
                        r += p >> 16 & 0xff;
                        gr += p >> 8 & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                r /= n;
                gr /= n;
                b /= n;
                u.put(cy * cw + cx, (byte) (((-38 * r - 74 * gr + 112 * b + 128) >> 8) + 128));
                v.put(cy * cw + cx, (byte) (((112 * r - 94 * gr - 18 * b + 128) >> 8) + 128));
            }
        }
        return new ByteBuffer[] {y, u, v};
    }

    /**
     * The SPS and PPS of an avcC record as NAL units with the record's length prefix, ready to go in
     * front of a keyframe's own NAL units; empty when the record has none.
     */
    static ByteBuffer parameterSets(ByteBuffer avcC) {
        ByteBuffer in = avcC.duplicate();
        if (in.remaining() < 7) {
            return ByteBuffer.allocate(0);
        }
        int lengthSize = (in.get(in.position() + 4) & 3) + 1;
        in.position(in.position() + 5);
        List<ByteBuffer> nals = new ArrayList<>();
        int sps = in.get() & 0x1f;
        for (int i = 0; i < sps; i++) {
            nals.add(nal(in));
        }
        int pps = in.get() & 0xff;
        for (int i = 0; i < pps; i++) {
            nals.add(nal(in));
        }
        ByteBuffer out = ByteBuffer.allocate(nals.stream().mapToInt(b -> b.remaining() + lengthSize).sum());
        for (ByteBuffer n : nals) {
            int len = n.remaining();
            for (int i = lengthSize - 1; i >= 0; i--) {
                out.put((byte) (len >> (8 * i)));
            }
            out.put(n);
        }
        return out.flip();
    }

    private static ByteBuffer nal(ByteBuffer in) {
        int len = in.getShort() & 0xffff;
        ByteBuffer n = in.slice(in.position(), len);
        in.position(in.position() + len);
        return n;
    }

    /** The packet with {@code sets} (from {@link #parameterSets}) in front of its NAL units. */
    static Packet withParameterSets(Packet p, ByteBuffer sets) {
        if (!sets.hasRemaining()) {
            return p;
        }
        ByteBuffer data = ByteBuffer.allocate(sets.remaining() + p.size()).put(sets.duplicate()).put(p.payload()).flip();
        return new Packet(p.trackId(), p.pts(), p.dts(), p.duration(), p.timeBase(), p.flags(), data);
    }
}
