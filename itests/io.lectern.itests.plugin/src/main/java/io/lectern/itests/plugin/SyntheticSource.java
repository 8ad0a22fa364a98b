package io.lectern.itests.plugin;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaSink;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.plugin.IngestContext;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.IngestSession;

import org.osgi.service.component.annotations.Component;

/**
 * A source ingest that sends H.264-shaped packets (25 per second, a keyframe each second) without
 * any encoder: enough for the pipeline to pass them through, segment them and restream them.
 */
@Component
public final class SyntheticSource implements IngestProtocol {

    /** avcC for Constrained Baseline 3.0 with a tiny SPS and PPS. */
    private static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1E, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x42, (byte) 0xC0, 0x1E,
            1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    @Override
    public String id() {
        return "itest-source";
    }

    @Override
    public String displayName() {
        return "Integration test source";
    }

    @Override
    public Mode mode() {
        return Mode.SOURCE;
    }

    @Override
    public IngestSession open(IngestContext context) {
        MediaSink sink = context.sink();
        Track video = Track.video(0, Codec.H264, TimeBase.MILLIS, new VideoFormat(320, 240, TimeBase.of(25, 1), PixelFormat.UNKNOWN),
                ByteBuffer.wrap(AVCC), 200_000);
        sink.tracks(List.of(video));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "itest-source-" + context.stream().name()));
        long[] n = {0};
        timer.scheduleAtFixedRate(() -> {
            long i = n[0]++;
            boolean key = i % 25 == 0;
            ByteBuffer nal = ByteBuffer.allocate(4 + 64);
            nal.putInt(64).put((byte) (key ? 0x65 : 0x41));
            nal.position(0);
            sink.packet(new Packet(0, i * 40, i * 40, 40, TimeBase.MILLIS, key ? Packet.KEYFRAME : 0, nal));
        }, 0, 40, TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.end();
        };
    }
}
