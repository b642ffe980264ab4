package org.plantwire.mes;

import java.time.Instant;

/**
 * One step of an order's life: who moved it from which state to which, when, and why.
 *
 * @param from null for the creation
 */
public record Transition(OrderState from, OrderState to, String by, Instant at, String note) {
}
