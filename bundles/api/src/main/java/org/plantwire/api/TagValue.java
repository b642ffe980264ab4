package org.plantwire.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One sample of a tag: the value, its quality, when the device measured it (source time) and when the
 * server received it (received time), both in milliseconds since the epoch. Immutable.
 *
 * <p>Values are {@link Boolean}, {@link Long}, {@link Double} or {@link String} once they are typed by a
 * {@link DataType}; connectors may publish other numbers and the bus keeps them as given. A value may be null
 * only when the quality is not good (a tag that never had a value).
 */
public final class TagValue {

    private final Object value;
    private final Quality quality;
    private final long sourceTime;
    private final long receivedTime;

    public TagValue(Object value, Quality quality, long sourceTime, long receivedTime) {
        this.quality = Objects.requireNonNull(quality, "quality");
        if (value == null && quality == Quality.GOOD) {
            throw new IllegalArgumentException("A good value must not be null");
        }
        this.value = value;
        this.sourceTime = sourceTime;
        this.receivedTime = receivedTime;
    }

    /** A good value measured and received now. */
    public static TagValue good(Object value) {
        long now = System.currentTimeMillis();
        return new TagValue(value, Quality.GOOD, now, now);
    }

    /** A good value measured at {@code sourceTime}, received now. */
    public static TagValue good(Object value, long sourceTime) {
        return new TagValue(value, Quality.GOOD, sourceTime, System.currentTimeMillis());
    }

    /** A value of the given quality, measured and received now. */
    public static TagValue of(Object value, Quality quality) {
        long now = System.currentTimeMillis();
        return new TagValue(value, quality, now, now);
    }

    public Object value() {
        return value;
    }

    public Quality quality() {
        return quality;
    }

    public long sourceTime() {
        return sourceTime;
    }

    public long receivedTime() {
        return receivedTime;
    }

    public Instant sourceInstant() {
        return Instant.ofEpochMilli(sourceTime);
    }

    /** The same value and source time with another quality, received now. */
    public TagValue withQuality(Quality newQuality) {
        return new TagValue(value, newQuality, sourceTime, System.currentTimeMillis());
    }

    /** This value marked {@code uncertain(last-known)}: what the bus does when the tag's owner goes away. */
    public TagValue asLastKnown() {
        return withQuality(Quality.UNCERTAIN_LAST_KNOWN);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TagValue)) {
            return false;
        }
        TagValue t = (TagValue) o;
        return sourceTime == t.sourceTime && receivedTime == t.receivedTime && quality == t.quality
                && Objects.equals(value, t.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, quality, sourceTime, receivedTime);
    }

    @Override
    public String toString() {
        return value + " " + quality.label() + " @" + Instant.ofEpochMilli(sourceTime);
    }
}
