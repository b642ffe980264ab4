package org.plantwire.mes;

import java.time.Instant;
import java.util.List;

/**
 * A work order and its progress.
 *
 * @param due         when it should be done, or null
 * @param priority    higher first
 * @param good        good units counted for it
 * @param reject      rejected units counted for it
 * @param reason      why the last dispatch failed, or why it was held/aborted; empty if nothing to say
 * @param transitions its history, oldest first, with who and when
 */
public record WorkOrder(String id, String product, String line, long quantity, Instant due, int priority,
                        OrderState state, long good, long reject, String reason, Instant createdAt, Instant startedAt,
                        Instant endedAt, List<Transition> transitions) {

    public WorkOrder {
        transitions = List.copyOf(transitions);
        reason = reason == null ? "" : reason;
    }
}
