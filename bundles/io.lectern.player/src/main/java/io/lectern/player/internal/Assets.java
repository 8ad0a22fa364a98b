package io.lectern.player.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the player's scripts and styles from this bundle under {@code /player/assets/}. Every URL
 * the pages use changes when the file changes (the libraries carry their version in the folder, our
 * own files a content hash), so browsers may keep them for a year.
 */
@Component(service = { Servlet.class, Assets.class })
@HttpWhiteboardServletName("lectern-player-assets")
@HttpWhiteboardServletPattern("/player/assets/*")
public class Assets extends HttpServlet {

    static final String PREFIX = "/player/assets/";
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*){0,2}");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript", "css", "text/css", "svg", "image/svg+xml");

    private final transient Properties libraries = new Properties();
    private final String version;

    public Assets() {
        try (InputStream in = resource("libraries.properties").openStream()) {
            libraries.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        version = hash("assets/player.js", "assets/player.css");
    }

    /** The URL of a file of a library ({@code videojs}, {@code hlsjs}, {@code dashjs}) or, for null, of our own. */
    String url(String library, String file) {
        return library == null ? PREFIX + file + "?v=" + version : PREFIX + libraries.getProperty(library) + "/" + file;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        URL url = NAME.matcher(name).matches() && !name.contains("..") && type != null ? resource("assets/" + name) : null;
        if (url == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Access-Control-Allow-Origin", "*");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }

    private URL resource(String name) {
        return Assets.class.getResource(name);
    }

    private String hash(String... names) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String name : names) {
                try (InputStream in = resource(name).openStream()) {
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
