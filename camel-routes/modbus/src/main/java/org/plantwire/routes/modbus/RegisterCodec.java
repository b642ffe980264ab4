package org.plantwire.routes.modbus;

import java.nio.ByteBuffer;

/**
 * Decodes and encodes values in Modbus registers. Registers are big-endian 16-bit words on the wire; values wider than
 * one register are split over several, most significant word first ({@code big}, "ABCD") or least significant word
 * first ({@code little}, "CDAB").
 */
final class RegisterCodec {

    private RegisterCodec() {
    }

    /** Registers an encoding occupies. */
    static int width(String encoding) {
        switch (encoding) {
            case "int32": case "uint32": case "float32":
                return 2;
            case "float64":
                return 4;
            default:
                return 1;
        }
    }

    /**
     * The value at register {@code index} of {@code registers} (2 bytes per register): Long for integer encodings,
     * Double for floats.
     */
    static Object decode(byte[] registers, int index, String encoding, String wordOrder) {
        int width = width(encoding);
        byte[] bytes = new byte[width * 2];
        for (int w = 0; w < width; w++) {
            int from = (index + ("little".equals(wordOrder) ? width - 1 - w : w)) * 2;
            bytes[w * 2] = registers[from];
            bytes[w * 2 + 1] = registers[from + 1];
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        switch (encoding) {
            case "int16":
                return (long) b.getShort();
            case "uint16":
                return (long) (b.getShort() & 0xFFFF);
            case "int32":
                return (long) b.getInt();
            case "uint32":
                return b.getInt() & 0xFFFFFFFFL;
            case "float32":
                return (double) b.getFloat();
            case "float64":
                return b.getDouble();
            default:
                throw new IllegalArgumentException("unknown register encoding " + encoding);
        }
    }

    /**
     * The registers (2 bytes each, in wire order) holding a value.
     *
     * @throws IllegalArgumentException when the value does not fit the encoding (e.g. 70000 as uint16)
     */
    static byte[] encode(Object value, String encoding, String wordOrder) {
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException(value + " is not a number");
        }
        Number n = (Number) value;
        ByteBuffer b = ByteBuffer.allocate(width(encoding) * 2);
        switch (encoding) {
            case "int16":
                b.putShort((short) whole(n, Short.MIN_VALUE, Short.MAX_VALUE, encoding));
                break;
            case "uint16":
                b.putShort((short) whole(n, 0, 0xFFFF, encoding));
                break;
            case "int32":
                b.putInt((int) whole(n, Integer.MIN_VALUE, Integer.MAX_VALUE, encoding));
                break;
            case "uint32":
                b.putInt((int) whole(n, 0, 0xFFFFFFFFL, encoding));
                break;
            case "float32":
                b.putFloat(n.floatValue());
                break;
            case "float64":
                b.putDouble(n.doubleValue());
                break;
            default:
                throw new IllegalArgumentException("unknown register encoding " + encoding);
        }
        byte[] big = b.array();
        if (!"little".equals(wordOrder) || big.length == 2) {
            return big;
        }
        byte[] swapped = new byte[big.length];
        int words = big.length / 2;
        for (int w = 0; w < words; w++) {
            swapped[w * 2] = big[(words - 1 - w) * 2];
            swapped[w * 2 + 1] = big[(words - 1 - w) * 2 + 1];
        }
        return swapped;
    }

    private static long whole(Number n, long min, long max, String encoding) {
        double d = n.doubleValue();
        long rounded = Math.round(d);
        if (d < min || d > max) {
            throw new IllegalArgumentException(n + " does not fit a " + encoding + " register (" + min + ".." + max + ")");
        }
        return rounded;
    }

    /** Bit {@code index} of a coil / discrete input response (LSB of the first byte is the first bit). */
    static boolean bit(byte[] bits, int index) {
        return (bits[index / 8] & (1 << (index % 8))) != 0;
    }
}
