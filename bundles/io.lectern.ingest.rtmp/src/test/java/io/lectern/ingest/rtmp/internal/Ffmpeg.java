package io.lectern.ingest.rtmp.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The Debian ffmpeg CLI (and FFmpeg 7 from the JavaCPP natives jar) as real publishers. */
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

    /**
     * Publishes {@code seconds} of a test picture in HEVC ({@code libx265}) or AV1 ({@code libaom-av1}) with
     * AAC over Enhanced RTMP, using the FFmpeg 7.1 CLI of the {@code org.bytedeco:ffmpeg} natives jar
     * (unpacked into {@code dir}): Debian's ffmpeg 5.1 cannot send Enhanced RTMP.
     */
    static Process publishEnhanced(String url, String encoder, int seconds, Path dir, Path log) throws IOException {
        Path bin = unpackFfmpeg7(dir);
        List<String> video = encoder.equals("libx265")
                ? List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error")
                : List.of("-c:v", "libaom-av1", "-cpu-used", "8", "-usage", "realtime");
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.resolve("ffmpeg").toString(), "-hide_banner", "-nostdin",
                "-loglevel", "warning", "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine",
                "-t", Integer.toString(seconds)));
        cmd.addAll(video);
        cmd.addAll(List.of("-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", url));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LD_LIBRARY_PATH", bin.toString());
        return pb.start();
    }

    /** The natives jar's {@code linux-x86_64-gpl} folder copied out, with the libva names the CLI links against. */
    private static Path unpackFfmpeg7(Path dir) throws IOException {
        Path target = dir.resolve("ffmpeg7");
        if (Files.isExecutable(target.resolve("ffmpeg"))) {
            return target;
        }
        String folder = "org/bytedeco/ffmpeg/linux-x86_64-gpl/";
        URI uri;
        try {
            uri = Ffmpeg.class.getClassLoader().getResource(folder + "ffmpeg").toURI();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("the org.bytedeco:ffmpeg linux-x86_64-gpl jar is not on the test class path", e);
        }
        Files.createDirectories(target);
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of()); Stream<Path> files = Files.list(jar.getPath(folder))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName().toString()));
            }
        }
        Files.createSymbolicLink(target.resolve("libva.so.2"), target.resolve("libva.so"));
        Files.createSymbolicLink(target.resolve("libva-drm.so.2"), target.resolve("libva-drm.so"));
        target.resolve("ffmpeg").toFile().setExecutable(true);
        return target;
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
