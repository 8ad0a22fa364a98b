package io.lectern.ingest.rtmp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0 values as plain Java: Double, Boolean, String, Map (object, ECMA array), List (strict
 * array) and null (null, undefined). Reading checks every length against the bytes at hand, so
 * garbage ends in a {@link ProtocolException}, never in a huge allocation or a deep recursion.
 */
final class Amf0 {

    private static final int MAX_DEPTH = 32;

    private Amf0() {
    }

    /** All values from {@code offset} to the end of {@code data}. */
    static List<Object> readAll(byte[] data, int offset) throws ProtocolException {
        Reader r = new Reader(data, offset);
        List<Object> values = new ArrayList<>();
        while (r.pos < data.length) {
            values.add(r.value(0));
        }
        return values;
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        Object value(int depth) throws ProtocolException {
            if (depth > MAX_DEPTH) {
                throw new ProtocolException("AMF0 values nested too deep");
            }
            int marker = u8();
            switch (marker) {
                case 0:
                    return Double.longBitsToDouble(u64());
                case 1:
                    return u8() != 0;
                case 2:
                    return string(u16());
                case 3:
                    return properties(depth);
                case 5:
                case 6:
                    return null;
                case 8:
                    // The count is only a hint; the end marker ends the array.
                    need(4);
                    pos += 4;
                    return properties(depth);
                case 10: {
                    long count = u32();
                    // Every value takes at least one byte: a larger count is a lie.
                    if (count > b.length - pos) {
                        throw new ProtocolException("AMF0 array of " + count + " values in " + (b.length - pos) + " bytes");
                    }
                    List<Object> list = new ArrayList<>();
                    for (long i = 0; i < count; i++) {
                        list.add(value(depth + 1));
                    }
                    return list;
                }
                case 11: {
                    double millis = Double.longBitsToDouble(u64());
                    need(2);
                    pos += 2;
                    return millis;
                }
                case 12:
                case 15:
                    return string(u32());
                case 16:
                    string(u16());
                    return properties(depth);
                default:
                    throw new ProtocolException("unsupported AMF0 type " + marker + " at byte " + (pos - 1));
            }
        }

        private Map<String, Object> properties(int depth) throws ProtocolException {
            Map<String, Object> map = new LinkedHashMap<>();
            while (pos < b.length) {
                String key = string(u16());
                if (key.isEmpty() && pos < b.length && b[pos] == 9) {
                    pos++;
                    return map;
                }
                map.put(key, value(depth + 1));
            }
            // Some encoders leave out the end marker of the last object.
            return map;
        }

        private String string(long length) throws ProtocolException {
            need(length);
            String s = new String(b, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return s;
        }

        private void need(long n) throws ProtocolException {
            if (n > b.length - pos) {
                throw new ProtocolException("AMF0 value runs past the end of its message");
            }
        }

        private int u8() throws ProtocolException {
            need(1);
            return b[pos++] & 0xff;
        }

        private int u16() throws ProtocolException {
            return u8() << 8 | u8();
        }

        private long u32() throws ProtocolException {
            return (long) u16() << 16 | u16();
        }

        private long u64() throws ProtocolException {
            return u32() << 32 | u32();
        }
    }

    /** Builds a message payload value by value. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer value(Object v) {
            if (v == null) {
                out.write(5);
            } else if (v instanceof Number n) {
                out.write(0);
                long bits = Double.doubleToLongBits(n.doubleValue());
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (bits >>> shift));
                }
            } else if (v instanceof Boolean bool) {
                out.write(1);
                out.write(bool ? 1 : 0);
            } else if (v instanceof String s) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                if (utf8.length > 0xffff) {
                    out.write(12);
                    u16(utf8.length >>> 16);
                } else {
                    out.write(2);
                }
                u16(utf8.length);
                out.writeBytes(utf8);
            } else if (v instanceof Map<?, ?> map) {
                out.write(3);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    byte[] key = e.getKey().toString().getBytes(StandardCharsets.UTF_8);
                    u16(key.length);
                    out.writeBytes(key);
                    value(e.getValue());
                }
                u16(0);
                out.write(9);
            } else if (v instanceof List<?> list) {
                out.write(10);
                u16(list.size() >>> 16);
                u16(list.size());
                list.forEach(this::value);
            } else {
                throw new IllegalArgumentException("no AMF0 form for " + v.getClass());
            }
            return this;
        }

        private void u16(int v) {
            out.write(v >>> 8);
            out.write(v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
