package io.lectern.delivery.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.stream.StreamNames;
import io.lectern.delivery.MediaFiles;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /live/<stream>/<name>}: manifests from the stream's packager sessions, and the CMAF
 * files ({@code .mp4}, {@code .m4s}) from the stream's folder, nothing else. A manifest that has to
 * wait (LL-HLS blocking reload) is answered asynchronously, so a waiting player holds no thread.
 */
@Component(service = Servlet.class, configurationPid = LiveServlet.PID)
@HttpWhiteboardServletPattern("/live/*")
@HttpWhiteboardServletAsyncSupported
@Designate(ocd = LiveServlet.Config.class)
public final class LiveServlet extends HttpServlet {

    static final String PID = "io.lectern.delivery";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LiveServlet.class);
    /** An LL-HLS part, {@code <rendition>/seg-<msn>.<part>.m4s}: the name a preload hint points at before it exists. */
    private static final Pattern PART = Pattern.compile("([^/]+)/seg-(\\d{1,18})\\.(\\d{1,9})\\.m4s");

    @ObjectClassDefinition(name = "Lectern live delivery", description = "How /live serves manifests and segments.")
    public @interface Config {

        @AttributeDefinition(name = "Segment cache time (s)", description = "Cache-Control max-age of media segments; their names are never reused.")
        int segmentMaxAgeSeconds() default 86400;

        @AttributeDefinition(name = "Init cache time (s)", description = "Cache-Control max-age of init.mp4, which a new publisher session rewrites.")
        int initMaxAgeSeconds() default 2;

        @AttributeDefinition(name = "Manifest wait limit (s)", description = "Longest a request waits for a blocking manifest before it fails.")
        int manifestTimeoutSeconds() default 30;

        @AttributeDefinition(name = "Part wait limit (ms)", description = "Longest a request for an LL-HLS part that does not exist yet"
                + " (the playlist's preload hint) waits for it before it gets 404; about three part durations.")
        int partWaitMillis() default 1500;

        @AttributeDefinition(name = "Memory cache (MB)", description = "Segments, parts and init files kept in memory after their"
                + " first request, newest first, so that viewers' requests read no files.")
        int memoryCacheMegabytes() default 64;
    }

    private final transient PipelineRegistry registry;
    private final transient Config config;
    private final transient SegmentCache cache;
    private final String segmentCacheControl;
    private final String initCacheControl;

    @Activate
    public LiveServlet(@Reference PipelineRegistry registry, Config config) {
        this.registry = registry;
        this.config = config;
        this.cache = new SegmentCache(Math.max(0, config.memoryCacheMegabytes()) * 1024L * 1024L);
        this.segmentCacheControl = "public, max-age=" + config.segmentMaxAgeSeconds() + ", immutable";
        this.initCacheControl = "public, max-age=" + config.initMaxAgeSeconds();
    }

    @Deactivate
    void deactivate() {
        cache.clear();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
        cors(resp);
        resp.setHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        resp.setHeader("Access-Control-Allow-Headers", "Range");
        resp.setHeader("Access-Control-Max-Age", "86400");
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static void cors(HttpServletResponse resp) {
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setHeader("Access-Control-Expose-Headers", "Content-Length, Content-Range");
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        cors(resp);
        String path = req.getPathInfo();
        // Encoded dots, slashes and backslashes have no use in our names: refuse them before decoding matters.
        if (path == null || MediaFiles.encodedTrickery(req)) {
            notFound(resp);
            return;
        }
        int slash = path.indexOf('/', 1);
        String stream = slash < 0 ? "" : path.substring(1, slash);
        String name = slash < 0 ? "" : path.substring(slash + 1);
        if (!StreamNames.isValid(stream) || !MediaFiles.plainName(name)) {
            notFound(resp);
            return;
        }
        if (name.indexOf('/') < 0) {
            Optional<CompletionStage<Manifest>> manifest = manifest(stream, name, req);
            if (manifest.isPresent()) {
                answer(req, resp, manifest.get(), body);
                return;
            }
        }
        file(req, resp, stream, name, body);
    }

    private Optional<CompletionStage<Manifest>> manifest(String stream, String name, HttpServletRequest req) {
        Map<String, String> query = query(req.getQueryString());
        for (PackagerSession session : registry.packagers(stream).values()) {
            Optional<CompletionStage<Manifest>> m = session.manifest(name, query);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /**
     * The query's first value of each name, decoded. Read here rather than through
     * {@code getParameterMap()}, which also looks for a form body on every playlist reload.
     */
    static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> query = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!key.isEmpty()) {
                query.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Sends a manifest now if it is ready, else when its stage completes. */
    private void answer(HttpServletRequest req, HttpServletResponse resp, CompletionStage<Manifest> stage, boolean body) throws IOException {
        CompletableFuture<Manifest> f = stage.toCompletableFuture();
        if (f.isDone()) {
            Manifest m;
            try {
                m = f.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                failed(resp, e);
                return;
            }
            write(resp, m, body);
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(Math.max(1, config.manifestTimeoutSeconds()) * 1000L);
        AtomicBoolean done = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                if (done.compareAndSet(false, true)) {
                    text(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The manifest was not ready in time.");
                    async.complete();
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                done.set(true);
            }

            @Override
            public void onComplete(AsyncEvent event) {
                done.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        // Sent from the container's threads: a new part wakes every viewer waiting for it at once, and
        // the packager's thread that completes the stage must not write thousands of answers itself.
        f.whenComplete((m, e) -> {
            if (done.compareAndSet(false, true)) {
                async.start(() -> {
                    try {
                        if (e != null) {
                            failed(resp, e);
                        } else {
                            write(resp, m, body);
                        }
                    } catch (IOException | RuntimeException io) {
                        LOG.debug("sending a manifest failed: {}", io.toString());
                    } finally {
                        async.complete();
                    }
                });
            }
        });
    }

    private static void failed(HttpServletResponse resp, Throwable e) throws IOException {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof IllegalArgumentException) {
            text(resp, HttpServletResponse.SC_BAD_REQUEST, cause.getMessage());
        } else {
            LOG.warn("a manifest failed: {}", cause.toString());
            text(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The manifest is not available.");
        }
    }

    private static void write(HttpServletResponse resp, Manifest m, boolean body) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(m.contentType());
        resp.setHeader("Cache-Control", m.maxAgeSeconds() > 0 ? "public, max-age=" + m.maxAgeSeconds() : "no-cache");
        resp.setContentLength(m.body().length);
        if (body) {
            resp.getOutputStream().write(m.body());
        }
    }

    private void file(HttpServletRequest req, HttpServletResponse resp, String stream, String name, boolean body) throws IOException {
        boolean init = name.endsWith(".mp4");
        if (!init && !name.endsWith(".m4s")) {
            notFound(resp);
            return;
        }
        byte[] content = cache.get(registry.streamDirectory(stream), name);
        if (content != null) {
            MediaFiles.send(req, resp, content, init ? "video/mp4" : "video/iso.segment", init ? initCacheControl : segmentCacheControl, body);
        } else if (!awaitPart(req, stream, name)) {
            notFound(resp);
        }
    }

    /**
     * A player that follows the preload hint asks for the next part before it is written. Instead of a
     * 404 the request waits, holding no thread, until the HLS playlist lists that part (its file is
     * written before the playlist is told) and is then dispatched again to serve the file. False if
     * the name is no part, or this request already waited once.
     */
    private boolean awaitPart(HttpServletRequest req, String stream, String name) {
        Matcher m = PART.matcher(name);
        if (!m.matches() || req.getDispatcherType() == DispatcherType.ASYNC) {
            return false;
        }
        Map<String, String> query = Map.of("_HLS_msn", m.group(2), "_HLS_part", m.group(3));
        Optional<CompletionStage<Manifest>> listed = Optional.empty();
        for (PackagerSession session : registry.packagers(stream).values()) {
            listed = session.manifest(m.group(1) + ".m3u8", query);
            if (listed.isPresent()) {
                break;
            }
        }
        if (listed.isEmpty()) {
            return false;
        }
        long wait = Math.max(1, config.partWaitMillis());
        AsyncContext async = req.startAsync();
        // The stage gives up first; the container's timeout only guards against a stage that never ends.
        async.setTimeout(wait + 5000);
        AtomicBoolean done = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                if (done.compareAndSet(false, true)) {
                    notFound((HttpServletResponse) event.getSuppliedResponse());
                    async.complete();
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                done.set(true);
            }

            @Override
            public void onComplete(AsyncEvent event) {
                done.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        // Served again on a container thread, not on the packager's thread that completes the stage.
        // A copy, as orTimeout would complete the packager's own future.
        listed.get().toCompletableFuture().copy().orTimeout(wait, TimeUnit.MILLISECONDS).whenComplete((x, e) -> {
            if (done.compareAndSet(false, true)) {
                async.dispatch();
            }
        });
        return true;
    }

    private static void notFound(HttpServletResponse resp) throws IOException {
        text(resp, HttpServletResponse.SC_NOT_FOUND, "Not found.");
    }

    private static void text(HttpServletResponse resp, int status, String message) throws IOException {
        MediaFiles.text(resp, status, message);
    }
}
