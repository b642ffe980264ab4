package org.plantwire.plant;

import java.util.Objects;

import org.plantwire.api.TagPath;

/**
 * One alarm of a plant file's {@code alarms:} section, checked against the plant's tags.
 *
 * @param tag             the tag watched (full path)
 * @param kind            {@code high-high}, {@code high}, {@code low}, {@code low-low}, {@code boolean}, {@code state}
 *                        or {@code rate-of-change}
 * @param limit           the limit, the state value, 1/0 for a boolean alarm on true/false, or units per second
 * @param deadband        how far back past the limit the value must go before the alarm returns
 * @param onDelayMillis   how long the condition must hold before the alarm becomes active
 * @param offDelayMillis  how long it must be gone before the alarm returns
 * @param priority        1 (critical) to 4 (low)
 * @param message         what the operator reads
 * @param suppressTag     while this tag has {@code suppressValue} the alarm is suppressed; null: never
 * @param suppressValue   see above
 * @param maxShelveMillis the longest an operator may shelve it
 * @param line            the line in the plant file
 */
public record AlarmConfig(TagPath tag, String kind, double limit, double deadband, long onDelayMillis,
                          long offDelayMillis, int priority, String message, TagPath suppressTag, Object suppressValue,
                          long maxShelveMillis, int line) {

    public AlarmConfig {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(kind, "kind");
        message = message == null ? "" : message;
    }
}
