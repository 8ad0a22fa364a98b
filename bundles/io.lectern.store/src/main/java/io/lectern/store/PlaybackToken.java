package io.lectern.store;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A signed, expiring permission to watch one private stream: its pages, thumbnail, live media and
 * recordings. Pages carry it as the query {@code ?exp=<unix seconds>&sig=<Base64url>}; media
 * addresses carry it as one path segment right after the stream name (live) or the recording id
 * ({@code /live/<stream>/signed-<exp>-<sig>/master.m3u8}), so the relative addresses inside
 * playlists and manifests keep it without any help from the player.
 *
 * @param stream    the stream it opens
 * @param expires   when it stops working, in seconds since 1970 (UTC)
 * @param signature Base64url HMAC-SHA256 over the stream and the expiry
 */
public record PlaybackToken(String stream, long expires, String signature) {

    /** Query parameter of the expiry. */
    public static final String EXPIRES = "exp";
    /** Query parameter of the signature. */
    public static final String SIGNATURE = "sig";
    /** How a path segment holding a token starts. */
    public static final String PATH_PREFIX = "signed-";
    private static final Pattern EXPIRY = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIG = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /** {@code exp=…&sig=…}, to append to a page's address. */
    public String query() {
        return EXPIRES + "=" + expires + "&" + SIGNATURE + "=" + signature;
    }

    /** {@code signed-<exp>-<sig>}, to put into a media address. */
    public String pathSegment() {
        return PATH_PREFIX + expires + "-" + signature;
    }

    /** A page address ({@code /watch/<stream>}) with the token's query. */
    public String page(String address) {
        return address + (address.indexOf('?') < 0 ? "?" : "&") + query();
    }

    /** A media address ({@code /live/<stream>/master.m3u8}) with the {@link #pathSegment()} before its file name. */
    public String media(String address) {
        int slash = address.lastIndexOf('/');
        return address.substring(0, slash + 1) + pathSegment() + address.substring(slash);
    }

    /** The token in query values, or empty when they are missing or malformed. */
    public static Optional<PlaybackToken> of(String stream, String expires, String signature) {
        if (expires == null || signature == null || !EXPIRY.matcher(expires).matches() || !SIG.matcher(signature).matches()) {
            return Optional.empty();
        }
        return Optional.of(new PlaybackToken(stream, Long.parseLong(expires), signature));
    }

    /** The token in a {@link #pathSegment()}, or empty when the segment is none or malformed. */
    public static Optional<PlaybackToken> ofPathSegment(String stream, String segment) {
        if (segment == null || !segment.startsWith(PATH_PREFIX)) {
            return Optional.empty();
        }
        int dash = segment.indexOf('-', PATH_PREFIX.length());
        return dash < 0 ? Optional.empty()
                : of(stream, segment.substring(PATH_PREFIX.length(), dash), segment.substring(dash + 1));
    }
}
