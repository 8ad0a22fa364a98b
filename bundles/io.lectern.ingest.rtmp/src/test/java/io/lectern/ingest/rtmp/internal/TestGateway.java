package io.lectern.ingest.rtmp.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lectern.api.media.MediaSink;
import io.lectern.api.media.Packet;
import io.lectern.api.media.Track;
import io.lectern.api.plugin.IngestGateway;
import io.lectern.api.plugin.Publication;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.plugin.PublishRefusedException;
import io.lectern.api.plugin.PublishRefusedException.Reason;

/** Stands in for the pipeline: key "good" publishes to stream "lesson", "off" is disabled, others are unknown. */
final class TestGateway implements IngestGateway {

    final List<Recording> publications = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public Publication publish(String protocolId, String key, String remoteAddress, Runnable disconnect) throws PublishRefusedException {
        attempts.incrementAndGet();
        if (key.equals("off")) {
            throw new PublishRefusedException(Reason.DISABLED, "stream lesson is disabled");
        }
        if (!key.equals("good")) {
            throw new PublishRefusedException(Reason.UNKNOWN_KEY, "unknown stream key");
        }
        Recording r = new Recording(protocolId, remoteAddress);
        publications.add(r);
        return r;
    }

    Recording awaitPublication(long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (publications.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return publications.isEmpty() ? null : publications.get(0);
    }

    /** What one publisher delivered. */
    static final class Recording implements Publication, MediaSink {
        final String protocolId;
        final String remote;
        final List<List<Track>> tracks = new CopyOnWriteArrayList<>();
        final List<Packet> packets = new CopyOnWriteArrayList<>();
        final List<long[]> stats = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile boolean ended;

        Recording(String protocolId, String remote) {
            this.protocolId = protocolId;
            this.remote = remote;
        }

        @Override
        public String streamName() {
            return "lesson";
        }

        @Override
        public MediaSink sink() {
            return this;
        }

        @Override
        public LatencyProfile latency() {
            return LatencyMode.TUTORIAL.defaults();
        }

        @Override
        public boolean isOpen() {
            return closed.getCount() > 0;
        }

        @Override
        public void reportStats(long bitsPerSecond, double framesPerSecond) {
            stats.add(new long[] {bitsPerSecond, Math.round(framesPerSecond)});
        }

        @Override
        public void close() {
            closed.countDown();
        }

        @Override
        public void tracks(List<Track> t) {
            tracks.add(t);
        }

        @Override
        public void packet(Packet packet) {
            packets.add(packet);
        }

        @Override
        public void end() {
            ended = true;
        }

        List<Packet> of(int trackId) {
            return packets.stream().filter(p -> p.trackId() == trackId).toList();
        }

        void awaitVideoPackets(int n, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (of(MediaMapper.VIDEO_TRACK).size() < n && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        }
    }
}
