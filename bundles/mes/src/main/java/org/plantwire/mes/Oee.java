package org.plantwire.mes;

import java.time.Instant;

/**
 * Overall equipment effectiveness over planned production time (planned breaks excluded):
 * availability = run time / planned time; performance = ideal time of the units made / run time;
 * quality = good / (good + reject); oee = their product. A component with nothing to measure yet is 1.
 *
 * @param scope        {@code line} (its current shift), {@code order} or {@code shift}
 * @param id           the line, order or shift (e.g. {@code line1/2026-11-28/early})
 * @param plannedMillis planned production time so far
 * @param runMillis    planned time the line ran (planned time minus downtime; micro-stops count as run time)
 * @param idealMillis  ideal time of the units made
 * @param microStops   stops shorter than the threshold
 */
public record Oee(String scope, String id, String line, Instant from, Instant to, long plannedMillis, long runMillis,
                  long good, long reject, long idealMillis, int microStops, double availability, double performance,
                  double quality, double oee) {
}
