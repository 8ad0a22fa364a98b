package io.lectern.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link LiveServletTest} again, with {@link LiveHandler} put in front by
 * {@link LiveRoute} as the Felix HTTP service would: the answers must not change. And which requests
 * the fast path takes and which it leaves to the servlet.
 */
class LiveRouteTest extends LiveServletTest {

    private final Set<String> open = new CopyOnWriteArraySet<>(Set.of("class"));
    private LiveRoute route;

    @Override
    void started(Server running) throws Exception {
        route = new LiveRoute(media);
        route.open = open::contains;
        Connector connector = route.createConnector(running);
        running.addConnector(connector);
        connector.start();
    }

    /** A servlet that waits until the test lets it answer, as one reading a slow upload or database would. */
    @Override
    void servlets(ServletContextHandler context) {
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                waiting.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.getWriter().write("done");
            }
        }), "/wait");
    }

    private final CountDownLatch waiting = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private int status(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aServletThatWaitsHoldsUpNoOtherRequest() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/wait")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(waiting.await(5, TimeUnit.SECONDS), "the waiting servlet runs");
        // The server's one network thread is free: the fast path, the servlet and a 404 all answer meanwhile.
        assertEquals(200, status("/live/class/master.m3u8"));
        assertEquals(206, status("/live/class/720p/seg-1.m4s", "Range", "bytes=0-1"));
        assertEquals(404, status("/nothing/here"));
        assertFalse(slow.isDone());
        release.countDown();
        assertEquals("done", slow.get(5, TimeUnit.SECONDS).body());
    }

    @Test
    void theServerIsToldItsHandlersDoNotBlockOnlyWhileTheRouteIsThere() {
        assertEquals(InvocationType.NON_BLOCKING, server.getInvocationType());
        route.deactivate();
        assertEquals(InvocationType.BLOCKING, server.getInvocationType());
    }

    @Test
    void theCommonRequestsOfAPublicStreamNeverReachTheServlet() throws Exception {
        int before = servletRequests.get();
        assertEquals(200, get("/live/class/master.m3u8").statusCode());
        assertEquals(200, get("/live/class/manifest.mpd").statusCode());
        assertEquals(200, get("/live/class/720p/init.mp4").statusCode());
        assertEquals(200, get("/live/class/720p/seg-1.m4s").statusCode());
        assertEquals(before, servletRequests.get());
        // A byte range, HEAD, OPTIONS and names it does not have are the servlet's.
        assertEquals(206, get("/live/class/720p/seg-1.m4s", "Range", "bytes=0-1").statusCode());
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/live/class/720p/seg-1.m4s"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(204, http.send(HttpRequest.newBuilder(URI.create(base + "/live/class/master.m3u8"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(404, get("/live/class/720p/notes.txt").statusCode());
        assertEquals(before + 4, servletRequests.get());
    }

    @Test
    void aStreamNotKnownToBePublicGoesThroughTheServletAndItsFilters() throws Exception {
        open.clear();
        int before = servletRequests.get();
        assertEquals(200, get("/live/class/master.m3u8").statusCode());
        assertEquals(200, get("/live/class/720p/seg-1.m4s").statusCode());
        assertEquals(before + 2, servletRequests.get());
        // No service that tells: the same.
        route.open = null;
        assertEquals(200, get("/live/class/master.m3u8").statusCode());
        assertEquals(before + 3, servletRequests.get());
    }

    @Test
    void stoppedTheRouteLeavesEverythingToTheServlet() throws Exception {
        route.deactivate();
        int before = servletRequests.get();
        assertEquals(200, get("/live/class/master.m3u8").statusCode());
        assertEquals(before + 1, servletRequests.get());
        // Started again (the web server restarted with new settings): back in front.
        route.createConnector(server).start();
        assertEquals(200, get("/live/class/master.m3u8").statusCode());
        assertEquals(before + 1, servletRequests.get());
    }
}
