package io.lectern.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.delivery.Segment;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PluginInfo;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.stream.StreamDefinition;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servlet in a real Jetty 12 set up as the Felix HTTP service sets it up (a context collection
 * holding the servlet context at "/"), asked over real HTTP. {@link LiveRouteTest} runs the same
 * tests with the fast path in front.
 */
class LiveServletTest {

    @TempDir
    Path root;
    Path streamDir;
    byte[] segment;
    final CompletableFuture<Manifest> blocking = new CompletableFuture<>();
    /** The rendition playlist's blocking reloads by "msn/part" ("msn/-" for a whole segment): completed by the tests. */
    final Map<String, CompletableFuture<Manifest>> listings = new java.util.concurrent.ConcurrentHashMap<>();
    static final Manifest LISTED = Manifest.of("application/vnd.apple.mpegurl", "#EXTM3U\n", 0);

    CompletableFuture<Manifest> listing(String msn, String part) {
        return listings.computeIfAbsent(msn + "/" + part, k -> new CompletableFuture<>());
    }
    Server server;
    LiveMedia media;
    String base;
    /** Requests that reached the servlet context. */
    final AtomicInteger servletRequests = new AtomicInteger();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        streamDir = Files.createDirectories(root.resolve("streams/class"));
        Files.createDirectories(streamDir.resolve("720p"));
        Files.write(streamDir.resolve("720p/init.mp4"), new byte[] {1, 2, 3});
        segment = new byte[100_000];
        Arrays.fill(segment, (byte) 7);
        segment[0] = 1;
        segment[99_999] = 9;
        Files.write(streamDir.resolve("720p/seg-1.m4s"), segment);
        Files.writeString(streamDir.resolve("720p/notes.txt"), "secret");
        Files.writeString(root.resolve("streams/secret.m4s"), "secret");

        server = new Server();
        // One network thread, as the Felix HTTP service has on a 2-core machine.
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        media = new LiveMedia(new Registry(), new TestConfig());
        ServletHolder holder = new ServletHolder(new LiveServlet(media));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/live/*");
        FilterHolder counter = new FilterHolder((Filter) (req, resp, chain) -> {
            servletRequests.incrementAndGet();
            chain.doFilter(req, resp);
        });
        counter.setAsyncSupported(true);
        context.addFilter(counter, "/*", EnumSet.of(DispatcherType.REQUEST));
        servlets(context);
        server.setHandler(new ContextHandlerCollection(context));
        server.start();
        started(server);
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Writes a media file as the segmenter does: whole, under its name at once (a rename). */
    void written(String name, byte[] content) throws Exception {
        Path tmp = Files.write(streamDir.resolve(name + ".tmp"), content);
        Files.move(tmp, streamDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** More servlets for a test's needs, added before the server starts. */
    void servlets(ServletContextHandler context) {
    }

    /** Called once the server runs, as the Felix HTTP service calls its connector factories. */
    void started(Server running) throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void manifestsComeFromThePackagers() throws Exception {
        HttpResponse<byte[]> r = get("/live/class/master.m3u8");
        assertEquals(200, r.statusCode());
        assertEquals("#EXTM3U\n", text(r));
        assertEquals("application/vnd.apple.mpegurl", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=1", r.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());

        HttpResponse<byte[]> mpd = get("/live/class/manifest.mpd?x=1");
        assertEquals("<MPD x=\"1\"/>", text(mpd));

        HttpResponse<byte[]> bad = get("/live/class/bad.m3u8");
        assertEquals(400, bad.statusCode());
        assertEquals("_HLS_msn is too far ahead\n", text(bad));
    }

    @Test
    void aBlockingManifestIsSentWhenItsStageCompletes() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/live/class/block.m3u8?_HLS_msn=5")).build(), HttpResponse.BodyHandlers.ofString());
        // The request is waiting; another one is still served meanwhile.
        assertEquals(200, get("/live/class/master.m3u8").statusCode());
        assertFalse(pending.isDone());
        blocking.complete(Manifest.of("application/vnd.apple.mpegurl", "#EXTM3U\n#msn 5\n", 0));
        HttpResponse<String> r = pending.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("#EXTM3U\n#msn 5\n", r.body());
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void segmentsAndInitAreServedWithRangesAndHead() throws Exception {
        HttpResponse<byte[]> init = get("/live/class/720p/init.mp4");
        assertEquals(200, init.statusCode());
        assertEquals("video/mp4", init.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(new byte[] {1, 2, 3}, init.body());

        HttpResponse<byte[]> seg = get("/live/class/720p/seg-1.m4s");
        assertEquals(200, seg.statusCode());
        assertEquals("video/iso.segment", seg.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(seg.headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));
        assertEquals("*", seg.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertArrayEquals(segment, seg.body());

        HttpResponse<byte[]> part = get("/live/class/720p/seg-1.m4s", "Range", "bytes=99998-");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 99998-99999/100000", part.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(new byte[] {7, 9}, part.body());
        assertEquals(416, get("/live/class/720p/seg-1.m4s", "Range", "bytes=200000-").statusCode());

        HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create(base + "/live/class/720p/seg-1.m4s"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals("100000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
    }

    @Test
    void aFileReplacedUnderTheSameNameIsServedAnew() throws Exception {
        assertArrayEquals(new byte[] {1, 2, 3}, get("/live/class/720p/init.mp4").body());
        assertArrayEquals(segment, get("/live/class/720p/seg-1.m4s").body());
        // As the segmenter does it: a new file renamed over the old name (a new publisher session's init).
        written("720p/init.mp4", new byte[] {4, 5, 6, 7});
        assertArrayEquals(new byte[] {4, 5, 6, 7}, get("/live/class/720p/init.mp4").body());
        // Gone from the folder, gone from the answers, though it was served from memory before.
        Files.delete(streamDir.resolve("720p/seg-1.m4s"));
        assertEquals(404, get("/live/class/720p/seg-1.m4s").statusCode());
    }

    @Test
    void queriesAreDecodedFirstValueFirst() {
        assertEquals(Map.of(), LiveMedia.query(null));
        assertEquals(Map.of("_HLS_msn", "5", "_HLS_part", "2"), LiveMedia.query("_HLS_msn=5&_HLS_part=2&_HLS_msn=9"));
        assertEquals(Map.of("a b", "c&d", "flag", ""), LiveMedia.query("a+b=c%26d&flag&=x"));
    }

    @Test
    void nothingOutsideTheStreamFolderNorOtherFilesAreServed() throws Exception {
        for (String path : List.of("/live/class/720p/notes.txt", "/live/class/720p/seg-2.m4s", "/live/other/master.m3u8",
                "/live/Class/720p/init.mp4", "/live/class/720p/%2e%2e/%2e%2e/secret.m4s", "/live/class/..%2fsecret.m4s",
                "/live/class/720p%2f..%2f..%2fsecret.m4s", "/live/class/.%2e/secret.m4s", "/live/class/a/b/seg-1.m4s",
                "/live/class", "/live/")) {
            HttpResponse<byte[]> r = get(path);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " -> " + r.statusCode());
            assertFalse(text(r).contains("secret"), path);
        }
        // A raw "../" that the client does not clean up.
        try (Socket s = new Socket("127.0.0.1", URI.create(base).getPort())) {
            s.getOutputStream().write("GET /live/class/../secret.m4s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(answer.startsWith("HTTP/1.1 200"), answer);
            assertFalse(answer.contains("secret\n") || answer.endsWith("secret"), answer);
        }
        HttpResponse<byte[]> missing = get("/live/class/720p/seg-9.m4s");
        assertEquals("Not found.\n", text(missing));
        assertEquals("*", missing.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void aHintedPartIsServedOnceTheDataIsThere() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/live/class/720p/seg-2.0.m4s")).build(), HttpResponse.BodyHandlers.ofByteArray());
        // Still waiting while another request is served.
        assertEquals(200, get("/live/class/720p/init.mp4").statusCode());
        assertFalse(pending.isDone());
        byte[] part = {4, 5, 6};
        written("720p/seg-2.0.m4s", part);
        listing("2", "0").complete(LISTED);
        HttpResponse<byte[]> r = pending.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertArrayEquals(part, r.body());
    }

    @Test
    void aPartThatDoesNotComeIsNotFoundAfterTheWaitLimit() throws Exception {
        HttpResponse<byte[]> r = get("/live/class/720p/seg-3.0.m4s");
        assertEquals(404, r.statusCode());
        assertEquals("Not found.\n", text(r));
        // Nor a segment that is not written in time.
        assertEquals(404, get("/live/class/720p/seg-3.m4s").statusCode());
    }

    @Test
    void aSegmentBeingWrittenIsSentPartByPartAsTheyAreWritten() throws Exception {
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/live/class/720p/seg-2.m4s")).build(), HttpResponse.BodyHandlers.ofInputStream());
        written("720p/seg-2.0.m4s", new byte[] {1, 2});
        listing("2", "0").complete(LISTED);
        HttpResponse<InputStream> r = pending.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Length").isEmpty(), "sent in chunks");
        InputStream body = r.body();
        // The first part arrives before the second is even written.
        assertArrayEquals(new byte[] {1, 2}, body.readNBytes(2));
        written("720p/seg-2.1.m4s", new byte[] {3, 4, 5});
        listing("2", "1").complete(LISTED);
        assertArrayEquals(new byte[] {3, 4, 5}, body.readNBytes(3));
        // The segment is written: the answer ends.
        written("720p/seg-2.m4s", new byte[] {0, 1, 2, 3, 4, 5});
        listing("2", "-").complete(LISTED);
        assertEquals(-1, body.read());
    }

    @Test
    void aSegmentAskedForWhileItIsWrittenIsServedOnceWritten() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/live/class/720p/seg-2.m4s")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, get("/live/class/720p/init.mp4").statusCode());
        assertFalse(pending.isDone());
        byte[] whole = {8, 9, 10, 11};
        written("720p/seg-2.m4s", whole);
        listing("2", "-").complete(LISTED);
        HttpResponse<byte[]> r = pending.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertArrayEquals(whole, r.body());
    }

    /** Two packagers, as in a real stream: one knows the .m3u8 names, the other the MPD. */
    private final class Registry implements PipelineRegistry {
        @Override
        public Map<String, PackagerSession> packagers(String stream) {
            return stream.equals("class") ? Map.of("hls", new Hls(), "dash", new Dash()) : Map.of();
        }

        @Override
        public Path streamDirectory(String stream) {
            return root.resolve("streams").resolve(stream);
        }

        @Override
        public List<PluginInfo> plugins() {
            return List.of();
        }

        @Override
        public List<PluginInfo> plugins(PluginKind kind) {
            return List.of();
        }

        @Override
        public Optional<PluginInfo> plugin(PluginKind kind, String id) {
            return Optional.empty();
        }

        @Override
        public PipelineInfo start(StreamDefinition stream) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stop(String stream) {
        }

        @Override
        public List<PipelineInfo> pipelines() {
            return List.of();
        }

        @Override
        public Optional<PipelineInfo> pipeline(String stream) {
            return Optional.empty();
        }

        @Override
        public boolean kick(String stream) {
            return false;
        }

        @Override
        public boolean reconnect(String stream, String destination) {
            return false;
        }

        @Override
        public Optional<byte[]> thumbnail(String stream) {
            return Optional.empty();
        }
    }

    private abstract static class Session implements PackagerSession {
        @Override
        public void segment(Segment segment) {
        }

        @Override
        public void expired(Segment segment) {
        }

        @Override
        public void end() {
        }

        @Override
        public void close() {
        }
    }

    private final class Hls extends Session {
        @Override
        public Optional<CompletionStage<Manifest>> manifest(String name, Map<String, String> query) {
            return switch (name) {
                case "master.m3u8" -> Optional.of(CompletableFuture.completedFuture(Manifest.of("application/vnd.apple.mpegurl", "#EXTM3U\n", 1)));
                case "block.m3u8" -> Optional.of(query.containsKey("_HLS_msn") ? blocking : CompletableFuture.failedFuture(new AssertionError()));
                // The rendition playlist, blocking until the test lists a part or segment.
                case "720p.m3u8" -> Optional.of(listing(query.get("_HLS_msn"), query.getOrDefault("_HLS_part", "-")));
                case "bad.m3u8" -> Optional.of(CompletableFuture.failedFuture(new IllegalArgumentException("_HLS_msn is too far ahead")));
                default -> Optional.empty();
            };
        }
    }

    private static final class Dash extends Session {
        @Override
        public Optional<CompletionStage<Manifest>> manifest(String name, Map<String, String> query) {
            return name.equals("manifest.mpd")
                    ? Optional.of(CompletableFuture.completedFuture(Manifest.of("application/dash+xml", "<MPD x=\"" + query.get("x") + "\"/>", 1)))
                    : Optional.empty();
        }
    }

    private static final class TestConfig implements LiveMedia.Config {
        @Override
        public Class<? extends Annotation> annotationType() {
            return LiveMedia.Config.class;
        }

        @Override
        public int segmentMaxAgeSeconds() {
            return 86400;
        }

        @Override
        public int initMaxAgeSeconds() {
            return 2;
        }

        @Override
        public int manifestTimeoutSeconds() {
            return 30;
        }

        @Override
        public int partWaitMillis() {
            return 300;
        }

        @Override
        public int memoryCacheMegabytes() {
            return 1;
        }
    }
}
