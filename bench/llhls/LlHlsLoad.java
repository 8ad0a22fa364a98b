import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many LL-HLS viewers on one NIO selector: each keeps one HTTP/1.1 connection and does what hls.js does
 * at the live edge, a blocking playlist reload for the part the last answer's preload hint names
 * ({@code _HLS_msn}/{@code _HLS_part}), again and again. For each answer it notes how long after the
 * part became available the playlist arrived: availability is the part file's modification time in the
 * stream's folder (the segmenter writes it, then tells the packager). Requests sent after the part was
 * there count from their sending. An answer's arrival is the time of the read that completed it: each
 * round reads every connection that has bytes first, and only then parses the answers and sends the
 * next requests, so the one thread standing in for thousands of viewers does not count its own work
 * on earlier answers as the server's delay. Prints "name value" lines.
 * <p>
 * Run with {@code java LlHlsLoad.java HOST PORT STREAM RENDITION STREAM_DIR VIEWERS RAMP_S WARMUP_S SECONDS}.
 */
public final class LlHlsLoad {

    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"[^\"]*seg-(\\d+)\\.(\\d+)\\.m4s\"");

    private final String host;
    private final String path;
    private final Path renditionDir;
    private final Map<Long, Long> availableNanos = new HashMap<>();
    private final long[] delays = new long[4_000_000];
    private int samples;
    private int connectFailures;
    private int blocked;
    private int errors;
    private final Map<String, Integer> errorKinds = new HashMap<>();
    private long answers;
    private boolean measuring;
    /** Wall clock minus System.nanoTime(), to turn file times into nano times. */
    private final long wallMinusNano;

    private LlHlsLoad(String host, String stream, String rendition, Path streamDir) {
        this.host = host;
        this.path = "/live/" + stream + "/" + rendition + ".m3u8";
        this.renditionDir = streamDir.resolve(rendition);
        Instant now = Instant.now();
        long nano = System.nanoTime();
        this.wallMinusNano = now.getEpochSecond() * 1_000_000_000L + now.getNano() - nano;
    }

    /** One viewer's connection and the request it is waiting on. */
    private final class Viewer {
        final SocketChannel channel;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        ByteBuffer out;
        long msn;
        int part;
        long sentNanos;

        Viewer(SocketChannel channel, long msn, int part) {
            this.channel = channel;
            this.msn = msn;
            this.part = part;
        }

        void request(SelectionKey key) throws IOException {
            String req = "GET " + path + "?_HLS_msn=" + msn + "&_HLS_part=" + part + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
            out = ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
            sentNanos = System.nanoTime();
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** When the last read brought bytes. */
        long readNanos;

        /** Reads what came, and notes when. */
        void receive() throws IOException {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            if (channel.read(in) < 0) {
                throw new IOException("closed by the server");
            }
            readNanos = System.nanoTime();
        }

        /** Handles a whole answer if one came, and sends the next request. */
        void handle(SelectionKey key) throws IOException {
            int end = headerEnd();
            if (end < 0) {
                return;
            }
            String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
            int length = contentLength(head);
            if (in.position() < end + length) {
                return;
            }
            long done = readNanos;
            String body = new String(in.array(), end, length, StandardCharsets.UTF_8);
            int rest = in.position() - end - length;
            System.arraycopy(in.array(), end + length, in.array(), 0, rest);
            in.position(rest);
            answers++;
            if (!head.startsWith("HTTP/1.1 200")) {
                error(head.substring(0, Math.min(12, head.length())));
            } else {
                Matcher m = HINT.matcher(body);
                if (!m.find()) {
                    error("no preload hint");
                } else {
                    sample(done);
                    msn = Long.parseLong(m.group(1));
                    part = Integer.parseInt(m.group(2));
                }
            }
            request(key);
        }

        private void sample(long done) throws IOException {
            if (!measuring) {
                return;
            }
            Long available = available(msn, part);
            if (available == null) {
                error("part file not found");
                return;
            }
            if (available > sentNanos) {
                blocked++;
            }
            if (samples < delays.length) {
                delays[samples++] = done - Math.max(available, sentNanos);
            }
        }

        private int headerEnd() {
            byte[] a = in.array();
            for (int i = 3; i < in.position(); i++) {
                if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        throw new IllegalStateException("no Content-Length in " + head);
    }

    private void error(String kind) {
        if (measuring) {
            errors++;
            errorKinds.merge(kind, 1, Integer::sum);
        }
    }

    /**
     * When part {@code msn.part} was written, in System.nanoTime() terms. A hint past a segment's last
     * part is answered by the next segment's first part, so that one counts when the named file never came.
     */
    private Long available(long msn, int part) throws IOException {
        long key = msn * 1000 + part;
        Long known = availableNanos.get(key);
        if (known != null) {
            return known;
        }
        Long nanos = modified(renditionDir.resolve("seg-" + msn + "." + part + ".m4s"));
        if (nanos == null) {
            nanos = modified(renditionDir.resolve("seg-" + (msn + 1) + ".0.m4s"));
        }
        if (nanos != null) {
            availableNanos.put(key, nanos);
        }
        return nanos;
    }

    private Long modified(Path file) throws IOException {
        try {
            Instant t = Files.getLastModifiedTime(file).toInstant();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano() - wallMinusNano;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void run(int port, int viewers, double rampSeconds, double warmupSeconds, double seconds) throws IOException {
        long[] hint = firstHint(port);
        Selector selector = Selector.open();
        InetSocketAddress address = new InetSocketAddress(host, port);
        long start = System.nanoTime();
        long measureFrom = start + (long) ((rampSeconds + warmupSeconds) * 1e9);
        long measureTo = measureFrom + (long) (seconds * 1e9);
        int opened = 0;
        List<SelectionKey> keys = new ArrayList<>();
        while (true) {
            long now = System.nanoTime();
            if (now >= measureTo) {
                break;
            }
            if (!measuring && now >= measureFrom) {
                measuring = true;
            }
            // Open connections evenly over the ramp, so the accept queue never overflows.
            int due = rampSeconds <= 0 ? viewers : (int) Math.min(viewers, (now - start) / (rampSeconds * 1e9) * viewers + 1);
            while (opened < due) {
                opened++;
                try {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    c.connect(address);
                    SelectionKey k = c.register(selector, SelectionKey.OP_CONNECT);
                    k.attach(new Viewer(c, hint[0], (int) hint[1]));
                    keys.add(k);
                } catch (IOException e) {
                    connectFailures++;
                    if (connectFailures == 1) {
                        System.err.println("connect failed: " + e);
                    }
                }
            }
            selector.select(10);
            // First read every answer that came, noting when, then handle them: one thread stands in for
            // thousands of viewers, and handling one answer must not delay the reading of the next.
            List<SelectionKey> ready = new ArrayList<>(selector.selectedKeys());
            selector.selectedKeys().clear();
            for (SelectionKey k : ready) {
                if (k.isValid() && k.isReadable()) {
                    try {
                        ((Viewer) k.attachment()).receive();
                    } catch (IOException e) {
                        failed(k, e);
                    }
                }
            }
            for (SelectionKey k : ready) {
                if (!k.isValid()) {
                    continue;
                }
                Viewer v = (Viewer) k.attachment();
                try {
                    if (k.isConnectable()) {
                        v.channel.finishConnect();
                        v.request(k);
                    } else if (k.isWritable()) {
                        v.channel.write(v.out);
                        if (!v.out.hasRemaining()) {
                            k.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (k.isReadable()) {
                        v.handle(k);
                    }
                } catch (IOException | RuntimeException e) {
                    failed(k, e);
                }
            }
        }
        long open = keys.stream().filter(SelectionKey::isValid).count();
        for (SelectionKey k : keys) {
            k.channel().close();
        }
        selector.close();
        long[] d = Arrays.copyOf(delays, samples);
        Arrays.sort(d);
        System.out.println("llhls_viewers " + viewers);
        System.out.println("llhls_connections_open_at_end " + open);
        System.out.println("llhls_connect_failures " + connectFailures);
        System.out.println("llhls_seconds " + seconds);
        System.out.println("llhls_answers_per_s " + Math.round(samples / seconds));
        System.out.println("llhls_blocked_answers " + blocked + " of " + samples);
        System.out.println(String.format(Locale.ROOT, "llhls_after_part_p50_ms %.1f", percentile(d, 0.50)));
        System.out.println(String.format(Locale.ROOT, "llhls_after_part_p90_ms %.1f", percentile(d, 0.90)));
        System.out.println(String.format(Locale.ROOT, "llhls_after_part_p99_ms %.1f", percentile(d, 0.99)));
        System.out.println(String.format(Locale.ROOT, "llhls_after_part_max_ms %.1f", d.length == 0 ? Double.NaN : d[d.length - 1] / 1e6));
        System.out.println("llhls_errors " + errors);
        errorKinds.forEach((k, n) -> System.out.println("# error " + n + "x " + k));
    }

    /** A viewer whose connection failed: counted, and closed. */
    private void failed(SelectionKey k, Exception e) throws IOException {
        error(e.getClass().getSimpleName() + ": " + e.getMessage());
        if (!measuring) {
            connectFailures++;
        }
        k.cancel();
        k.channel().close();
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    /** The preload hint of a plain (non-blocking) request for the playlist: where every viewer starts. */
    private long[] firstHint(int port) throws IOException {
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress(host, port))) {
            c.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (c.read(b) >= 0) {
                if (!b.hasRemaining()) {
                    break;
                }
            }
            String answer = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
            Matcher m = HINT.matcher(answer);
            if (!m.find()) {
                throw new IllegalStateException("no preload hint in " + answer);
            }
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 9) {
            System.err.println("usage: java LlHlsLoad.java HOST PORT STREAM RENDITION STREAM_DIR VIEWERS RAMP_S WARMUP_S SECONDS");
            System.exit(2);
        }
        new LlHlsLoad(args[0], args[2], args[3], Path.of(args[4])).run(Integer.parseInt(args[1]), Integer.parseInt(args[5]),
                Double.parseDouble(args[6]), Double.parseDouble(args[7]), Double.parseDouble(args[8]));
    }
}
