package io.lectern.api.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a platform accepts; the pipeline picks or encodes a rendition that fits.
 *
 * @param maxHeight       tallest picture accepted (0: no limit)
 * @param maxVideoBitrate highest video bitrate accepted (0: no limit)
 * @param keyframeSeconds required keyframe interval, at most this long (0: any)
 * @param audioRequired   whether a stream without audio is refused
 * @param vertical        whether the platform wants a 9:16 picture (Instagram)
 */
public record DestinationConstraints(int maxHeight, long maxVideoBitrate, double keyframeSeconds, boolean audioRequired, boolean vertical) {

    public static final DestinationConstraints NONE = new DestinationConstraints(0, 0, 0, false, false);

    /**
     * Why a picture would be refused, one plain sentence each; empty when it fits. A value of 0
     * means unknown (e.g. the publisher's own bitrate) and is not held against it.
     *
     * @param width           picture width in pixels
     * @param height          picture height in pixels
     * @param videoBitrate    video bits per second
     * @param keyframeSeconds time between keyframes
     * @since 1.1
     */
    public List<String> problems(int width, int height, long videoBitrate, double keyframeSeconds) {
        List<String> list = new ArrayList<>();
        if (vertical && width > 0 && height > 0 && width >= height) {
            list.add("the picture is " + width + "x" + height + ", but a vertical 9:16 picture is needed");
        }
        if (maxHeight > 0 && height > maxHeight) {
            list.add("the picture is " + height + " lines tall, more than the " + maxHeight + " taken");
        }
        if (maxVideoBitrate > 0 && videoBitrate > maxVideoBitrate) {
            list.add("the video is " + videoBitrate / 1000 + " kbit/s, more than the " + maxVideoBitrate / 1000 + " kbit/s taken");
        }
        if (this.keyframeSeconds > 0 && keyframeSeconds > this.keyframeSeconds + 0.01) {
            list.add("keyframes come every " + seconds(keyframeSeconds) + " s, but one is needed at least every "
                    + seconds(this.keyframeSeconds) + " s");
        }
        return list;
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }
}
