package io.lectern.destination.push;

import java.util.Objects;
import java.util.Set;

import io.lectern.api.plugin.DestinationConstraints;

/**
 * What sets one platform apart; the rest is the same for all.
 *
 * @param id            the destination plugin id, e.g. {@code youtube}
 * @param displayName   a name for people, e.g. "YouTube Live"
 * @param defaultServer the server URL used when the admin leaves it empty, or {@code ""} when each
 *                      account has its own and it must be pasted
 * @param schemes       URL schemes the platform takes, a subset of rtmp, rtmps and srt
 * @param hosts         endings of the platform's server names ({@code youtube.com} admits
 *                      {@code a.rtmp.youtube.com}); empty: any server
 * @param keyRequired   whether a stream key must be given
 * @param serverHelp    one line telling where the server URL comes from
 * @param keyHelp       one line telling where the stream key comes from
 * @param constraints   what the platform accepts
 */
public record PushPlatform(String id, String displayName, String defaultServer, Set<String> schemes, Set<String> hosts,
                           boolean keyRequired, String serverHelp, String keyHelp, DestinationConstraints constraints) {

    /** The schemes the engine can send to; anything else (file:, http:, concat:…) is refused. */
    public static final Set<String> SUPPORTED_SCHEMES = Set.of("rtmp", "rtmps", "srt");

    public PushPlatform {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? id : displayName;
        defaultServer = defaultServer == null ? "" : defaultServer;
        schemes = Set.copyOf(schemes);
        hosts = hosts == null ? Set.of() : Set.copyOf(hosts);
        if (schemes.isEmpty() || !SUPPORTED_SCHEMES.containsAll(schemes)) {
            throw new IllegalArgumentException("schemes must be among " + SUPPORTED_SCHEMES + ": " + schemes);
        }
        serverHelp = serverHelp == null ? "" : serverHelp;
        keyHelp = keyHelp == null ? "" : keyHelp;
        constraints = constraints == null ? DestinationConstraints.NONE : constraints;
    }
}
