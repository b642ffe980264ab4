package org.plantwire.buffer.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.buffer.BufferedEntry;

/**
 * How one tag change is kept on disk: a format byte, the time it was appended (first, so expiry reads 9 bytes), the
 * path, the value with its type, the quality by name, source and received time.
 */
final class EntryCodec {

    private static final byte FORMAT = 1;
    private static final byte NULL = 0;
    private static final byte BOOLEAN = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte STRING = 4;

    private EntryCodec() {
    }

    static byte[] encode(long appendedAt, TagPath path, TagValue value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(appendedAt);
            out.writeUTF(path.toString());
            Object v = value.value();
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof Boolean) {
                out.writeByte(BOOLEAN);
                out.writeBoolean((Boolean) v);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                out.writeByte(LONG);
                out.writeLong(((Number) v).longValue());
            } else if (v instanceof Number) {
                out.writeByte(DOUBLE);
                out.writeDouble(((Number) v).doubleValue());
            } else {
                byte[] text = v.toString().getBytes(StandardCharsets.UTF_8);
                out.writeByte(STRING);
                out.writeInt(text.length);
                out.write(text);
            }
            out.writeUTF(value.quality().name());
            out.writeLong(value.sourceTime());
            out.writeLong(value.receivedTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not with a byte array
        }
        return bytes.toByteArray();
    }

    /** When the entry was appended, without decoding the rest. */
    static long appendedAt(byte[] data) {
        long t = 0;
        for (int i = 1; i <= 8; i++) {
            t = (t << 8) | (data[i] & 0xff);
        }
        return t;
    }

    static BufferedEntry decode(long sequence, byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("entry " + sequence + " has format " + format + ", this version reads " + FORMAT);
            }
            long appendedAt = in.readLong();
            TagPath path = TagPath.of(in.readUTF());
            Object value;
            byte type = in.readByte();
            switch (type) {
                case NULL -> value = null;
                case BOOLEAN -> value = in.readBoolean();
                case LONG -> value = in.readLong();
                case DOUBLE -> value = in.readDouble();
                case STRING -> {
                    byte[] text = new byte[in.readInt()];
                    in.readFully(text);
                    value = new String(text, StandardCharsets.UTF_8);
                }
                default -> throw new IllegalStateException("entry " + sequence + " has an unknown value type " + type);
            }
            Quality quality = Quality.valueOf(in.readUTF());
            long sourceTime = in.readLong();
            long receivedTime = in.readLong();
            return new BufferedEntry(sequence, appendedAt, path, new TagValue(value, quality, sourceTime, receivedTime));
        } catch (IOException e) {
            throw new IllegalStateException("entry " + sequence + " is truncated", e);
        }
    }
}
