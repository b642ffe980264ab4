package org.plantwire.alarms;

/** When a tag is in alarm. */
public enum AlarmKind {
    /** value above the limit (high-high: the second, higher limit). */
    HIGH_HIGH, HIGH,
    /** value below the limit (low-low: the second, lower limit). */
    LOW, LOW_LOW,
    /** a boolean tag equals the alarm value ({@code limit} 1 for true, 0 for false). */
    BOOLEAN,
    /** the tag equals a state value (e.g. machine state 3 = fault). */
    STATE,
    /** the tag changes faster than the limit, in units per second (either direction). */
    RATE_OF_CHANGE;

    /** The plant-file spelling: {@code high-high}, {@code rate-of-change}, ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The kind of a plant-file spelling. */
    public static AlarmKind of(String label) {
        return valueOf(label.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
