package org.plantwire.historian;

/**
 * A tag's values over one interval {@code [start, end)}. Between recorded points a tag holds its last value (the
 * historian records changes, so a value holds until the next one), which is how every number here is computed:
 * <ul>
 *   <li>{@code average}: <b>time-weighted</b>: each value weighted by how long it held within the interval, the value
 *   held at {@code start} (recorded before it) included; periods of bad quality and the time after now are left out.
 *   Booleans count as 0 and 1, so the average of a boolean is the fraction of time it was true.</li>
 *   <li>{@code min}, {@code max}: of the values held during the interval (the one held at {@code start} included),
 *   bad quality left out.</li>
 *   <li>{@code last}: the value held at the end of the interval (the last recorded at or before it), any quality.</li>
 *   <li>{@code count}: points recorded within the interval, any quality.</li>
 * </ul>
 *
 * @param start       interval start, epoch ms (inclusive)
 * @param end         interval end, epoch ms (exclusive)
 * @param count       points recorded in the interval
 * @param min         lowest numeric value held, or null (none, or not numeric)
 * @param max         highest numeric value held, or null
 * @param average     time-weighted average, or null (no good numeric value held)
 * @param last        the point held at the end, or null (nothing recorded before the end)
 * @param goodMillis  how long a good value was held within the interval (up to now)
 */
public record Aggregate(long start, long end, long count, Double min, Double max, Double average, HistoryPoint last,
                        long goodMillis) {
}
