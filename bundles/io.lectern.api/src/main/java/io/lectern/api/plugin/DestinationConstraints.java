package io.lectern.api.plugin;

/**
 * What a platform accepts; the pipeline picks or encodes a rendition that fits.
 *
 * @param maxHeight       tallest picture accepted (0: no limit)
 * @param maxVideoBitrate highest video bitrate accepted (0: no limit)
 * @param keyframeSeconds required keyframe interval (0: any)
 * @param audioRequired   whether a stream without audio is refused
 * @param vertical        whether the platform wants a 9:16 picture (Instagram)
 */
public record DestinationConstraints(int maxHeight, long maxVideoBitrate, double keyframeSeconds, boolean audioRequired, boolean vertical) {

    public static final DestinationConstraints NONE = new DestinationConstraints(0, 0, 0, false, false);
}
