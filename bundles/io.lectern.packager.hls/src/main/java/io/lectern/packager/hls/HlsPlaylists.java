package io.lectern.packager.hls;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.TimeBase;

/**
 * Lines of HLS playlists whose renditions are CMAF folders: {@code <id>/init.mp4} and the segments'
 * {@link Segment#uri() URIs}, with the media playlists named {@code <id>.m3u8} beside the master.
 */
public final class HlsPlaylists {

    /** The media type of every playlist. */
    public static final String CONTENT_TYPE = "application/vnd.apple.mpegurl";
    /** Media playlists are named after their rendition with this suffix. */
    public static final String SUFFIX = ".m3u8";

    private HlsPlaylists() {
    }

    /** The multivariant playlist: one variant per video rendition, audio as a rendition group. */
    public static String master(List<Rendition> renditions) {
        List<Rendition> video = renditions.stream().filter(r -> r.kind() == MediaKind.VIDEO).toList();
        Rendition audio = renditions.stream().filter(r -> r.kind() == MediaKind.AUDIO).findFirst().orElse(null);
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (audio != null && !video.isEmpty()) {
            b.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"")
                    .append(audio.track().audio().channels()).append("\",URI=\"").append(audio.id()).append(SUFFIX).append("\"\n");
        }
        for (Rendition v : video) {
            long bandwidth = v.bandwidth() + (audio != null ? audio.bandwidth() : 0);
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth)
                    .append(",RESOLUTION=").append(v.track().video().width()).append('x').append(v.track().video().height());
            if (v.track().video().fps() > 0) {
                b.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.track().video().fps()));
            }
            b.append(",CODECS=\"").append(v.codecs()).append(audio != null ? "," + audio.codecs() : "").append('"');
            if (audio != null) {
                b.append(",AUDIO=\"audio\"");
            }
            b.append('\n').append(v.id()).append(SUFFIX).append('\n');
        }
        if (video.isEmpty() && audio != null) {
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(audio.bandwidth()).append(",CODECS=\"").append(audio.codecs())
                    .append("\"\n").append(audio.id()).append(SUFFIX).append('\n');
        }
        return b.toString();
    }

    /** {@code #EXTM3U}, the version and the target duration: how every media playlist starts. */
    public static void head(StringBuilder b, int version, int targetSeconds) {
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(version).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(targetSeconds).append('\n');
    }

    /** The numbering of the first listed segment and the rendition's init file. */
    public static void map(StringBuilder b, Rendition rendition, long mediaSequence, long discontinuitySequence) {
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        b.append("#EXT-X-MAP:URI=\"").append(rendition.id()).append("/init.mp4\"\n");
    }

    /**
     * What comes before a segment's parts and {@code EXTINF}: a discontinuity mark, and its
     * program date-time where the timeline starts ({@code first}) or jumps.
     */
    public static void segmentHead(StringBuilder b, Segment s, boolean first) {
        if (s.discontinuity()) {
            b.append("#EXT-X-DISCONTINUITY\n");
        }
        if (first || s.discontinuity()) {
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(Instant.ofEpochMilli(s.wallClockMillis())).append('\n');
        }
    }

    /** The segment's duration and URI. */
    public static void extinf(StringBuilder b, Segment s, TimeBase timeBase) {
        b.append("#EXTINF:").append(seconds(timeBase.seconds(s.duration()))).append(",\n").append(s.uri()).append('\n');
    }

    /** Seconds as playlists write them, with three decimals. */
    public static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
