import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How long after its pictures were captured a segment (and, for LL-HLS, a part) can be fetched:
 * watches one media playlist and, each time a newer segment or part appears, takes the wall clock
 * minus the capture time of the end of that media (the playlist's EXT-X-PROGRAM-DATE-TIME plus the
 * durations before it). Run by bench/latency.sh with the JDK's single-file launcher:
 * <pre>java LatencyProbe.java &lt;playlist URL or file&gt; &lt;seconds&gt; &lt;label&gt; [ll | started=&lt;epoch ms&gt;]</pre>
 * With {@code ll}, parts are followed with blocking reloads ({@code _HLS_msn}/{@code _HLS_part}) and
 * segments with {@code _HLS_msn} alone; otherwise the playlist is read every 20 ms. With
 * {@code started}, capture times count from that moment instead of the program date-time: for the
 * ffmpeg CLI, whose program date-time is taken when its first packet reaches the muxer, after the
 * encoder's delay (its playlist must then list every segment from the first). Prints
 * {@code name value} lines (milliseconds): p50, p90 and max per kind.
 */
public class LatencyProbe {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static long started;
    private static final DateTimeFormatter FFMPEG_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    /** What a playlist says: the capture time of the end of its last segment and of its last part. */
    record Playlist(long lastMsn, int trailingParts, double segmentsEndMillis, double partsEndMillis) {

        static Playlist parse(String text, long started) {
            Instant pdt = null;
            long sequence = 0;
            int segments = 0;
            double sum = 0;
            double trailing = 0;
            int parts = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:") && pdt == null) {
                    pdt = date(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                    sequence = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("#EXTINF:")) {
                    sum += Double.parseDouble(line.substring(8, line.indexOf(',')));
                    segments++;
                    trailing = 0;
                    parts = 0;
                } else if (line.startsWith("#EXT-X-PART:")) {
                    int at = line.indexOf("DURATION=") + 9;
                    int end = line.indexOf(',', at);
                    trailing += Double.parseDouble(line.substring(at, end < 0 ? line.length() : end));
                    parts++;
                }
            }
            if (started > 0) {
                if (sequence != 0) {
                    throw new IllegalStateException("with started=, the playlist must list every segment from the first");
                }
                pdt = Instant.ofEpochMilli(started);
            }
            if (pdt == null || segments == 0) {
                return null;
            }
            double start = pdt.toEpochMilli();
            return new Playlist(sequence + segments - 1, parts, start + sum * 1000, start + (sum + trailing) * 1000);
        }

        private static Instant date(String s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                return OffsetDateTime.parse(s, FFMPEG_DATE).toInstant(); // ffmpeg writes +0000
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String source = args[0];
        long until = System.currentTimeMillis() + Long.parseLong(args[1]) * 1000;
        String label = args[2];
        boolean ll = args.length > 3 && args[3].equals("ll");
        started = args.length > 3 && args[3].startsWith("started=") ? Long.parseLong(args[3].substring(8)) : 0;
        List<Double> segments = Collections.synchronizedList(new ArrayList<>());
        List<Double> parts = Collections.synchronizedList(new ArrayList<>());
        if (ll) {
            Thread partThread = new Thread(() -> follow(source, until, true, parts));
            partThread.start();
            follow(source, until, false, segments);
            partThread.join();
            print(label + "_ingest_to_part", parts);
        } else {
            poll(source, until, segments);
        }
        print(label + "_ingest_to_segment", segments);
    }

    /** Blocking reloads, each for the next part (or the next whole segment); one sample per answer. */
    private static void follow(String url, long until, boolean byPart, List<Double> samples) {
        try {
            Playlist p = wait(() -> Playlist.parse(get(url), started));
            while (System.currentTimeMillis() < until) {
                String next = byPart ? url + "?_HLS_msn=" + (p.lastMsn() + 1) + "&_HLS_part=" + p.trailingParts()
                        : url + "?_HLS_msn=" + (p.lastMsn() + 1);
                Playlist q = Playlist.parse(get(next), started);
                long now = System.currentTimeMillis();
                if (q == null) {
                    continue;
                }
                if (byPart && q.trailingParts() > 0 && q.partsEndMillis() > p.partsEndMillis()) {
                    samples.add(now - q.partsEndMillis());
                } else if (!byPart && q.lastMsn() > p.lastMsn()) {
                    samples.add(now - q.segmentsEndMillis());
                }
                p = q;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the playlist every 20 ms; one sample per new segment (late by 10 ms on average). */
    private static void poll(String source, long until, List<Double> samples) throws Exception {
        Playlist p = wait(() -> Playlist.parse(read(source), started));
        while (System.currentTimeMillis() < until) {
            Thread.sleep(20);
            Playlist q = Playlist.parse(read(source), started);
            if (q != null && q.lastMsn() > p.lastMsn()) {
                samples.add(System.currentTimeMillis() - q.segmentsEndMillis());
                p = q;
            }
        }
    }

    interface Read {
        Playlist get() throws Exception;
    }

    private static Playlist wait(Read r) throws Exception {
        for (int i = 0; i < 600; i++) {
            Playlist p = r.get();
            if (p != null) {
                return p;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no playlist with a program date-time appeared");
    }

    private static String read(String source) throws Exception {
        if (!source.startsWith("http")) {
            Path f = Path.of(source);
            return Files.exists(f) ? Files.readString(f) : "";
        }
        return get(source);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "";
    }

    private static void print(String name, List<Double> samples) {
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        if (s.isEmpty()) {
            System.out.println(name + "_samples 0");
            return;
        }
        System.out.println(name + "_p50_ms " + String.format(Locale.ROOT, "%.0f", s.get(s.size() / 2)));
        System.out.println(name + "_p90_ms " + String.format(Locale.ROOT, "%.0f", s.get(Math.min(s.size() - 1, s.size() * 9 / 10))));
        System.out.println(name + "_max_ms " + String.format(Locale.ROOT, "%.0f", s.get(s.size() - 1)));
        System.out.println(name + "_samples " + s.size());
    }
}
