package org.plantwire.alarms;

/** The ISA-18.2 alarm states. */
public enum AlarmState {
    /** Not in alarm, nothing to acknowledge. */
    NORMAL,
    /** In alarm, not acknowledged yet. */
    UNACK_ACTIVE,
    /** In alarm, acknowledged. */
    ACK_ACTIVE,
    /** Returned to normal before anyone acknowledged it. */
    RTN_UNACK;

    /** True while the condition holds (after its delays). */
    public boolean active() {
        return this == UNACK_ACTIVE || this == ACK_ACTIVE;
    }

    /** True while it waits for an acknowledgement. */
    public boolean unacknowledged() {
        return this == UNACK_ACTIVE || this == RTN_UNACK;
    }

    /** For people: {@code active-unacknowledged}, ... */
    public String label() {
        return switch (this) {
            case NORMAL -> "normal";
            case UNACK_ACTIVE -> "active-unacknowledged";
            case ACK_ACTIVE -> "active-acknowledged";
            case RTN_UNACK -> "returned-unacknowledged";
        };
    }
}
