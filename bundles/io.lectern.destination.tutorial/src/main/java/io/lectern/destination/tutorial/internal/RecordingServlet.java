package io.lectern.destination.tutorial.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.stream.StreamNames;
import io.lectern.delivery.MediaFiles;
import io.lectern.packager.hls.HlsPlaylists;
import io.lectern.store.Recording;
import io.lectern.store.RecordingStore;
import io.lectern.store.StoreException;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

/**
 * Serves {@code /recordings/<stream>/<id>/<file>}: a recording's playlists and CMAF files, to
 * anyone who may open the stream's watch page (the stream exists and is enabled). Segments and init
 * files never change, so they are cached for good; playlists briefly while the recording grows.
 */
@Component(service = Servlet.class, configurationPid = TutorialDestination.PID)
@HttpWhiteboardServletName("lectern-recordings")
@HttpWhiteboardServletPattern(RecordingServlet.PREFIX + "/*")
public final class RecordingServlet extends HttpServlet {

    static final String PREFIX = "/recordings";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingServlet.class);

    private final transient Path root;
    private final transient RecordingStore recordings;
    private final transient StreamStore streams;

    @Activate
    public RecordingServlet(TutorialConfig config, BundleContext context, @Reference RecordingStore recordings,
                            @Reference StreamStore streams) {
        this(Folders.root(config, context.getProperty("lectern.data")), recordings, streams);
    }

    RecordingServlet(Path root, RecordingStore recordings, StreamStore streams) {
        this.root = root;
        this.recordings = recordings;
        this.streams = streams;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        resp.setHeader("Access-Control-Allow-Origin", "*");
        String path = req.getPathInfo();
        if (path == null || MediaFiles.encodedTrickery(req)) {
            notFound(resp);
            return;
        }
        String[] parts = path.substring(1).split("/", 3);
        if (parts.length != 3 || !StreamNames.isValid(parts[0]) || !Recording.isValidId(parts[1]) || !MediaFiles.plainName(parts[2])) {
            notFound(resp);
            return;
        }
        Optional<Recording> recording;
        try {
            recording = recordings.find(parts[1]).filter(r -> r.stream().equals(parts[0]));
            if (recording.isEmpty() || !streams.find(parts[0]).map(StoredStream::enabled).orElse(false)) {
                notFound(resp);
                return;
            }
        } catch (StoreException e) {
            LOG.warn("cannot look up recording {}: {}", parts[1], e.getMessage());
            resp.setHeader("Retry-After", "10");
            MediaFiles.text(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Please try again in a moment.");
            return;
        }
        String cache = !parts[2].endsWith(HlsPlaylists.SUFFIX) ? "public, max-age=31536000, immutable"
                : recording.get().state() == Recording.State.READY ? "public, max-age=60" : "no-cache";
        if (!MediaFiles.send(req, resp, Folders.of(root, recording.get()), parts[2], cache, body)) {
            notFound(resp);
        }
    }

    private static void notFound(HttpServletResponse resp) throws IOException {
        MediaFiles.text(resp, HttpServletResponse.SC_NOT_FOUND, "Not found.");
    }
}
