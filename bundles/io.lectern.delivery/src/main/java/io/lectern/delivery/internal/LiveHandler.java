package io.lectern.delivery.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lectern.api.delivery.Manifest;
import io.lectern.delivery.OpenStreams;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast path of {@code /live}: a plain Jetty handler that answers the requests every viewer makes
 * many times a minute (GET of a playlist, manifest, init file, segment or part of a public stream)
 * without the servlet stack. Measured under load, the servlet context, its session and servlet
 * handlers and the whiteboard's dispatch cost several times what {@code /live} itself does.
 *
 * <p>It only ever answers what it is sure of. Anything else (another method, a byte range, an
 * encoded character, a stream not known to be public, a name it does not have) is declined: Jetty
 * then passes the request on to the servlet context, where {@link LiveServlet} and the filters in
 * front of it (signed links of private streams) give the full answer, errors included.
 *
 * <p>It runs on Jetty's network threads ({@link LiveRoute}), so it never waits: an answer that is
 * not ready (the next LL-HLS part) is sent later from the thread pool.
 */
final class LiveHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHandler.class);
    private static final HttpField ALLOW_ORIGIN = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    private static final HttpField EXPOSE = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "Content-Length, Content-Range");
    private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");

    private final LiveMedia media;
    private final Supplier<OpenStreams> open;
    private final Waiters<Manifest> waiting = new Waiters<>();

    LiveHandler(LiveMedia media, Supplier<OpenStreams> open) {
        this.media = media;
        this.open = open;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod()) || request.getHttpURI().getPath().indexOf('%') >= 0) {
            return false;
        }
        String[] target = LiveMedia.split(Request.getPathInContext(request));
        OpenStreams streams = open.get();
        if (target == null || streams == null || !streams.isOpen(target[0])) {
            return false;
        }
        String stream = target[0];
        String name = target[1];
        if (name.indexOf('/') < 0) {
            Optional<CompletionStage<Manifest>> manifest = media.manifest(stream, name, request.getHttpURI().getQuery());
            if (manifest.isEmpty()) {
                return false;
            }
            answer(request, response, callback, manifest.get().toCompletableFuture());
            return true;
        }
        if (request.getHeaders().contains(HttpHeader.RANGE)) {
            return false;
        }
        LiveMedia.File file = media.file(stream, name);
        if (file != null) {
            send(response, callback, file);
            return true;
        }
        Optional<CompletableFuture<Object>> segment = media.segmentProgress(stream, name, 0, media.partWaitMillis());
        if (segment.isPresent()) {
            media.sendInParts(stream, name, 0, segment.get(), executor(request), new ChunkedSegment(response, callback));
            return true;
        }
        Optional<CompletableFuture<Manifest>> listed = media.partListed(stream, name);
        if (listed.isEmpty()) {
            return false;
        }
        // A part the preload hint announced: served once the playlist lists it, else 404 after the part
        // wait limit. Every viewer asks for the same next part: kept and answered like blocking reloads.
        waiting.await(listed.get(), media.partWaitMillis(), executor(request), request.getComponents().getScheduler(), done -> {
            try {
                LiveMedia.File part = media.file(stream, name);
                if (part != null) {
                    send(response, callback, part);
                } else {
                    text(response, callback, 404, "Not found.");
                }
            } catch (Exception io) {
                callback.failed(io);
            }
        });
        return true;
    }

    /** Writes a segment sent part by part as HTTP chunks. */
    private static final class ChunkedSegment implements LiveMedia.PartSink {
        private final Response response;
        private final Callback callback;

        ChunkedSegment(Response response, Callback callback) {
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void part(LiveMedia.File part, boolean first, Runnable then) {
            if (first) {
                HttpFields.Mutable h = start(response, 200);
                h.put(HttpHeader.CONTENT_TYPE, part.type());
                h.put(HttpHeader.CACHE_CONTROL, part.cacheControl());
            }
            response.write(false, part.content(), Callback.from(then, callback::failed));
        }

        @Override
        public void end() {
            response.write(true, ByteBuffer.allocate(0), callback);
        }

        @Override
        public void whole(LiveMedia.File segment) {
            if (segment != null) {
                send(response, callback, segment);
            } else {
                text(response, callback, 404, "Not found.");
            }
        }

        @Override
        public void failed(Throwable t) {
            callback.failed(t);
        }
    }

    /** Sends a manifest now if it is ready, else when its stage completes or the wait limit passes. */
    private void answer(Request request, Response response, Callback callback, CompletableFuture<Manifest> f) {
        if (f.isDone()) {
            reply(response, callback, f);
            return;
        }
        // Sent from Jetty's thread pool, many answers a task: a new part answers every viewer waiting for it at once.
        waiting.await(f, media.manifestTimeoutMillis(), executor(request), request.getComponents().getScheduler(),
                done -> reply(response, callback, done));
    }

    private static void reply(Response response, Callback callback, CompletableFuture<Manifest> f) {
        Manifest m;
        try {
            m = f.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IllegalArgumentException) {
                text(response, callback, 400, cause.getMessage());
            } else if (cause instanceof TimeoutException) {
                text(response, callback, 503, "The manifest was not ready in time.");
            } else {
                LOG.warn("a manifest failed: {}", cause.toString());
                text(response, callback, 503, "The manifest is not available.");
            }
            return;
        }
        HttpFields.Mutable h = start(response, 200);
        h.put(HttpHeader.CONTENT_TYPE, m.contentType());
        h.put(m.maxAgeSeconds() > 0 ? new HttpField(HttpHeader.CACHE_CONTROL, "public, max-age=" + m.maxAgeSeconds()) : NO_CACHE);
        h.put(HttpHeader.CONTENT_LENGTH, (long) m.body().length);
        response.write(true, ByteBuffer.wrap(m.body()), callback);
    }

    private static void send(Response response, Callback callback, LiveMedia.File file) {
        HttpFields.Mutable h = start(response, 200);
        h.put(ACCEPT_RANGES);
        h.put(HttpHeader.CONTENT_TYPE, file.type());
        h.put(HttpHeader.CACHE_CONTROL, file.cacheControl());
        h.put(HttpHeader.CONTENT_LENGTH, (long) file.size());
        response.write(true, file.content(), callback);
    }

    /** Sets the status and the headers every answer carries (embedding on other sites); the rest are the caller's. */
    private static HttpFields.Mutable start(Response response, int status) {
        response.setStatus(status);
        HttpFields.Mutable h = response.getHeaders();
        h.put(ALLOW_ORIGIN);
        h.put(EXPOSE);
        return h;
    }

    /** The same short, never cached plain-text answer as the servlet's. */
    private static void text(Response response, Callback callback, int status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        HttpFields.Mutable h = start(response, status);
        h.put(TEXT);
        h.put(NO_CACHE);
        h.put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static Executor executor(Request request) {
        return request.getComponents().getExecutor();
    }
}
