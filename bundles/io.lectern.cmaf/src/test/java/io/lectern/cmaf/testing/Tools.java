package io.lectern.cmaf.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Debian ffmpeg and ffprobe programs for tests. */
public final class Tools {

    private Tools() {
    }

    /** Runs a command, fails with its output if it does not exit with 0, returns its standard output. */
    public static String run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Makes {@code seconds} of 320x240 25 fps H.264 (1 s GOP, B-frames) and 44.1 kHz mono AAC as FLV. */
    public static Path makeFlv(Path dir, int seconds) throws IOException, InterruptedException {
        Path flv = dir.resolve("input.flv");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-ac", "1", "-f", "flv", flv.toString());
        return flv;
    }

    /**
     * Runs ffprobe on a file and returns {@code key=value} lines for the first stream of the given
     * type ({@code v} or {@code a}): codec_name, nb_read_frames, duration and more.
     */
    public static List<String> probe(Path file, String streamType) throws IOException, InterruptedException {
        String out = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", streamType + ":0",
                "-show_entries", "stream=codec_name,nb_read_frames,width,height,duration:format=duration",
                "-of", "default=noprint_wrappers=1", file.toString());
        return new ArrayList<>(out.lines().toList());
    }

    /** The value of {@code key} in ffprobe's output. */
    public static String value(List<String> probe, String key) {
        return probe.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError(key + " missing in " + probe));
    }

    /** Concatenates files into {@code target}, as a player appends init and segments. */
    public static Path concat(Path target, List<Path> files) throws IOException {
        Files.deleteIfExists(target);
        Files.createFile(target);
        for (Path f : files) {
            Files.write(target, Files.readAllBytes(f), java.nio.file.StandardOpenOption.APPEND);
        }
        return target;
    }
}
