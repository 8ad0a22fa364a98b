package io.lectern.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
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
