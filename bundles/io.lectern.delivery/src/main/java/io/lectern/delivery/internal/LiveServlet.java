package io.lectern.delivery.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lectern.api.delivery.Manifest;
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
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every request for {@code /live/<stream>/<name>}: what {@link LiveMedia} answers, with byte
 * ranges, HEAD and OPTIONS, behind the servlet filters (signed links of private streams). The common
 * requests of public streams are answered before they get here, by {@link LiveHandler}. A manifest
 * that has to wait (LL-HLS blocking reload) is answered asynchronously, so a waiting player holds no
 * thread.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/live/*")
@HttpWhiteboardServletAsyncSupported
public final class LiveServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LiveServlet.class);

    private final transient LiveMedia media;

    @Activate
    public LiveServlet(@Reference LiveMedia media) {
        this.media = media;
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
        // Encoded dots, slashes and backslashes have no use in our names: refuse them before decoding matters.
        String[] target = MediaFiles.encodedTrickery(req) ? null : LiveMedia.split(req.getPathInfo());
        if (target == null) {
            notFound(resp);
            return;
        }
        String stream = target[0];
        String name = target[1];
        if (name.indexOf('/') < 0) {
            Optional<CompletionStage<Manifest>> manifest = media.manifest(stream, name, req.getQueryString());
            if (manifest.isPresent()) {
                answer(req, resp, manifest.get(), body);
                return;
            }
        }
        file(req, resp, stream, name, body);
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
        async.setTimeout(media.manifestTimeoutMillis());
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
        LiveMedia.File file = media.file(stream, name);
        if (file != null) {
            MediaFiles.send(req, resp, file.bytes(), file.type(), file.cacheControl(), body);
            return;
        }
        Optional<CompletableFuture<Object>> segment = body && req.getDispatcherType() != DispatcherType.ASYNC
                ? media.segmentProgress(stream, name, 0, media.partWaitMillis()) : Optional.empty();
        if (segment.isPresent()) {
            sendInParts(req, resp, stream, name, segment.get());
        } else if (!awaitPart(req, stream, name)) {
            notFound(resp);
        }
    }

    /** A segment being written, sent part by part as {@link LiveMedia#sendInParts} says, holding no thread while it waits. */
    private void sendInParts(HttpServletRequest req, HttpServletResponse resp, String stream, String name, CompletableFuture<Object> progress) {
        AsyncContext async = req.startAsync();
        // Each part waits at most the part wait limit; this only guards against a segment that never ends.
        async.setTimeout(media.manifestTimeoutMillis());
        media.sendInParts(stream, name, 0, progress, async::start, new LiveMedia.PartSink() {
            @Override
            public void part(LiveMedia.File part, boolean first, Runnable then) throws IOException {
                if (first) {
                    resp.setStatus(HttpServletResponse.SC_OK);
                    resp.setContentType(part.type());
                    resp.setHeader("Cache-Control", part.cacheControl());
                }
                resp.getOutputStream().write(part.bytes());
                resp.flushBuffer();
                then.run();
            }

            @Override
            public void end() {
                async.complete();
            }

            @Override
            public void whole(LiveMedia.File segment) throws IOException {
                if (segment != null) {
                    MediaFiles.send(req, resp, segment.bytes(), segment.type(), segment.cacheControl(), true);
                } else {
                    notFound(resp);
                }
                async.complete();
            }

            @Override
            public void failed(Throwable t) {
                LOG.debug("sending a segment in parts failed: {}", t.toString());
                try {
                    async.complete();
                } catch (IllegalStateException done) {
                    // completed already (the container's timeout)
                }
            }
        });
    }

    /**
     * A player that follows the preload hint asks for the next part before it is written. Instead of a
     * 404 the request waits, holding no thread, until the HLS playlist lists that part, and is then
     * dispatched again to serve the file. False if the name is no part, or this request already waited once.
     */
    private boolean awaitPart(HttpServletRequest req, String stream, String name) {
        Optional<CompletableFuture<Manifest>> listed = req.getDispatcherType() == DispatcherType.ASYNC
                ? Optional.empty() : media.partListed(stream, name);
        if (listed.isEmpty()) {
            return false;
        }
        AsyncContext async = req.startAsync();
        // The stage gives up first; the container's timeout only guards against a stage that never ends.
        async.setTimeout(media.partWaitMillis() + 5000);
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
        // A copy, as orTimeout would complete the packager's own future, shared by every viewer.
        listed.get().copy().orTimeout(media.partWaitMillis(), TimeUnit.MILLISECONDS).whenComplete((x, e) -> {
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
