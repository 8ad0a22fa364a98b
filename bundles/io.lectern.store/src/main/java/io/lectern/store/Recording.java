package io.lectern.store;

import java.time.OffsetDateTime;

/**
 * A session kept as an on-demand tutorial by the tutorial destination. Its files are HLS
 * ({@code master.m3u8} and CMAF segments) in {@code <data>/recordings/<stream>/<id>/}.
 *
 * @param id             random, also the folder name: 16 lower-case letters and digits
 * @param stream         the stream it was recorded from
 * @param title          the stream's title when it started, or what an admin renamed it to
 * @param started        when the first media arrived
 * @param ended          when it was closed; null while it records
 * @param durationMillis media duration written so far
 * @param bytes          size of its files so far
 * @param state          recording, or ready to play in full
 * @param keepDays       days to keep it from its start; 0 follows the global retention
 */
public record Recording(String id, String stream, String title, OffsetDateTime started, OffsetDateTime ended,
                        long durationMillis, long bytes, State state, int keepDays) {

    /** Whether it still grows. */
    public enum State {
        RECORDING, READY;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String ID_PATTERN = "[a-z0-9]{16}";

    /** Whether {@code id} can be a recording id (and so a plain folder name). */
    public static boolean isValidId(String id) {
        return id != null && id.matches(ID_PATTERN);
    }
}
