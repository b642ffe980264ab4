package org.plantwire.plant;

import java.util.Locale;

/**
 * How the historian records one tag. Quality changes are recorded whatever the compression.
 *
 * @param enabled         whether the tag is recorded at all
 * @param compression     which values are kept
 * @param deadband        {@link Compression#DEADBAND}: a value is kept when it differs from the last kept one by more
 *                        than this (0 = every change); {@link Compression#SWINGING_DOOR}: the largest deviation of the
 *                        stored straight lines from a dropped value (the door's width)
 * @param retentionMillis data older than this is dropped
 */
public record HistoryConfig(boolean enabled, Compression compression, double deadband, long retentionMillis) {

    /** Every change, 30 days. */
    public static final HistoryConfig DEFAULTS = new HistoryConfig(true, Compression.DEADBAND, 0, 30L * 86_400_000L);

    public HistoryConfig {
        if (compression == null) {
            throw new IllegalArgumentException("compression is required");
        }
        if (deadband < 0 || Double.isNaN(deadband)) {
            throw new IllegalArgumentException("deadband must not be negative");
        }
        if (retentionMillis <= 0) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }

    /** Which values of a tag the historian keeps. */
    public enum Compression {
        /** Every value the tag bus delivers, repeated ones too. */
        NONE,
        /** A value that moved more than the deadband from the last kept one (0: every change). */
        DEADBAND,
        /**
         * Swinging door: the kept points, joined by straight lines, stay within the deadband of every value received;
         * what a straight line can rebuild is dropped. Suits slow analogue values; read it back interpolated.
         */
        SWINGING_DOOR;

        /** {@code none}, {@code deadband}, {@code swinging-door}, as written in a plant file. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static Compression parse(String text) {
            for (Compression c : values()) {
                if (c.label().equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a compression; use none, deadband or swinging-door");
        }
    }
}
