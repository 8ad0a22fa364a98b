package io.lectern.ingest.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random mutations of stored sessions and of one built in code, fed to the handshake and session
 * in memory: only {@link ProtocolException} may come out, and nothing hangs.
 *
 * <p>The corpus lives in {@code src/test/resources/fuzz/}: {@code ffmpeg-160x90-1s.bin} is what
 * Debian's ffmpeg sent for one second of publishing, and any input that ever broke the parser is
 * added there and replayed on every build. This plain JUnit mutator was chosen over Jazzer: under
 * JUnit, Jazzer only replays its corpus unless a separate long fuzzing run is started with its
 * native agent, which the two-core CI cannot afford; this test mutates thousands of inputs on
 * every build in a few seconds, and a failing seed is logged so the run can be repeated.
 */
class FuzzTest {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzTest.class);
    private static final int ITERATIONS = 3000;
    /** Where a failing input is written, to be copied into the corpus. */
    private static final Path CRASHERS = Paths.get("target", "fuzz-crashers");
    private static final List<byte[]> seeds = new ArrayList<>();
    private static byte[] recorded;
    private static byte[] built;

    @BeforeAll
    static void loadCorpus() throws IOException, URISyntaxException {
        for (Path p : corpus()) {
            seeds.add(Files.readAllBytes(p));
        }
        recorded = Files.readAllBytes(corpusDir().resolve("ffmpeg-160x90-1s.bin"));
        SessionBuilder b = new SessionBuilder().handshake().chunkSize(300).connect("live").publish("good")
                .metadata(Map.of("width", 320.0, "height", 240.0, "framerate", 30.0))
                .videoConfig(0xFFFFFF00L).audioConfig(0xFFFFFF00L);
        for (int i = 0; i < 30; i++) {
            long ts = (0xFFFFFF00L + 33L * i) & 0xFFFFFFFFL;
            b.video(ts, i % 10 == 0).audio(ts);
        }
        built = b.command(4, 1, "FCUnpublish", 0.0, null, "good").bytes();
        seeds.add(built);
    }

    private static Path corpusDir() throws URISyntaxException {
        return Paths.get(FuzzTest.class.getResource("/fuzz").toURI());
    }

    private static List<Path> corpus() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(corpusDir())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void everyCorpusFileReplaysOrIsRefused() throws Exception {
        List<Path> files = corpus();
        assertFalse(files.isEmpty(), "the corpus is on the test class path");
        for (Path p : files) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    SessionTest.replay(new TestGateway(), Files.readAllBytes(p));
                } catch (ProtocolException expected) {
                    LOG.debug("{} refused: {}", p.getFileName(), expected.getMessage());
                }
            }, p.getFileName()::toString);
        }
    }

    @Test
    void unmutatedRecordingReplays() throws IOException {
        TestGateway.Recording r = SessionTest.replay(new TestGateway(), recorded);
        assertNotNull(r);
        assertEquals(2, r.tracks.get(0).size());
        assertTrue(r.of(MediaMapper.VIDEO_TRACK).size() >= 20, "video packets: " + r.of(MediaMapper.VIDEO_TRACK).size());
        assertTrue(r.packets.get(0).isKeyframe());
        assertNotNull(SessionTest.replay(new TestGateway(), built));
    }

    @Test
    void mutatedSessionsOnlyFailWithProtocolException() {
        long seed = System.nanoTime();
        LOG.info("fuzz seed {}", seed);
        Random random = new Random(seed);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int refused = 0;
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] input = mutate(random, seeds.get(i % seeds.size()));
                try {
                    SessionTest.replay(new TestGateway(), input);
                } catch (ProtocolException expected) {
                    refused++;
                } catch (Throwable t) {
                    Files.createDirectories(CRASHERS);
                    Path crasher = CRASHERS.resolve("seed-" + seed + "-" + i + ".bin");
                    Files.write(crasher, input);
                    fail("iteration " + i + " (seed " + seed + ") threw " + t + "; the input is in " + crasher.toAbsolutePath()
                            + ": fix the parser and add the file to src/test/resources/fuzz/", t);
                }
            }
            LOG.info("fuzz: {} of {} mutated sessions were refused as invalid", refused, ITERATIONS);
            assertTrue(refused > 0, "mutations must reach the parser");
        });
    }

    /** One to four random edits after the handshake: flipped bytes, special values, inserts, cuts, repeats. */
    private static byte[] mutate(Random r, byte[] original) {
        byte[] b = original.clone();
        int start = 1 + 2 * Handshake.SIZE;
        for (int edits = 1 + r.nextInt(4); edits > 0; edits--) {
            int pos = start + r.nextInt(b.length - start);
            switch (r.nextInt(6)) {
                case 0 -> b[pos] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[pos] = (byte) new int[] {0, 0xff, 0x7f, 0x80, 0xc0, 0x03}[r.nextInt(6)];
                case 2 -> {
                    byte[] extra = new byte[1 + r.nextInt(16)];
                    r.nextBytes(extra);
                    b = splice(b, pos, 0, extra);
                }
                case 3 -> b = splice(b, pos, Math.min(1 + r.nextInt(64), b.length - pos), new byte[0]);
                case 4 -> b = Arrays.copyOf(b, pos);
                default -> {
                    int len = Math.min(1 + r.nextInt(256), b.length - pos);
                    b = splice(b, pos, 0, Arrays.copyOfRange(b, pos, pos + len));
                }
            }
            if (b.length <= start) {
                return b;
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int pos, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, pos);
        System.arraycopy(insert, 0, out, pos, insert.length);
        System.arraycopy(b, pos + remove, out, pos + insert.length, b.length - pos - remove);
        return out;
    }
}
