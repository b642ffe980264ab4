package org.plantwire.access;

import org.plantwire.api.TagPath;

/**
 * What became of a write, as recorded in the audit trail.
 *
 * @param path      the tag
 * @param oldValue  its value before the write (null when it had none)
 * @param newValue  the value asked for
 * @param result    what happened
 * @param message   why, or the device's answer; never null
 * @param connector the connector that handled it, or null
 */
public record WriteOutcome(TagPath path, Object oldValue, Object newValue, Result result, String message, String connector) {

    /** The outcome of a write. */
    public enum Result {
        /** Written, and the tag read back with the new value. */
        CONFIRMED,
        /** The device accepted the write, but the tag did not read back the new value in time. */
        UNCONFIRMED,
        /** The device or connector refused or failed the write. */
        FAILED,
        /** Not attempted: no permission, unknown or read-only tag, value of the wrong type or outside the tag's limits. */
        REFUSED;

        /** The lower-case name, as in the audit trail. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public WriteOutcome {
        message = message == null ? "" : message;
    }

    /** True when the device took the value (confirmed or not). */
    public boolean written() {
        return result == Result.CONFIRMED || result == Result.UNCONFIRMED;
    }
}
