package io.lectern.destination.push.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.lectern.api.plugin.FieldError;
import io.lectern.destination.push.PushDestination;
import io.lectern.destination.push.PushPlatform;

/**
 * Where a session sends to: the full address (key included, never logged) and a safe name for
 * logs and messages (scheme, host and port only).
 */
public final class Target {

    /** SRT URL options an admin may set; others (mode=listener, …) would change what FFmpeg does. */
    private static final Set<String> SRT_OPTIONS = Set.of("streamid", "passphrase", "pbkeylen", "latency");

    private final String scheme;
    private final String host;
    private final String address;
    private final String display;

    private Target(String scheme, String host, String address, String display) {
        this.scheme = scheme;
        this.host = host;
        this.address = address;
        this.display = display;
    }

    /** Checks the settings against the platform; empty when all is well. */
    public static List<FieldError> check(PushPlatform platform, Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        String server = server(platform, settings);
        String problem = serverProblem(platform, server);
        if (problem != null) {
            errors.add(new FieldError(PushDestination.URL, problem));
        }
        String key = settings.getOrDefault(PushDestination.KEY, "").strip();
        if (key.isEmpty() && platform.keyRequired()) {
            errors.add(new FieldError(PushDestination.KEY, "enter the stream key" + (platform.keyHelp().isEmpty() ? "" : ": " + platform.keyHelp())));
        } else if (key.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            errors.add(new FieldError(PushDestination.KEY, "the stream key has spaces in it: paste it exactly as the platform shows it"));
        } else if (key.contains("/") && !server.toLowerCase(Locale.ROOT).startsWith("srt:")) {
            errors.add(new FieldError(PushDestination.KEY, "the stream key has a '/' in it: paste only the key, the server goes in the URL field"));
        }
        return errors;
    }

    /** The target of valid settings (check them first). */
    public static Target of(PushPlatform platform, Map<String, String> settings) {
        URI uri = URI.create(server(platform, settings));
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String key = settings.getOrDefault(PushDestination.KEY, "").strip();
        String display = scheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String address = uri.toString();
        if (!key.isEmpty()) {
            if (scheme.equals("srt")) {
                String id = "streamid=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
                address += (uri.getRawQuery() == null ? "?" : "&") + id;
            } else {
                address = (address.endsWith("/") ? address : address + "/") + key;
            }
        }
        return new Target(scheme, uri.getHost(), address, display);
    }

    private static String server(PushPlatform platform, Map<String, String> settings) {
        String s = settings.getOrDefault(PushDestination.URL, "").strip();
        return s.isEmpty() ? platform.defaultServer() : s;
    }

    private static String serverProblem(PushPlatform platform, String server) {
        String allowed = String.join(", ", platform.schemes().stream().sorted().map(s -> s + "://").toList());
        if (server.isEmpty()) {
            return "enter the server URL" + (platform.serverHelp().isEmpty() ? "" : ": " + platform.serverHelp());
        }
        if (server.contains("*")) {
            return "replace the * in the server URL with your own server" + (platform.serverHelp().isEmpty() ? "" : ": " + platform.serverHelp());
        }
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            return "this is not a valid URL (" + e.getReason() + ")";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!platform.schemes().contains(scheme)) {
            return "the URL must start with " + allowed;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null) {
            return "write the URL as " + scheme + "://server" + (scheme.equals("srt") ? ":port" : "/application");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!platform.hosts().isEmpty() && platform.hosts().stream().noneMatch(h -> host.equals(h) || host.endsWith("." + h))) {
            return "this is not a " + platform.displayName() + " server (those end in " + String.join(" or ", platform.hosts().stream().sorted().toList())
                    + ")" + (platform.serverHelp().isEmpty() ? "" : ": " + platform.serverHelp());
        }
        if (uri.getRawFragment() != null) {
            return "the URL must not have a #fragment";
        }
        if (scheme.equals("srt")) {
            return srtProblem(uri);
        }
        if (uri.getRawPath() == null || uri.getRawPath().replace("/", "").isEmpty()) {
            return "the URL needs the application after the server, e.g. " + scheme + "://" + host + "/live";
        }
        if (uri.getRawQuery() != null) {
            return "the server URL must not have a ?query; put the key in the stream key field";
        }
        return null;
    }

    private static String srtProblem(URI uri) {
        if (uri.getPort() <= 0) {
            return "an SRT URL needs a port, e.g. srt://" + uri.getHost() + ":9000";
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            return "an SRT URL has no path: write srt://server:port";
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
                if (!SRT_OPTIONS.contains(name)) {
                    return "the SRT option '" + name + "' is not allowed (allowed: " + String.join(", ", SRT_OPTIONS.stream().sorted().toList()) + ")";
                }
            }
        }
        return null;
    }

    public String scheme() {
        return scheme;
    }

    public String host() {
        return host;
    }

    /** The address FFmpeg opens: it holds the stream key, so it is never logged or shown. */
    String address() {
        return address;
    }

    /** The muxer the scheme needs. */
    String format() {
        return scheme.equals("srt") ? "mpegts" : "flv";
    }

    /** The protocols FFmpeg may use below this scheme, nothing else. */
    String protocols() {
        return switch (scheme) {
            case "rtmps" -> "rtmps,tls,tcp";
            case "srt" -> "srt";
            default -> "rtmp,tcp";
        };
    }

    /** Without the key: fit for logs and messages. */
    @Override
    public String toString() {
        return display;
    }
}
