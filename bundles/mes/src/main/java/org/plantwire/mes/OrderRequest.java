package org.plantwire.mes;

import java.time.Instant;

/** What it takes to create a work order; {@code due} may be null. */
public record OrderRequest(String id, String product, String line, long quantity, Instant due, int priority) {
}
