package io.lectern.api.delivery;

/**
 * A partial segment (LL-HLS part, chunked-CMAF chunk) of the segment {@code sequence} still being
 * written.
 *
 * @param index       the part's number within its segment, from 0
 * @param duration    duration in the rendition track's time base
 * @param independent whether it starts with a keyframe
 * @param uri         path relative to the stream's folder
 */
public record Part(String rendition, long sequence, int index, long duration, boolean independent, String uri) {
}
