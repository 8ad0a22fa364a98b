package io.lectern.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sends one media file from inside a folder, with its media type, byte ranges and the caller's cache
 * rule, and never anything outside the folder: names are checked, links resolved, and the result
 * must still lie inside.
 */
public final class MediaFiles {

    /** One to three path parts, each a plain name that cannot climb up. */
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private MediaFiles() {
    }

    /** Whether the request's raw URI holds encoded dots, slashes, backslashes or NULs, which no media name needs. */
    public static boolean encodedTrickery(HttpServletRequest req) {
        String uri = req.getRequestURI();
        if (uri.indexOf('%') < 0) {
            return false;
        }
        String raw = uri.toLowerCase(Locale.ROOT);
        return raw.contains("%2e") || raw.contains("%2f") || raw.contains("%5c") || raw.contains("%00");
    }

    /** Whether {@code name} is a relative path of plain names ({@code 720p/seg-3.m4s}), with no {@code ..}. */
    public static boolean plainName(String name) {
        // By hand rather than with a regular expression: every media request asks this.
        if (name == null || name.isEmpty() || name.contains("..")) {
            return false;
        }
        int folders = 0;
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/') {
                // Up to three parts of 1-128 characters, none starting with a dot.
                int length = i - start;
                if (length < 1 || length > 128 || name.charAt(start) == '.' || ++folders > 3) {
                    return false;
                }
                start = i + 1;
            } else {
                char c = name.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The media type for a file name: playlists, MPDs, init files and segments; null for anything else. */
    public static String contentType(String name) {
        if (name.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        if (name.endsWith(".mpd")) {
            return "application/dash+xml";
        }
        if (name.endsWith(".mp4")) {
            return "video/mp4";
        }
        if (name.endsWith(".m4s")) {
            return "video/iso.segment";
        }
        return null;
    }

    /**
     * Sends {@code root/name} with the given {@code Cache-Control}, honouring a single byte range.
     * Answers false, having sent nothing, when the file is not there (or not inside {@code root}):
     * the caller then answers 404, or waits for the file.
     */
    public static boolean send(HttpServletRequest req, HttpServletResponse resp, Path root, String name, String cacheControl,
                               boolean body) throws IOException {
        String type = contentType(name);
        Path file = type == null ? null : find(root, name);
        if (file == null) {
            return false;
        }
        InputStream in;
        long size;
        try {
            // Opened before the size is read: a segment deleted now is still readable through this handle.
            in = Files.newInputStream(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        try (InputStream input = in) {
            long[] r = respond(req, resp, size, type, cacheControl);
            if (body && r != null) {
                input.skipNBytes(r[0]);
                copy(input, resp.getOutputStream(), r[1] - r[0] + 1);
            }
        }
        return true;
    }

    /**
     * Sends a media file already in memory ({@code content} as read from {@link #find}), with the same
     * headers and ranges as {@link #send(HttpServletRequest, HttpServletResponse, Path, String, String, boolean)},
     * in one write.
     */
    public static void send(HttpServletRequest req, HttpServletResponse resp, byte[] content, String type, String cacheControl,
                            boolean body) throws IOException {
        long[] r = respond(req, resp, content.length, type, cacheControl);
        if (body && r != null) {
            resp.getOutputStream().write(content, (int) r[0], (int) (r[1] - r[0] + 1));
        }
    }

    /**
     * The real path of the media file {@code root/name}, or null when the name is no plain media name,
     * the file is not there, or it lies outside {@code root} (through a link).
     */
    public static Path find(Path root, String name) throws IOException {
        if (contentType(name) == null || !plainName(name)) {
            return null;
        }
        try {
            Path real = root.toRealPath();
            Path file = real.resolve(name).normalize().toRealPath();
            return file.startsWith(real) && Files.isRegularFile(file) ? file : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Sets the status and headers for a file of {@code size} bytes; the range to send, or null if none (416 sent). */
    private static long[] respond(HttpServletRequest req, HttpServletResponse resp, long size, String type, String cacheControl)
            throws IOException {
        long from = 0;
        long to = size - 1;
        String range = req.getHeader("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            long[] r = m.matches() ? range(m.group(1), m.group(2), size) : null;
            if (r == null) {
                resp.setHeader("Content-Range", "bytes */" + size);
                text(resp, HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE, "Range not satisfiable.");
                return null;
            }
            from = r[0];
            to = r[1];
            resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            resp.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        resp.setContentType(type);
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setHeader("Cache-Control", cacheControl);
        resp.setContentLengthLong(to - from + 1);
        return new long[] {from, to};
    }

    /** A single byte range, clipped to the file; {@code null} if it cannot be served. */
    private static long[] range(String first, String last, long size) {
        try {
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                return suffix <= 0 || size == 0 ? null : new long[] {Math.max(0, size - suffix), size - 1};
            }
            long from = Long.parseLong(first);
            long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            return from >= size || to < from ? null : new long[] {from, to};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    /** A short plain-text answer that is never cached (errors, "not found"). */
    public static void text(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setHeader("Cache-Control", "no-cache");
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
