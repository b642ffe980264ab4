package org.plantwire.api;

import java.util.Locale;

/**
 * The quality of a tag value: a status (good, uncertain, bad) and, unless good, the reason.
 * Written as {@code good}, {@code uncertain(last-known)}, {@code bad(not-connected)}.
 * The reasons follow OPC UA status codes so connectors can map device qualities one to one.
 */
public enum Quality {
    GOOD(Status.GOOD, null),
    /** The value is the last one received before the owner went away (upgrade, restart, undeploy). */
    UNCERTAIN_LAST_KNOWN(Status.UNCERTAIN, "last-known"),
    /** The value was entered or replaced by a person or a rule, not measured. */
    UNCERTAIN_SUBSTITUTED(Status.UNCERTAIN, "substituted"),
    /** The device has not reported a value yet; this is a configured initial value. */
    UNCERTAIN_INITIAL(Status.UNCERTAIN, "initial-value"),
    /** The device reports the value outside its engineering range. */
    UNCERTAIN_OUT_OF_RANGE(Status.UNCERTAIN, "out-of-range"),
    /** The device says the sensor is not accurate (calibration, drift). */
    UNCERTAIN_SENSOR(Status.UNCERTAIN, "sensor-not-accurate"),
    /** The connector is not connected to the device. */
    BAD_NOT_CONNECTED(Status.BAD, "not-connected"),
    /** The tag's configuration is wrong (address, type, mapping). */
    BAD_CONFIG_ERROR(Status.BAD, "config-error"),
    /** The device does not know the address or node. */
    BAD_NOT_FOUND(Status.BAD, "not-found"),
    /** The device reports a failure. */
    BAD_DEVICE_FAILURE(Status.BAD, "device-failure"),
    /** The device reports a sensor failure. */
    BAD_SENSOR_FAILURE(Status.BAD, "sensor-failure"),
    /** Communication with the device failed (time-out, protocol error). */
    BAD_COMM_FAILURE(Status.BAD, "comm-failure"),
    /** The tag or its device was taken out of service. */
    BAD_OUT_OF_SERVICE(Status.BAD, "out-of-service"),
    /** The raw value could not be decoded or converted to the tag's type. */
    BAD_TYPE_MISMATCH(Status.BAD, "type-mismatch");

    /** The three-level status every consumer understands. */
    public enum Status { GOOD, UNCERTAIN, BAD }

    private final Status status;
    private final String reason;
    private final String label;

    Quality(Status status, String reason) {
        this.status = status;
        this.reason = reason;
        this.label = reason == null ? status.name().toLowerCase(Locale.ROOT)
                : status.name().toLowerCase(Locale.ROOT) + "(" + reason + ")";
    }

    public Status status() {
        return status;
    }

    /** The reason, e.g. {@code not-connected}; null for {@link #GOOD}. */
    public String reason() {
        return reason;
    }

    public boolean isGood() {
        return status == Status.GOOD;
    }

    public boolean isBad() {
        return status == Status.BAD;
    }

    /** {@code good}, {@code uncertain(last-known)}, {@code bad(not-connected)}, ... */
    public String label() {
        return label;
    }

    /**
     * Parses a label ({@code bad(not-connected)}), a constant name ({@code BAD_NOT_CONNECTED}) or a bare
     * status ({@code good}, {@code uncertain}, {@code bad}; a bare {@code bad} means bad(device-failure)).
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    public static Quality parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A quality is required");
        }
        String t = text.trim();
        for (Quality q : values()) {
            if (q.label.equalsIgnoreCase(t) || q.name().equalsIgnoreCase(t) || (q.reason != null && q.reason.equalsIgnoreCase(t))) {
                return q;
            }
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "uncertain":
                return UNCERTAIN_SUBSTITUTED;
            case "bad":
                return BAD_DEVICE_FAILURE;
            default:
                StringBuilder sb = new StringBuilder("Unknown quality '").append(text).append("'; use one of: ");
                for (Quality q : values()) {
                    sb.append(q.label).append(q.ordinal() < values().length - 1 ? ", " : "");
                }
                throw new IllegalArgumentException(sb.toString());
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
