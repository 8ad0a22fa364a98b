package io.lectern.ingest.rtmp.internal;

/**
 * One whole RTMP message, put back together from its chunks.
 *
 * @param timestamp milliseconds, 32 bits as sent (it wraps after about 49 days)
 */
record RtmpMessage(int chunkStreamId, int type, int streamId, long timestamp, byte[] payload) {

    static final int SET_CHUNK_SIZE = 1;
    static final int ABORT = 2;
    static final int ACK = 3;
    static final int USER_CONTROL = 4;
    static final int WINDOW_ACK_SIZE = 5;
    static final int SET_PEER_BANDWIDTH = 6;
    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int DATA_AMF3 = 15;
    static final int COMMAND_AMF3 = 17;
    static final int DATA_AMF0 = 18;
    static final int COMMAND_AMF0 = 20;
    static final int AGGREGATE = 22;
}
