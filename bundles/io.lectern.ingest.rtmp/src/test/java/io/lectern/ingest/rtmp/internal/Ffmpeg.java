package io.lectern.ingest.rtmp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Debian ffmpeg CLI as a real publisher. */
final class Ffmpeg {

    private Ffmpeg() {
    }

    static Process publish(String url, String size, int seconds, Path log) throws IOException {
        List<String> cmd = List.of("/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30", "-f", "lavfi", "-i", "sine",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "60", "-c:a", "aac",
                "-f", "flv", url);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Exit code, or fails when ffmpeg takes longer than {@code seconds}. */
    static int await(Process p, int seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg did not finish within " + seconds + " s");
        }
        return p.exitValue();
    }

    static String log(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
