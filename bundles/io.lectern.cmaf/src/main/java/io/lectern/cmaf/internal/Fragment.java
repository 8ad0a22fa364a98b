package io.lectern.cmaf.internal;

import java.util.List;

/** Builds one CMAF fragment (chunk): a moof describing the samples and the mdat holding them. */
public final class Fragment {

    private static final int TRACK_ID = 1;
    private static final int SYNC = 0x02000000;
    private static final int NON_SYNC = 0x01010000;
    private static final int DATA_OFFSET = 0x000001;
    private static final int DURATION = 0x000100;
    private static final int SIZE = 0x000200;
    private static final int FLAGS = 0x000400;
    private static final int COMPOSITION = 0x000800;
    private static final int DEFAULT_BASE_IS_MOOF = 0x020000;

    private Fragment() {
    }

    /**
     * @param number    the fragment's sequence number (mfhd), growing from one fragment to the next
     * @param scale     multiplies track time base units into MP4 timescale ticks (the time base numerator)
     * @param durations each sample's duration in the track time base
     */
    public static byte[] build(int number, List<Sample> samples, long[] durations, long scale, boolean video) {
        int media = 0;
        for (Sample s : samples) {
            media += s.data().length;
        }
        // Sized up front: a segment's fragment is about a megabyte, and growing by doubling copies it over and over.
        Box b = new Box(128 + 16 * samples.size() + media);
        int moof = b.start("moof");
        int mfhd = b.startFull("mfhd", 0, 0);
        b.u32(number);
        b.end(mfhd);
        int traf = b.start("traf");
        int tfhd = b.startFull("tfhd", 0, DEFAULT_BASE_IS_MOOF);
        b.u32(TRACK_ID);
        b.end(tfhd);
        int tfdt = b.startFull("tfdt", 1, 0);
        b.u64(samples.get(0).dts() * scale);
        b.end(tfdt);
        int flags = DATA_OFFSET | DURATION | SIZE | FLAGS | (video ? COMPOSITION : 0);
        // Version 1: signed composition offsets, as B-frames may be shown before they are decoded.
        int trun = b.startFull("trun", 1, flags);
        b.u32(samples.size());
        int offsetAt = b.size();
        b.u32(0);
        int mdatSize = 8;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            b.u32(durations[i] * scale).u32(s.data().length).u32(video && !s.keyframe() ? NON_SYNC : SYNC);
            if (video) {
                b.u32((s.compositionOffset() * scale) & 0xFFFFFFFFL);
            }
            mdatSize += s.data().length;
        }
        b.end(trun);
        b.end(traf);
        b.end(moof);
        b.put32(offsetAt, b.size() + 8);
        b.u32(mdatSize).fourcc("mdat");
        for (Sample s : samples) {
            b.bytes(s.data());
        }
        return b.toByteArray();
    }
}
