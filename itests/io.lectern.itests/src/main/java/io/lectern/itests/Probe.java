package io.lectern.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code ffprobe}, a real HLS/DASH/MP4 reader, and hands back what it printed. */
final class Probe {

    private Probe() {
    }

    /** One field of the first stream of a kind ({@code v} or {@code a}), e.g. {@code stream=width,height} gives "426,240". */
    static String first(String url, String entries, String kind) throws Exception {
        return run("-select_streams", kind + ":0", "-show_entries", entries, "-of", "csv=p=0", url).lines().reduce((a, b) -> b).orElse("");
    }

    /** ffprobe with these arguments after {@code -v error}; fails the test unless it exits with 0. */
    static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe finished");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }
}
