package org.plantwire.historian.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.plantwire.api.Quality;

/**
 * The bytes of one chunk: up to a few thousand time-ordered points of one tag. MVStore stores and compresses pages of
 * chunks; what it cannot know is that consecutive points of a tag are alike, which is where this encoding saves:
 * <pre>
 *   header: count (varint), first time (varlong), last time - first time (varlong)
 *   point:  head byte = kind (high 4 bits) | quality code (low 4 bits), time - previous time (varlong), value
 * </pre>
 * Values by kind: nothing for null, false, true and "same as the previous value"; a zig-zag varlong delta for whole
 * numbers; for a double with at most 7 decimals (what instruments send) the scaled whole number as a delta from the
 * previous one at the same scale; other doubles as their 8 bytes; strings as length and UTF-8. A value read back
 * equals the value written (doubles bit for bit).
 */
final class ChunkCodec {

    /** Stored quality codes: the position in this array. Append new qualities only, never reorder. */
    private static final Quality[] QUALITIES = {
        Quality.GOOD, Quality.UNCERTAIN_LAST_KNOWN, Quality.UNCERTAIN_SUBSTITUTED, Quality.UNCERTAIN_INITIAL,
        Quality.UNCERTAIN_OUT_OF_RANGE, Quality.UNCERTAIN_SENSOR, Quality.BAD_NOT_CONNECTED, Quality.BAD_CONFIG_ERROR,
        Quality.BAD_NOT_FOUND, Quality.BAD_DEVICE_FAILURE, Quality.BAD_SENSOR_FAILURE, Quality.BAD_COMM_FAILURE,
        Quality.BAD_OUT_OF_SERVICE, Quality.BAD_TYPE_MISMATCH,
    };
    private static final int[] CODE = new int[Quality.values().length];

    static {
        if (QUALITIES.length != Quality.values().length || QUALITIES.length > 16) {
            throw new IllegalStateException("ChunkCodec.QUALITIES must list every Quality once (at most 16)");
        }
        for (int i = 0; i < QUALITIES.length; i++) {
            CODE[QUALITIES[i].ordinal()] = i;
        }
    }

    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int LONG = 3;
    private static final int DOUBLE = 4;
    /** DECIMAL + scale, scale 0..MAX_SCALE. */
    private static final int DECIMAL = 5;
    private static final int MAX_SCALE = 7;
    private static final int STRING = 13;
    private static final int SAME = 14;
    private static final double[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};
    private static final double MAX_EXACT = 9.007199254740992E15; // 2^53

    private ChunkCodec() {
    }

    /** Receives decoded points; returns false to stop. */
    @FunctionalInterface
    interface PointSink {
        boolean accept(long time, Object value, Quality quality);
    }

    /** Number types the bus may carry, brought to the stored ones: Long, Double, Boolean, String. */
    static Object normalize(Object value) {
        if (value == null || value instanceof Long || value instanceof Double || value instanceof Boolean
                || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal b && b.scale() <= 0 && b.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return b.longValueExact();
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return value.toString();
    }

    /** Builds a chunk point by point; times must not go backwards. */
    static final class Writer {
        private byte[] buf;
        private int pos;
        private int count;
        private long first;
        private long last;
        private Object previous;
        private long previousLong;
        private int previousScale = -1;
        private long previousScaled;

        Writer() {
            buf = new byte[64];
        }

        /** A writer holding the points of an existing chunk, to append to. */
        static Writer of(byte[] chunk) {
            Writer w = new Writer();
            forEach(chunk, (t, v, q) -> {
                w.add(t, v, q);
                return true;
            });
            return w;
        }

        int count() {
            return count;
        }

        long first() {
            return first;
        }

        long last() {
            return last;
        }

        void add(long time, Object value, Quality quality) {
            if (count > 0 && time < last) {
                throw new IllegalArgumentException("time " + time + " is before the chunk's last point " + last);
            }
            ensure(1 + 10 + 10 + 5);
            int q = CODE[quality.ordinal()];
            int head = pos++;
            long delta = count == 0 ? 0 : time - last;
            if (count == 0) {
                first = time;
            }
            writeVarLong(delta);
            int kind;
            if (count > 0 && Objects.equals(value, previous) && !(value instanceof Double)
                    || value instanceof Double d && previous instanceof Double p
                    && Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits(p)) {
                kind = SAME;
            } else if (value == null) {
                kind = NULL;
            } else if (value instanceof Boolean b) {
                kind = b ? TRUE : FALSE;
            } else if (value instanceof Long l) {
                kind = LONG;
                writeVarLong(zigzag(l - previousLong));
                previousLong = l;
            } else if (value instanceof Double d) {
                int scale = scale(d);
                if (scale < 0) {
                    kind = DOUBLE;
                    ensure(8);
                    long bits = Double.doubleToRawLongBits(d);
                    for (int i = 0; i < 8; i++) {
                        buf[pos++] = (byte) (bits >>> (56 - 8 * i));
                    }
                } else {
                    kind = DECIMAL + scale;
                    long scaled = (long) Math.rint(d * POW10[scale]);
                    writeVarLong(zigzag(scale == previousScale ? scaled - previousScaled : scaled));
                    previousScale = scale;
                    previousScaled = scaled;
                }
            } else {
                kind = STRING;
                byte[] s = value.toString().getBytes(StandardCharsets.UTF_8);
                ensure(5 + s.length);
                writeVarLong(s.length);
                System.arraycopy(s, 0, buf, pos, s.length);
                pos += s.length;
            }
            buf[head] = (byte) (kind << 4 | q);
            previous = value;
            last = time;
            count++;
        }

        /** The chunk as stored: header and points. */
        byte[] toBytes() {
            byte[] header = new byte[30];
            int h = putVarLong(header, 0, count);
            h = putVarLong(header, h, first);
            h = putVarLong(header, h, last - first);
            byte[] out = Arrays.copyOf(header, h + pos);
            System.arraycopy(buf, 0, out, h, pos);
            return out;
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        private void writeVarLong(long v) {
            pos = putVarLong(buf, pos, v);
        }
    }

    /** The number of decimals (0..7) that represent d exactly, or -1. */
    static int scale(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= MAX_EXACT) {
            return -1;
        }
        long bits = Double.doubleToRawLongBits(d);
        for (int k = 0; k <= MAX_SCALE; k++) {
            double scaled = Math.rint(d * POW10[k]);
            if (Math.abs(scaled) < MAX_EXACT && Double.doubleToRawLongBits(((long) scaled) / POW10[k]) == bits) {
                return k;
            }
        }
        return -1;
    }

    static int count(byte[] chunk) {
        return (int) readVarLong(chunk, new int[] {0});
    }

    /** The time of the chunk's last point. */
    static long lastTime(byte[] chunk) {
        int[] at = {0};
        readVarLong(chunk, at);
        long first = readVarLong(chunk, at);
        return first + readVarLong(chunk, at);
    }

    /** Decodes the points in order until the sink says stop. */
    static void forEach(byte[] chunk, PointSink sink) {
        int[] at = {0};
        int count = (int) readVarLong(chunk, at);
        long time = readVarLong(chunk, at);
        readVarLong(chunk, at);
        Object previous = null;
        long previousLong = 0;
        long previousScaled = 0;
        int previousScale = -1;
        for (int i = 0; i < count; i++) {
            int head = chunk[at[0]++] & 0xff;
            time += readVarLong(chunk, at);
            int kind = head >>> 4;
            Object value;
            if (kind == SAME) {
                value = previous;
            } else if (kind == NULL) {
                value = null;
            } else if (kind == FALSE || kind == TRUE) {
                value = kind == TRUE;
            } else if (kind == LONG) {
                previousLong += unzigzag(readVarLong(chunk, at));
                value = previousLong;
            } else if (kind == DOUBLE) {
                long bits = 0;
                for (int b = 0; b < 8; b++) {
                    bits = bits << 8 | (chunk[at[0]++] & 0xff);
                }
                value = Double.longBitsToDouble(bits);
            } else if (kind == STRING) {
                int n = (int) readVarLong(chunk, at);
                value = new String(chunk, at[0], n, StandardCharsets.UTF_8);
                at[0] += n;
            } else {
                int scale = kind - DECIMAL;
                long v = unzigzag(readVarLong(chunk, at));
                previousScaled = scale == previousScale ? previousScaled + v : v;
                previousScale = scale;
                value = previousScaled / POW10[scale];
            }
            previous = value;
            if (!sink.accept(time, value, QUALITIES[head & 0x0f])) {
                return;
            }
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static int putVarLong(byte[] b, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            b[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[pos++] = (byte) v;
        return pos;
    }

    private static long readVarLong(byte[] b, int[] at) {
        long result = 0;
        int shift = 0;
        int p = at[0];
        while (true) {
            byte x = b[p++];
            result |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                at[0] = p;
                return result;
            }
            shift += 7;
        }
    }
}
