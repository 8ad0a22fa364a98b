package io.lectern.itests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's {@code ffmpeg} as a teacher's encoder: publishes a test picture and a tone over RTMP or RTMPS. */
final class Publisher implements AutoCloseable {

    private final String size;
    private final List<Process> processes = new ArrayList<>();
    private final List<File> logs = new ArrayList<>();

    /** @param size the picture, e.g. {@code 640x360} */
    Publisher(String size) {
        this.size = size;
    }

    /** The publish URL of a scheme in the API's answer for a stream, with the loopback address. */
    static String publishUrl(String streamJson, String scheme) {
        Matcher m = Pattern.compile("\"(" + scheme + "://[^\"]+)\"").matcher(streamJson);
        if (!m.find()) {
            throw new AssertionError("the answer names no " + scheme + " publish URL: " + streamJson);
        }
        return m.group(1).replace("localhost", "127.0.0.1");
    }

    /** Starts publishing for {@code seconds} at real-time speed. */
    Process publish(String url, int seconds) throws IOException {
        File log = File.createTempFile("ffmpeg-publish", ".log");
        log.deleteOnExit();
        logs.add(log);
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", String.valueOf(seconds), "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-f", "flv", url).redirectErrorStream(true).redirectOutput(log).start();
        processes.add(p);
        return p;
    }

    /** The exit code; fails when ffmpeg runs longer than {@code seconds}. */
    static int await(Process p, int seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg did not finish within " + seconds + " s");
        }
        return p.exitValue();
    }

    /** What every ffmpeg started so far said, for failure messages. */
    String log() {
        StringBuilder sb = new StringBuilder();
        for (File f : logs) {
            try {
                sb.append(Files.readString(f.toPath())).append('\n');
            } catch (IOException e) {
                sb.append("(no log: ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    /** Kills every publisher, like an encoder that crashes. */
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Override
    public void close() {
        killAll();
    }
}
