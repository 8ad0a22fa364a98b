package io.lectern.api.delivery;

/**
 * A finished CMAF segment of one rendition, written under the stream's folder.
 *
 * @param rendition     the {@link Rendition#id()}
 * @param sequence      media sequence number; only grows, also across publisher reconnects
 * @param start         start time in the rendition track's time base (the tfdt)
 * @param duration      duration in the same time base
 * @param uri           path relative to the stream's folder, e.g. {@code 720p/seg-42.m4s}
 * @param bytes         size of the file
 * @param discontinuity whether timestamps jump before this segment (the publisher reconnected)
 * @param wallClockMillis when the segment's first sample was captured (the ingest received it), for program date-time
 */
public record Segment(String rendition, long sequence, long start, long duration, String uri, long bytes,
                      boolean discontinuity, long wallClockMillis) {
}
