package org.plantwire.historian;

import java.util.Objects;

import org.plantwire.api.Quality;
import org.plantwire.api.TagValue;

/**
 * One recorded value of a tag.
 *
 * @param time    the value's source time, epoch ms
 * @param value   {@link Boolean}, {@link Long}, {@link Double} or {@link String}; null only when the quality is not good
 * @param quality its quality
 */
public record HistoryPoint(long time, Object value, Quality quality) {

    public HistoryPoint {
        Objects.requireNonNull(quality, "quality");
    }

    /** The value as a number (booleans as 0 and 1), or null for a string or no value. */
    public Double number() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return null;
    }

    /** As a tag value (received time = source time). */
    public TagValue toTagValue() {
        return new TagValue(value, quality, time, time);
    }
}
