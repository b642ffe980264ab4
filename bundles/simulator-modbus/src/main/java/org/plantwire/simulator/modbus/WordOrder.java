package org.plantwire.simulator.modbus;

/**
 * How a 32- or 64-bit value is laid out over 16-bit registers, named after the four bytes of a 32-bit
 * value A B C D (A most significant). Devices disagree; the simulator can speak each of them.
 */
public enum WordOrder {
    /** Big-endian words, big-endian bytes: the Modbus convention and the default. */
    ABCD(false, false),
    /** Word-swapped ("little-endian words"): the low word first. */
    CDAB(true, false),
    /** Byte-swapped within each word. */
    BADC(false, true),
    /** Fully little-endian. */
    DCBA(true, true);

    private final boolean swapWords;
    private final boolean swapBytes;

    WordOrder(boolean swapWords, boolean swapBytes) {
        this.swapWords = swapWords;
        this.swapBytes = swapBytes;
    }

    /**
     * Lays out a value given as big-endian bytes (2, 4 or 8 of them) as registers in this order.
     * For 64-bit values "word swap" reverses all four words (CDAB of ABCDEFGH is GH EF CD AB).
     */
    public short[] toRegisters(byte[] bigEndian) {
        int words = bigEndian.length / 2;
        short[] registers = new short[words];
        for (int i = 0; i < words; i++) {
            int hi = bigEndian[2 * i] & 0xFF;
            int lo = bigEndian[2 * i + 1] & 0xFF;
            int word = swapBytes ? (lo << 8) | hi : (hi << 8) | lo;
            registers[swapWords ? words - 1 - i : i] = (short) word;
        }
        return registers;
    }

    /** The inverse of {@link #toRegisters(byte[])}: big-endian bytes of the value held in {@code registers}. */
    public byte[] fromRegisters(short[] registers) {
        int words = registers.length;
        byte[] bigEndian = new byte[words * 2];
        for (int i = 0; i < words; i++) {
            int word = registers[swapWords ? words - 1 - i : i] & 0xFFFF;
            int hi = swapBytes ? word & 0xFF : word >>> 8;
            int lo = swapBytes ? word >>> 8 : word & 0xFF;
            bigEndian[2 * i] = (byte) hi;
            bigEndian[2 * i + 1] = (byte) lo;
        }
        return bigEndian;
    }
}
