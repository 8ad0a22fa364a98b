package io.lectern.api.pipeline;

/**
 * One output of a running pipeline: a rendition's encoder, a packager or a destination.
 *
 * @param kind     {@code rendition}, {@code packager} or {@code destination}
 * @param id       rung name, packager id or destination id
 * @param plugin   the plugin serving it ({@code x264}, {@code hls}, {@code youtube}, {@code passthrough})
 * @param state    e.g. {@code live}, {@code retrying in 4 s}, {@code failed: key refused}
 * @param packets  packets delivered so far
 * @param dropped  packets dropped because this output fell behind
 * @param speed    encoder speed as a multiple of real time (renditions), else 0
 */
public record OutputInfo(String kind, String id, String plugin, String state, long packets, long dropped, double speed) {
}
