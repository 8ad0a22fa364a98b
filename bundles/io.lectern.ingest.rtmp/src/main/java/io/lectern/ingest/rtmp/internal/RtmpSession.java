package io.lectern.ingest.rtmp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lectern.api.plugin.IngestGateway;
import io.lectern.api.plugin.Publication;
import io.lectern.api.plugin.PublishRefusedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher's RTMP conversation after the handshake: control messages, the connect / createStream
 * / publish commands, then media into the {@link Publication}. It reads and writes streams only, so
 * tests and the fuzz test drive it without sockets.
 */
final class RtmpSession {

    static final String PROTOCOL_ID = "rtmp";

    private static final Logger LOG = LoggerFactory.getLogger(RtmpSession.class);
    private static final int OUT_CHUNK_SIZE = 4096;
    private static final int WINDOW = 5_000_000;
    private static final int CSID_CONTROL = 2;
    private static final int CSID_COMMAND = 3;
    private static final int CSID_STREAM = 5;
    private static final int STREAM_ID = 1;
    private static final long STATS_NANOS = 1_000_000_000L;

    private final String app;
    private final IngestGateway gateway;
    private final String remote;
    private final Runnable disconnect;
    private ChunkWriter writer;
    private boolean connected;
    private boolean done;
    private long peerWindow;
    private long lastAck;
    private long lastTs32 = -1;
    private long epoch;
    private Publication publication;
    private MediaMapper mapper;
    private long statsSince;
    private long statsBytes;
    private long statsFrames;

    /**
     * @param app        the application name publishers must connect to
     * @param disconnect closes the connection; called when the pipeline kicks the publisher
     */
    RtmpSession(String app, IngestGateway gateway, String remote, Runnable disconnect) {
        this.app = app;
        this.gateway = gateway;
        this.remote = remote;
        this.disconnect = disconnect;
    }

    /** Runs until the publisher leaves or is refused; throws {@link ProtocolException} on invalid input. */
    void serve(InputStream in, OutputStream out) throws IOException {
        ChunkReader reader = new ChunkReader(in);
        writer = new ChunkWriter(out);
        RtmpMessage m;
        while (!done && (m = reader.next()) != null) {
            acknowledge(reader.bytesRead());
            handle(m);
            if (publication != null && !publication.isOpen()) {
                LOG.info("publisher {} on stream {} was disconnected by Lectern", remote, publication.streamName());
                break;
            }
            stats();
        }
    }

    /** Ends the publication, if any; safe to call more than once. */
    void close() {
        Publication p = publication;
        publication = null;
        mapper = null;
        if (p != null) {
            try {
                p.sink().end();
            } finally {
                p.close();
            }
            LOG.info("publisher {} left stream {}", remote, p.streamName());
        }
    }

    private void handle(RtmpMessage m) throws IOException {
        byte[] p = m.payload();
        switch (m.type()) {
            case RtmpMessage.WINDOW_ACK_SIZE -> peerWindow = p.length >= 4 ? ChunkReader.be32(p, 0) : 0;
            case RtmpMessage.USER_CONTROL -> userControl(p);
            case RtmpMessage.AUDIO, RtmpMessage.VIDEO -> media(m.type(), unwrap(m.timestamp()), p);
            case RtmpMessage.DATA_AMF0 -> data(p, 0);
            case RtmpMessage.DATA_AMF3 -> data(p, 1);
            case RtmpMessage.COMMAND_AMF0 -> command(m.streamId(), p, 0);
            // AMF3 commands start with one format byte, then AMF0 in practice.
            case RtmpMessage.COMMAND_AMF3 -> command(m.streamId(), p, 1);
            case RtmpMessage.AGGREGATE -> aggregate(unwrap(m.timestamp()), p);
            default -> {
                // Set Chunk Size and Abort were applied by the reader; acks and bandwidth hints need nothing.
            }
        }
    }

    /** 64-bit milliseconds from RTMP's 32-bit timestamps, which wrap after about 49.7 days. */
    private long unwrap(long ts32) {
        if (lastTs32 >= 0 && lastTs32 - ts32 > 0x80000000L) {
            epoch += 1L << 32;
        }
        lastTs32 = ts32;
        return epoch + ts32;
    }

    private void acknowledge(long bytesRead) throws IOException {
        if (peerWindow > 0 && bytesRead - lastAck >= peerWindow) {
            lastAck = bytesRead;
            writer.write(CSID_CONTROL, RtmpMessage.ACK, 0, int32((int) bytesRead));
        }
    }

    private void userControl(byte[] p) throws IOException {
        // Ping request (6): answer with a ping response (7) carrying the same timestamp.
        if (p.length >= 6 && p[0] == 0 && p[1] == 6) {
            byte[] reply = Arrays.copyOf(p, 6);
            reply[1] = 7;
            writer.write(CSID_CONTROL, RtmpMessage.USER_CONTROL, 0, reply);
        }
    }

    private void media(int type, long ts, byte[] p) throws ProtocolException {
        if (mapper == null) {
            return;
        }
        statsBytes += p.length;
        if (type == RtmpMessage.VIDEO) {
            mapper.video(ts, p);
        } else {
            mapper.audio(ts, p);
        }
    }

    @SuppressWarnings("unchecked")
    private void data(byte[] p, int offset) throws ProtocolException {
        if (mapper == null || p.length <= offset) {
            return;
        }
        List<Object> v = Amf0.readAll(p, offset);
        int i = !v.isEmpty() && "@setDataFrame".equals(v.get(0)) ? 1 : 0;
        if (v.size() > i + 1 && "onMetaData".equals(v.get(i)) && v.get(i + 1) instanceof Map<?, ?> meta) {
            mapper.metadata((Map<String, Object>) meta);
        }
    }

    /** FLV tags packed in one message; their times count from the message's own timestamp. */
    private void aggregate(long ts, byte[] p) throws ProtocolException {
        int pos = 0;
        long first = -1;
        while (pos < p.length) {
            if (p.length - pos < 11) {
                throw new ProtocolException("aggregate message ends inside a tag header");
            }
            int type = p[pos] & 0xff;
            int size = (p[pos + 1] & 0xff) << 16 | (p[pos + 2] & 0xff) << 8 | (p[pos + 3] & 0xff);
            long tagTs = (p[pos + 7] & 0xffL) << 24 | (p[pos + 4] & 0xff) << 16 | (p[pos + 5] & 0xff) << 8 | (p[pos + 6] & 0xff);
            pos += 11;
            if (size > p.length - pos) {
                throw new ProtocolException("aggregate message tag of " + size + " bytes runs past its end");
            }
            byte[] body = Arrays.copyOfRange(p, pos, pos + size);
            pos = Math.min(p.length, pos + size + 4);
            if (first < 0) {
                first = tagTs;
            }
            long at = ts + tagTs - first;
            if (type == RtmpMessage.AUDIO || type == RtmpMessage.VIDEO) {
                media(type, at, body);
            } else if (type == RtmpMessage.DATA_AMF0) {
                data(body, 0);
            }
        }
    }

    private void command(int streamId, byte[] p, int offset) throws IOException {
        if (p.length <= offset) {
            return;
        }
        List<Object> v = Amf0.readAll(p, offset);
        if (v.isEmpty() || !(v.get(0) instanceof String name)) {
            throw new ProtocolException("command message without a command name");
        }
        double tx = v.size() > 1 && v.get(1) instanceof Double d ? d : 0;
        if (!connected && !"connect".equals(name)) {
            throw new ProtocolException("'" + name + "' before connect");
        }
        switch (name) {
            case "connect" -> connect(tx, v.size() > 2 ? v.get(2) : null);
            case "createStream" -> result(tx, (double) STREAM_ID);
            case "releaseStream" -> result(tx, null);
            case "FCPublish" -> sendCommand(CSID_COMMAND, 0, "onFCPublish", 0, null,
                    status("status", "NetStream.Publish.Start", "FCPublish"));
            case "publish" -> publish(streamId == 0 ? STREAM_ID : streamId, v.size() > 3 ? v.get(3) : null);
            case "FCUnpublish", "deleteStream", "closeStream" -> close();
            case "play", "play2" -> {
                LOG.warn("closing {}: it asked to play, but Lectern takes only publishers over RTMP", remote);
                done = true;
            }
            default -> LOG.debug("publisher {} sent command '{}'; ignored", remote, name);
        }
    }

    private void connect(double tx, Object props) throws IOException {
        Map<?, ?> cmd = props instanceof Map<?, ?> map ? map : Map.of();
        String requested = cmd.get("app") instanceof String s ? s : "";
        String name = requested;
        int q = name.indexOf('?');
        if (q >= 0) {
            name = name.substring(0, q);
        }
        name = name.replaceAll("^/+|/+$", "");
        if (!name.equals(app)) {
            LOG.warn("refused connection from {}: application '{}' is unknown; publishers use rtmp://host/{}/<stream key>",
                    remote, printable(requested), app);
            sendCommand(CSID_COMMAND, 0, "_error", tx, null, status("error", "NetConnection.Connect.Rejected",
                    "Unknown application '" + printable(requested) + "'. Publish to rtmp://host/" + app + "/<stream key>."));
            done = true;
            return;
        }
        connected = true;
        writer.write(CSID_CONTROL, RtmpMessage.WINDOW_ACK_SIZE, 0, int32(WINDOW));
        byte[] bandwidth = Arrays.copyOf(int32(WINDOW), 5);
        bandwidth[4] = 2;
        writer.write(CSID_CONTROL, RtmpMessage.SET_PEER_BANDWIDTH, 0, bandwidth);
        writer.write(CSID_CONTROL, RtmpMessage.SET_CHUNK_SIZE, 0, int32(OUT_CHUNK_SIZE));
        writer.chunkSize(OUT_CHUNK_SIZE);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("fmsVer", "FMS/3,0,1,123");
        server.put("capabilities", 31.0);
        if (cmd.containsKey("fourCcList")) {
            // Enhanced RTMP: tell the client which codecs it may send.
            server.put("fourCcList", List.of("av01", "hvc1", "avc1"));
        }
        Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", 0.0);
        sendCommand(CSID_COMMAND, 0, "_result", tx, server, info);
    }

    private void publish(int streamId, Object keyArg) throws IOException {
        if (publication != null) {
            throw new ProtocolException("publish while already publishing");
        }
        String key = keyArg instanceof String s ? s : "";
        int q = key.indexOf('?');
        if (q >= 0) {
            key = key.substring(0, q);
        }
        try {
            publication = gateway.publish(PROTOCOL_ID, key, remote, disconnect);
        } catch (PublishRefusedException e) {
            String code = switch (e.reason()) {
                case UNKNOWN_KEY, BUSY -> "NetStream.Publish.BadName";
                default -> "NetStream.Publish.Denied";
            };
            LOG.warn("refused publisher {}: {}", remote, e.getMessage());
            sendCommand(CSID_STREAM, streamId, "onStatus", 0, null, status("error", code, e.getMessage()));
            done = true;
            return;
        }
        LOG.info("publisher {} is live on stream {}", remote, publication.streamName());
        mapper = new MediaMapper(publication.sink(), remote);
        statsSince = System.nanoTime();
        statsBytes = 0;
        statsFrames = 0;
        // User control Stream Begin for the publishing stream.
        byte[] begin = new byte[6];
        System.arraycopy(int32(streamId), 0, begin, 2, 4);
        writer.write(CSID_CONTROL, RtmpMessage.USER_CONTROL, 0, begin);
        sendCommand(CSID_STREAM, streamId, "onStatus", 0, null,
                status("status", "NetStream.Publish.Start", "Publishing to " + publication.streamName() + "."));
    }

    private void stats() {
        if (mapper == null) {
            return;
        }
        long now = System.nanoTime();
        long elapsed = now - statsSince;
        if (elapsed >= STATS_NANOS) {
            long frames = mapper.frames();
            publication.reportStats(statsBytes * 8 * STATS_NANOS / elapsed, (frames - statsFrames) * 1e9 / elapsed);
            statsSince = now;
            statsBytes = 0;
            statsFrames = frames;
        }
    }

    private void result(double tx, Object value) throws IOException {
        sendCommand(CSID_COMMAND, 0, "_result", tx, null, value);
    }

    private void sendCommand(int csid, int streamId, String name, double tx, Object command, Object info) throws IOException {
        byte[] payload = new Amf0.Writer().value(name).value(tx).value(command).value(info).toBytes();
        writer.write(csid, RtmpMessage.COMMAND_AMF0, streamId, payload);
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level);
        m.put("code", code);
        m.put("description", description);
        return m;
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
