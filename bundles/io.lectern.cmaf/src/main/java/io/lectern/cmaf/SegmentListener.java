package io.lectern.cmaf;

import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;

import org.osgi.annotation.versioning.ConsumerType;

/** Told by a {@link CmafSegmenter} about each file it finished, on the segmenter's thread. */
@ConsumerType
public interface SegmentListener {

    /** The init file was written; {@code uri} is relative to the stream's folder. */
    void init(Rendition rendition, String uri);

    /** A low-latency part was written. */
    void part(Part part);

    /** A whole segment was written. */
    void segment(Segment segment);

    /** A segment left the DVR window; its file (and parts) are deleted right after this call. */
    void expired(Segment segment);
}
