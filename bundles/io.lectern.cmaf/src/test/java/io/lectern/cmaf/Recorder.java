package io.lectern.cmaf;

import java.util.ArrayList;
import java.util.List;

import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;

/** Keeps every event a segmenter sends. */
final class Recorder implements SegmentListener {

    final List<String> inits = new ArrayList<>();
    final List<Part> parts = new ArrayList<>();
    final List<Segment> segments = new ArrayList<>();
    final List<Segment> expired = new ArrayList<>();

    @Override
    public void init(Rendition rendition, String uri) {
        inits.add(uri);
    }

    @Override
    public void part(Part part) {
        parts.add(part);
    }

    @Override
    public void segment(Segment segment) {
        segments.add(segment);
    }

    @Override
    public void expired(Segment segment) {
        expired.add(segment);
    }
}
