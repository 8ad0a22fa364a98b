package io.lectern.ingest.testpattern.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.AudioFrame;
import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaSink;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.SampleFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.IngestSession;

/**
 * One running test pattern: a thread that paces pictures and 20 ms chunks of tone to the wall
 * clock and pushes them into the sink as raw frames.
 */
final class PatternSource implements IngestSession, Runnable {

    static final int VIDEO = 0;
    static final int AUDIO = 1;
    static final int SAMPLE_RATE = 48_000;
    static final int CHUNK = 960;
    private static final TimeBase SAMPLES = TimeBase.of(1, SAMPLE_RATE);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Pictures kept for reuse: enough for the frames the encoders hold at once. */
    private static final int POOL = 8;
    private static final Logger LOG = LoggerFactory.getLogger(PatternSource.class);

    private final String stream;
    private final int fps;
    private final int toneHz;
    private final MediaSink sink;
    private final Picture picture;
    private final VideoFormat videoFormat;
    private final AudioFormat audioFormat = new AudioFormat(SAMPLE_RATE, 2, SampleFormat.FLTP);
    private final Queue<ByteBuffer> pool = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    PatternSource(String stream, int width, int height, int fps, int toneHz, MediaSink sink) {
        this.stream = stream;
        this.fps = fps;
        this.toneHz = toneHz;
        this.sink = sink;
        this.picture = new Picture(width, height, fps);
        this.videoFormat = new VideoFormat(width, height, TimeBase.of(fps, 1), PixelFormat.YUV420P);
        this.thread = new Thread(this, "testpattern-" + stream);
        thread.setDaemon(true);
        thread.start();
    }

    static List<Track> tracks(VideoFormat video, AudioFormat audio) {
        return List.of(Track.video(VIDEO, Codec.RAW_VIDEO, TimeBase.MPEG, video, null, 0),
                Track.audio(AUDIO, Codec.RAW_AUDIO, SAMPLES, audio, null, 0));
    }

    @Override
    public void run() {
        try {
            sink.tracks(tracks(videoFormat, audioFormat));
            long start = System.nanoTime();
            long pictures = 0;
            long samples = 0;
            while (running) {
                long videoDue = pictures * SECOND / fps;
                long audioDue = samples * SECOND / SAMPLE_RATE;
                long due = Math.min(videoDue, audioDue);
                long now = System.nanoTime() - start;
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                if (now - due > SECOND) {
                    // The sink held us up for over a second: leave a gap rather than rush to catch up.
                    LOG.debug("test pattern {} fell behind by {} ms", stream, (now - due) / 1_000_000);
                    pictures = now * fps / SECOND;
                    samples = now * SAMPLE_RATE / SECOND / CHUNK * CHUNK;
                    continue;
                }
                if (videoDue <= audioDue) {
                    sendPicture(pictures++);
                } else {
                    sendTone(samples);
                    samples += CHUNK;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("test pattern {} stopped: {}", stream, e.toString());
        } finally {
            sink.end();
        }
    }

    private void sendPicture(long n) {
        ByteBuffer buf = pool.poll();
        if (buf == null) {
            buf = ByteBuffer.allocateDirect(picture.size());
        }
        picture.paint(buf, n, System.currentTimeMillis());
        int y = videoFormat.width() * videoFormat.height();
        int c = y / 4;
        ByteBuffer[] planes = {slice(buf, 0, y), slice(buf, y, c), slice(buf, y + c, c)};
        int w = videoFormat.width();
        ByteBuffer held = buf;
        VideoFrame frame = new VideoFrame(videoFormat, n * 90_000 / fps, TimeBase.MPEG, planes, new int[] {w, w / 2, w / 2},
                false, () -> recycle(held));
        try {
            sink.frame(VIDEO, frame);
        } finally {
            frame.release();
        }
    }

    private void recycle(ByteBuffer buf) {
        if (pool.size() < POOL) {
            pool.offer(buf);
        }
    }

    private void sendTone(long first) {
        ByteBuffer left = ByteBuffer.allocateDirect(CHUNK * 4).order(ByteOrder.nativeOrder());
        for (int i = 0; i < CHUNK; i++) {
            // -10 dBFS; the phase follows the sample count, so chunks join without clicks.
            left.putFloat((float) (0.316 * Math.sin(2 * Math.PI * toneHz * ((first + i) % SAMPLE_RATE) / SAMPLE_RATE)));
        }
        left.flip();
        AudioFrame frame = new AudioFrame(audioFormat, first, SAMPLES, CHUNK, new ByteBuffer[] {left, left.duplicate()}, null);
        try {
            sink.frame(AUDIO, frame);
        } finally {
            frame.release();
        }
    }

    private static ByteBuffer slice(ByteBuffer b, int from, int length) {
        return b.duplicate().position(from).limit(from + length).slice();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("test pattern {} did not stop within 5 s (its sink is blocked)", stream);
        }
    }
}
