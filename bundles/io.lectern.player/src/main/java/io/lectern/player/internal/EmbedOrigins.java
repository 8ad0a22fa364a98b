package io.lectern.player.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code embedOrigins} stream setting: space-separated origins (such as
 * {@code https://school.example}) whose pages may show the stream in an iframe. Empty allows every
 * site. Anything that is not a plain origin is left out, so a setting can never break the header.
 */
final class EmbedOrigins {

    static final String SETTING = "embedOrigins";
    private static final Pattern ORIGIN = Pattern.compile("https?://(\\*\\.)?[a-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9a-f:]+](:[0-9]{1,5})?");

    private EmbedOrigins() {
    }

    static Set<String> parse(String setting) {
        Set<String> origins = new LinkedHashSet<>();
        if (setting != null) {
            for (String token : setting.trim().split("[\\s,]+")) {
                String origin = token.toLowerCase(Locale.ROOT);
                if (origin.endsWith("/")) {
                    origin = origin.substring(0, origin.length() - 1);
                }
                if (ORIGIN.matcher(origin).matches()) {
                    origins.add(origin);
                }
            }
        }
        return origins;
    }

    /** The frame-ancestors directive for these origins, or null when every site may embed. */
    static String frameAncestors(String setting) {
        Set<String> origins = parse(setting);
        if (origins.isEmpty()) {
            return setting == null || setting.isBlank() ? null : "frame-ancestors 'self'";
        }
        return "frame-ancestors 'self' " + String.join(" ", origins);
    }
}
