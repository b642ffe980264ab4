package org.plantwire.mes;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a work order: CREATED → RELEASED → RUNNING ⇄ HELD → COMPLETED, or ABORTED from any state before
 * the end. RUNNING is entered only by a dispatch the PLC acknowledged.
 */
public enum OrderState {
    CREATED, RELEASED, RUNNING, HELD, COMPLETED, ABORTED;

    /** The states this one may go to. */
    public Set<OrderState> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(RELEASED, ABORTED);
            case RELEASED -> EnumSet.of(RUNNING, ABORTED);
            case RUNNING -> EnumSet.of(HELD, COMPLETED, ABORTED);
            case HELD -> EnumSet.of(RUNNING, COMPLETED, ABORTED);
            case COMPLETED, ABORTED -> EnumSet.noneOf(OrderState.class);
        };
    }

    public boolean canGoTo(OrderState target) {
        return next().contains(target);
    }

    /** RUNNING or HELD: the order has the line. */
    public boolean active() {
        return this == RUNNING || this == HELD;
    }

    public boolean finished() {
        return this == COMPLETED || this == ABORTED;
    }
}
