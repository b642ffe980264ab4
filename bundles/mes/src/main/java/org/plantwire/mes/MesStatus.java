package org.plantwire.mes;

import java.time.Instant;

/**
 * How the MES stands with its database.
 *
 * @param ready          orders and products are loaded and requests are served; false while the database could not
 *                       be reached since the MES started (requests are refused with 503 meanwhile)
 * @param databaseDownSince since when the database cannot be reached or refuses changes, null when it takes them
 * @param problem        why, empty when nothing is wrong
 * @param changesWaiting changes waiting in the outbox file for the database (one per changed order, downtime event,
 *                       OEE row or product)
 */
public record MesStatus(boolean ready, Instant databaseDownSince, String problem, int changesWaiting) {
}
