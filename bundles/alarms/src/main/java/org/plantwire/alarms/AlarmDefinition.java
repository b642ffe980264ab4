package org.plantwire.alarms;

import java.util.Objects;

import org.plantwire.api.TagPath;

/**
 * One alarm on one tag.
 *
 * @param id             unique and stable, e.g. {@code acme/woodlands/packaging/line1/filler/temperature:high}
 * @param tag            the tag watched
 * @param kind           when it is in alarm
 * @param limit          the limit, state value or rate (per second); 1 or 0 for a boolean alarm
 * @param deadband       how far back past the limit the value must go before the alarm returns (limit alarms)
 * @param onDelayMillis  how long the condition must hold before the alarm becomes active
 * @param offDelayMillis how long the condition must be gone before the alarm returns to normal
 * @param priority       1 (highest, critical) to 4 (low)
 * @param message        what the operator reads
 * @param suppressTag    while this tag equals {@code suppressValue} the alarm is suppressed (e.g. line stopped); null: never
 * @param suppressValue  the value of {@code suppressTag} that suppresses (compared as numbers or text)
 * @param maxShelveMillis the longest an operator may shelve it
 */
public record AlarmDefinition(String id, TagPath tag, AlarmKind kind, double limit, double deadband, long onDelayMillis,
                              long offDelayMillis, int priority, String message, TagPath suppressTag, Object suppressValue,
                              long maxShelveMillis) {

    public AlarmDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(kind, "kind");
        if (deadband < 0 || onDelayMillis < 0 || offDelayMillis < 0) {
            throw new IllegalArgumentException(id + ": deadband and delays must not be negative");
        }
        if (priority < 1 || priority > 4) {
            throw new IllegalArgumentException(id + ": priority must be 1 (critical) to 4 (low), not " + priority);
        }
        if (maxShelveMillis <= 0) {
            throw new IllegalArgumentException(id + ": the longest shelving time must be positive");
        }
        message = message == null ? "" : message;
    }
}
