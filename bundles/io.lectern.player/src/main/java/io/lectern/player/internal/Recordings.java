package io.lectern.player.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.lectern.store.Recording;

/**
 * The bits of HTML the watch pages show about recordings: the line under a recording's title, and
 * the list of a stream's past recordings. Recordings are public like their stream's watch page.
 */
final class Recordings {

    static final String PATH = "recordings";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH);

    private Recordings() {
    }

    /** The recording's HLS address, served by the tutorial destination. */
    static String hls(Recording r) {
        return "/recordings/" + r.stream() + "/" + r.id() + "/master.m3u8";
    }

    static String page(Recording r) {
        return "/watch/" + r.stream() + "/" + PATH + "/" + r.id();
    }

    /** "Recorded 3 Mar 2026 at 10:00 UTC · 52 min 10 s", with a machine-readable time. */
    static String when(Recording r) {
        OffsetDateTime at = r.started().withOffsetSameInstant(ZoneOffset.UTC);
        return "<time datetime=\"" + at + "\">" + Html.escape(DATE.format(at)) + "</time> · " + duration(r.durationMillis())
                + (r.state() == Recording.State.RECORDING ? " so far" : "");
    }

    static String duration(long millis) {
        long s = Math.round(millis / 1000.0);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }

    /** The list of past recordings under a watch page, links ending in {@code query}; empty when there is none. */
    static String list(List<Recording> recordings, String currentId, String query) {
        List<Recording> ready = recordings.stream().filter(r -> r.state() == Recording.State.READY).toList();
        if (ready.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<section class=\"recordings\"><h2>Past lessons</h2><ul>");
        for (Recording r : ready) {
            boolean current = r.id().equals(currentId);
            h.append("<li").append(current ? " class=\"current\"" : "").append("><a href=\"").append(Html.escape(page(r) + query)).append("\">")
                    .append(Html.escape(r.title())).append("</a> <span>").append(when(r)).append("</span></li>");
        }
        return h.append("</ul></section>").toString();
    }
}
