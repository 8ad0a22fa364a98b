package io.lectern.player.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.stream.StreamNames;
import io.lectern.store.PlaybackToken;
import io.lectern.store.Recording;
import io.lectern.store.RecordingStore;
import io.lectern.store.StoreException;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The public pages: {@code /watch/<stream>} (the full player with title and description),
 * {@code /embed/<stream>} (only the player, for an iframe), {@code /watch/<stream>/beacon}, where
 * a playing player reports every few seconds so it is counted as a viewer, and
 * {@code /watch/<stream>/thumbnail.jpg}, the stream's latest picture for overviews and link previews.
 * {@code /watch/<stream>/recordings/<id>} (and {@code /embed/…}) plays a recording of the stream in the
 * same player; the watch page lists the stream's past recordings.
 */
@Component(service = Servlet.class, configurationPid = PlayerServlet.PID)
@Designate(ocd = PlayerServlet.Config.class)
@HttpWhiteboardServletName("lectern-player")
@HttpWhiteboardServletPattern({ "/watch/*", "/embed/*" })
public class PlayerServlet extends HttpServlet {

    static final String PID = "io.lectern.player";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PlayerServlet.class);
    private static final Pattern QUALITY = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Set<String> FORMATS = Set.of("auto", "hls", "dash");
    static final String THUMBNAIL = "thumbnail.jpg";
    /** A host header as browsers and proxies send it: a name or address and an optional port. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\[\\]:-]{1,255}");
    /** Scripts only from Lectern itself; hls.js runs its worker from a blob and plays through MSE blobs. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; worker-src 'self' blob:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

    @ObjectClassDefinition(name = "Lectern player", description = "The watch and embed pages.")
    public @interface Config {
        @AttributeDefinition(name = "Report interval (s)", description = "How often a playing player reports that it is still watching; keep it well under the viewer window.")
        int beaconSeconds() default 10;

        @AttributeDefinition(name = "Offline check interval (s)", description = "How often a page waiting for an offline stream checks whether it has started.")
        int pollSeconds() default 3;
    }

    private final transient StreamStore store;
    private final transient PipelineRegistry registry;
    private final transient ViewerCounter viewers;
    private final transient Assets assets;
    private final transient Config config;
    private final transient RecordingStore recordings;

    @Activate
    public PlayerServlet(@Reference StreamStore store, @Reference PipelineRegistry registry, @Reference ViewerCounter viewers,
                         @Reference Assets assets, Config config, @Reference RecordingStore recordings) {
        this.store = store;
        this.recordings = recordings;
        this.registry = registry;
        this.viewers = viewers;
        this.assets = assets;
        this.config = config;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] parts = parts(req);
        if (parts == null) {
            page(resp, 404, "Stream not found", "There is no stream at this address. Check the link you were given.", false);
        } else if (parts.length == 2 && "beacon".equals(parts[1]) && "/watch".equals(req.getServletPath())) {
            beacon(req, resp, parts[0]);
        } else if (parts.length == 2 && THUMBNAIL.equals(parts[1]) && "/watch".equals(req.getServletPath())) {
            thumbnail(resp, parts[0]);
        } else if (parts.length == 1) {
            player(req, resp, parts[0], null, "/embed".equals(req.getServletPath()));
        } else if (parts.length == 3 && Recordings.PATH.equals(parts[1])) {
            player(req, resp, parts[0], parts[2], "/embed".equals(req.getServletPath()));
        } else {
            page(resp, 404, "Stream not found", "There is no stream at this address. Check the link you were given.", false);
        }
    }

    /** navigator.sendBeacon posts. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] parts = parts(req);
        if (parts != null && parts.length == 2 && "beacon".equals(parts[1]) && "/watch".equals(req.getServletPath())) {
            beacon(req, resp, parts[0]);
        } else {
            resp.sendError(404);
        }
    }

    /** The stream name and what follows it, or null when the name is not a valid stream name. */
    private static String[] parts(HttpServletRequest req) {
        String path = req.getPathInfo();
        if (path == null || path.length() < 2) {
            return null;
        }
        String[] parts = path.substring(1).split("/", -1);
        return parts.length <= 3 && StreamNames.isValid(parts[0]) ? parts : null;
    }

    private void beacon(HttpServletRequest req, HttpServletResponse resp, String stream) {
        resp.setHeader("Cache-Control", "no-store");
        // Only streams that are running are counted, so made-up names cannot grow the table.
        if (registry.pipeline(stream).isPresent() && viewers.report(stream, req.getParameter("id"))) {
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    /**
     * The stream's latest picture, public like the watch page. Made only when asked and reused for a
     * few seconds by the pipeline, so players and link previews may ask often; a stream that is
     * offline shows its last picture.
     */
    private void thumbnail(HttpServletResponse resp, String name) throws IOException {
        Optional<byte[]> jpeg;
        try {
            Optional<StoredStream> found = store.find(name);
            jpeg = found.isPresent() && found.get().enabled() ? registry.thumbnail(name) : Optional.empty();
        } catch (StoreException e) {
            LOG.warn("Cannot read stream {}: {}", name, e.getMessage());
            resp.setHeader("Retry-After", "10");
            resp.sendError(503);
            return;
        }
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (jpeg.isEmpty()) {
            resp.setHeader("Cache-Control", "no-cache");
            resp.sendError(404);
            return;
        }
        resp.setContentType("image/jpeg");
        resp.setHeader("Cache-Control", "public, max-age=5");
        resp.setContentLength(jpeg.get().length);
        resp.getOutputStream().write(jpeg.get());
    }

    /** The live player, or with {@code recordingId} a recording of the stream (public like the stream's page). */
    private void player(HttpServletRequest req, HttpServletResponse resp, String name, String recordingId, boolean embed) throws IOException {
        Optional<StoredStream> found;
        Optional<Recording> recording = Optional.empty();
        List<Recording> past;
        try {
            found = store.find(name);
            if (recordingId != null) {
                recording = recordings.find(recordingId).filter(r -> r.stream().equals(name));
            }
            past = embed ? List.of() : recordings.list(name);
        } catch (StoreException e) {
            LOG.warn("Cannot read stream {}: {}", name, e.getMessage());
            resp.setHeader("Retry-After", "10");
            page(resp, 503, "Please try again soon", "The player is not available right now. Reload the page in a minute.", embed);
            return;
        }
        if (found.isEmpty() || !found.get().enabled()) {
            page(resp, 404, "Stream not found", "There is no stream at this address. Check the link you were given.", embed);
            return;
        }
        if (recordingId != null && recording.isEmpty()) {
            page(resp, 404, "Recording not found", "This recording does not exist, or it was deleted.", embed);
            return;
        }
        StoredStream stream = found.get();
        String ancestors = embed ? EmbedOrigins.frameAncestors(stream.definition().settings().get(EmbedOrigins.SETTING)) : "frame-ancestors 'self'";
        headers(resp, ancestors);
        resp.setStatus(200);
        resp.getWriter().write(render(req, stream, embed, recording.orElse(null), past));
    }

    /** The page; with a {@code recording} it plays that (HLS only, no viewer count), {@code past} lists the stream's recordings. */
    String render(HttpServletRequest req, StoredStream stream, boolean embed, Recording recording, List<Recording> past) {
        String name = stream.name();
        boolean vod = recording != null;
        // Set by PrivateStreams for a private stream's page opened with a valid token: its media and links carry it on.
        PlaybackToken token = (PlaybackToken) req.getAttribute(PrivateStreams.TOKEN);
        String query = token == null ? "" : "?" + token.query();
        String title = vod ? recording.title() : stream.definition().title();
        boolean autoplay = embed ? flag(req, "autoplay") : true;
        boolean muted = flag(req, "muted") || (embed && autoplay);
        boolean controls = !embed || !"0".equals(req.getParameter("controls"));
        boolean count = !"0".equals(req.getParameter("count"));
        String quality = req.getParameter("quality");
        quality = quality != null && QUALITY.matcher(quality).matches() ? quality : "auto";
        String format = req.getParameter("format");
        format = vod ? "hls" : format != null && FORMATS.contains(format) ? format : "auto";

        StringBuilder h = new StringBuilder(4096);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.escape(title)).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(assets.url("videojs", "video-js.min.css")).append("\">")
                .append("<link rel=\"stylesheet\" href=\"").append(assets.url(null, "player.css")).append("\">");
        if (!embed && !vod && !stream.definition().isPrivate()) {
            linkPreview(h, req, stream);
        }
        h.append("</head><body class=\"").append(embed ? "embed" : "watch").append("\"")
                .append(data("stream", name))
                .append(data("title", title))
                .append(data("hls", signed(vod ? Recordings.hls(recording) : "/live/" + name + "/master.m3u8", token)))
                .append(data("dash", vod ? "" : signed("/live/" + name + "/manifest.mpd", token)))
                .append(data("beacon", count && !vod ? "/watch/" + name + "/beacon" + query : ""))
                .append(data("vod", Boolean.toString(vod)))
                .append(data("beacon-seconds", Integer.toString(Math.max(1, config.beaconSeconds()))))
                .append(data("poll-seconds", Integer.toString(Math.max(1, config.pollSeconds()))))
                .append(data("format", format))
                .append(data("quality", quality))
                .append(data("autoplay", Boolean.toString(autoplay)))
                .append(data("muted", Boolean.toString(muted)))
                .append(data("controls", Boolean.toString(controls)))
                .append(data("hls-script", assets.url("hlsjs", "hls.min.js")))
                .append(data("dash-script", assets.url("dashjs", "dash.mediaplayer.min.js")))
                .append(">\n");
        h.append("<main><div class=\"stage\">")
                .append("<video id=\"video\" class=\"video-js vjs-fill vjs-big-play-centered\" playsinline></video>")
                .append("<div id=\"offline\" class=\"offline\" hidden><p class=\"offline-title\">Offline</p>")
                .append("<p>The video will start by itself when the teacher goes live.</p></div>")
                .append("</div>");
        if (!embed) {
            h.append("<section class=\"about\"><h1>").append(Html.escape(title)).append("</h1>");
            if (vod) {
                h.append("<p class=\"when\">Recorded ").append(Recordings.when(recording)).append(" · <a href=\"/watch/")
                        .append(Html.escape(name + query)).append("\">").append(Html.escape(stream.definition().title())).append(" live</a></p>");
            } else if (!stream.description().isBlank()) {
                h.append("<p>").append(Html.escape(stream.description())).append("</p>");
            }
            h.append("</section>").append(Recordings.list(past, vod ? recording.id() : null, query));
        }
        h.append("</main>\n")
                .append("<script src=\"").append(assets.url("videojs", "alt/video.core.novtt.min.js")).append("\"></script>")
                .append("<script src=\"").append(assets.url(null, "player.js")).append("\"></script>")
                .append("</body></html>\n");
        return h.toString();
    }

    /** A media address with the token's path segment before its file name, which relative addresses inside then keep. */
    private static String signed(String media, PlaybackToken token) {
        return token == null ? media : token.media(media);
    }

    /** Open Graph and Twitter card tags, so a shared link shows the title and the live picture. */
    private static void linkPreview(StringBuilder h, HttpServletRequest req, StoredStream stream) {
        String page = origin(req) + "/watch/" + stream.name();
        String title = stream.definition().title();
        String text = stream.description().isBlank() ? "Live video: " + title : stream.description();
        meta(h, "property", "og:type", "video.other");
        meta(h, "property", "og:title", title);
        meta(h, "property", "og:description", text);
        meta(h, "property", "og:url", page);
        meta(h, "property", "og:image", page + "/" + THUMBNAIL);
        meta(h, "property", "og:image:type", "image/jpeg");
        meta(h, "name", "twitter:card", "summary_large_image");
        meta(h, "name", "twitter:title", title);
        meta(h, "name", "twitter:image", page + "/" + THUMBNAIL);
    }

    private static void meta(StringBuilder h, String attribute, String key, String value) {
        h.append("<meta ").append(attribute).append("=\"").append(key).append("\" content=\"").append(Html.escape(value)).append("\">");
    }

    /** Scheme, host and port the viewer used: link previews need absolute addresses, also behind a proxy. */
    static String origin(HttpServletRequest req) {
        String proto = req.getHeader("X-Forwarded-Proto");
        String scheme = "https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto) ? proto.toLowerCase(Locale.ROOT) : req.getScheme();
        String host = req.getHeader("Host");
        if (host == null || !HOST.matcher(host).matches()) {
            host = req.getServerName() + ":" + req.getServerPort();
        }
        return scheme + "://" + host;
    }

    private static boolean flag(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        return "1".equals(v) || "true".equals(v);
    }

    private static String data(String name, String value) {
        return " data-" + name + "=\"" + Html.escape(value) + "\"";
    }

    private static void headers(HttpServletResponse resp, String frameAncestors) {
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        resp.setHeader("Content-Security-Policy", frameAncestors == null ? CSP : CSP + "; " + frameAncestors);
    }

    private void page(HttpServletResponse resp, int status, String heading, String text, boolean embed) throws IOException {
        headers(resp, embed ? null : "frame-ancestors 'self'");
        resp.setStatus(status);
        resp.getWriter().write("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + Html.escape(heading) + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + assets.url(null, "player.css") + "\"></head>"
                + "<body class=\"" + (embed ? "embed" : "watch") + " message\"><main><h1>" + Html.escape(heading) + "</h1><p>"
                + Html.escape(text) + "</p></main></body></html>\n");
    }
}
