package io.lectern.itests.distro;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The exported product, {@code distro/target/lectern.jar}, started by {@code distro/bin/lectern} (so
 * with the JVM options Lectern ships with), in a folder of its own with free ports. Keep one data
 * folder across {@link #start()} calls to test restarts. The class data sharing archive is off unless
 * a test turns it on ({@code LECTERN_CDS}): it is written as the JVM exits, which makes stops slower.
 */
public final class LecternProcess implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "product-test-password";

    private final Path folder;
    private final Map<String, String> env = new HashMap<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int httpPort;
    private final int rtmpPort;
    private final int rtmpsPort;
    private Process process;
    private int starts;
    private Path jar = Paths.get(System.getProperty("lectern.jar", "../../distro/target/lectern.jar")).toAbsolutePath();
    private final Path launcher = Paths.get(System.getProperty("lectern.launcher", "../../distro/bin/lectern")).toAbsolutePath();
    private long startMillis;

    /** A new Lectern in {@code folder} with the admin password set through the environment. */
    public LecternProcess(Path folder) throws IOException {
        this.folder = folder;
        this.httpPort = freePort();
        this.rtmpPort = freePort();
        this.rtmpsPort = freePort();
        env.put("LECTERN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("LECTERN_CDS", "off");
        Files.createDirectories(folder.resolve("deploy"));
        // ConfigAdmin settings go in through FileInstall, as an admin would write them.
        Files.writeString(folder.resolve("deploy/io.lectern.ingest.rtmp.cfg"), "port=" + rtmpPort + "\ntlsPort=" + rtmpsPort + "\n");
    }

    public LecternProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Another build of the product to run from the next {@link #start()} on (an upgrade). */
    public LecternProcess jar(Path jar) {
        this.jar = jar.toAbsolutePath();
        return this;
    }

    public Path jar() {
        return jar;
    }

    /** How long the last {@link #start()} took until signed-in calls worked. */
    public long startMillis() {
        return startMillis;
    }

    /** The JVM's process id (bin/lectern execs java). */
    public long pid() {
        return process.pid();
    }

    public Path folder() {
        return folder;
    }

    public Path log() {
        return folder.resolve("lectern-" + starts + ".log");
    }

    public String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int rtmpPort() {
        return rtmpPort;
    }

    public int rtmpsPort() {
        return rtmpsPort;
    }

    /** Starts Lectern and waits until its API answers signed-in calls and its plugins have started. */
    public LecternProcess start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        starts++;
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString()).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log().toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Like PATH's java: the JDK that runs the tests.
        pb.environment().put("PATH", Paths.get(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        pb.environment().put("LECTERN_JAR", jar.toString());
        pb.environment().put("LECTERN_DATA", "lectern-data");
        pb.environment().put("LECTERN_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("LECTERN_JAVA_OPTS", "-Dorg.bytedeco.javacpp.cachedir=" + nativeCache());
        pb.environment().putAll(env);
        long began = System.nanoTime();
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Lectern exited with " + process.exitValue() + ":\n" + Files.readString(log()));
            }
            try {
                // Ready means signed-in calls work (the database and sign-in are up, not only Jetty) and
                // every plugin has started (the dashboard and API start before them).
                if (get("/api/v1/streams", true).statusCode() == 200 && get("/api/v1/health", false).body().contains("\"status\":\"ok\"")) {
                    startMillis = (System.nanoTime() - began) / 1_000_000;
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Lectern did not answer within 60 s:\n" + Files.readString(log()));
    }

    /** The FFmpeg natives unpack once per machine, not once per test. */
    private static String nativeCache() {
        return Paths.get(System.getProperty("java.io.tmpdir"), "lectern-test-native-cache").toString();
    }

    /** Stops Lectern as a service manager does (SIGTERM) and waits for it to exit. */
    public int stop() throws InterruptedException {
        if (process == null) {
            return -1;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("Lectern did not stop within 30 s");
        }
        return process.exitValue();
    }

    /** Kills Lectern at once ({@code kill -9}): no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public HttpResponse<String> get(String path, boolean signedIn) throws IOException, InterruptedException {
        return send(request(path, signedIn).GET().build());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path, true).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path, boolean signedIn) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        if (signedIn) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
