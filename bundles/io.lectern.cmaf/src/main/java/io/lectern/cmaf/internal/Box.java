package io.lectern.cmaf.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing big-endian byte buffer that writes nested ISO BMFF boxes. */
public final class Box {

    private byte[] buf;
    private int len;

    public Box() {
        this(256);
    }

    /** A box writer with room for {@code capacity} bytes before it grows. */
    public Box(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Starts a box; pass the returned position to {@link #end(int)} once its content is written. */
    public int start(String type) {
        int at = len;
        u32(0);
        fourcc(type);
        return at;
    }

    /** Starts a full box (with version and flags). */
    public int startFull(String type, int version, int flags) {
        int at = start(type);
        u32(((long) version << 24) | (flags & 0xFFFFFF));
        return at;
    }

    /** Ends the box started at {@code at}: writes its size. */
    public void end(int at) {
        int size = len - at;
        buf[at] = (byte) (size >>> 24);
        buf[at + 1] = (byte) (size >>> 16);
        buf[at + 2] = (byte) (size >>> 8);
        buf[at + 3] = (byte) size;
    }

    public Box u8(int v) {
        room(1);
        buf[len++] = (byte) v;
        return this;
    }

    public Box u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    public Box u24(int v) {
        return u8(v >>> 16).u8(v >>> 8).u8(v);
    }

    public Box u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    public Box u64(long v) {
        return u32(v >>> 32).u32(v);
    }

    public Box zeros(int n) {
        room(n);
        len += n;
        return this;
    }

    public Box fourcc(String s) {
        return bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    public Box bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public Box bytes(byte[] b, int off, int n) {
        room(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public Box bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        int n = d.remaining();
        room(n);
        d.get(buf, len, n);
        len += n;
        return this;
    }

    /** Overwrites four bytes written earlier (a data offset known only later). */
    public void put32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public int size() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
