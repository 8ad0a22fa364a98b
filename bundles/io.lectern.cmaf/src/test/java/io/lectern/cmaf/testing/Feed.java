package io.lectern.cmaf.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.Packet;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.cmaf.CmafSegmenter;
import io.lectern.cmaf.SegmentListener;

/** Runs packets through a real CMAF segmenter into a packager session, as the pipeline does. */
public final class Feed {

    private Feed() {
    }

    public static void segment(Rendition r, Path stream, LatencyProfile profile, PackagerSession session, List<Packet> packets)
            throws IOException {
        SegmentListener events = new SegmentListener() {
            @Override
            public void init(Rendition rendition, String uri) {
            }

            @Override
            public void part(Part part) {
                session.part(part);
            }

            @Override
            public void segment(Segment segment) {
                session.segment(segment);
            }

            @Override
            public void expired(Segment segment) {
                session.expired(segment);
            }
        };
        try (CmafSegmenter s = new CmafSegmenter(r, stream, profile, events)) {
            for (Packet p : packets) {
                s.write(p);
            }
            s.finish();
        }
    }
}
