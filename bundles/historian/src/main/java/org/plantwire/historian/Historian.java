package org.plantwire.historian;

import java.util.List;
import java.util.Optional;

import org.plantwire.api.TagPath;

/**
 * The recorded history of the tags: an OSGi service. Queries answer from what is on disk and what is still being
 * batched, so a value is readable as soon as it was recorded. Ranges are half-open {@code [from, to)}, times are
 * source times in epoch ms. A tag without history gives empty answers; {@link #tags()} says which have history.
 */
public interface Historian {

    /**
     * The recorded points of a tag in {@code [from, to)}, oldest first, at most {@code limit} (ask for one more than
     * you show to learn whether there are more).
     *
     * @throws IllegalArgumentException when {@code from > to} or {@code limit < 1}
     */
    List<HistoryPoint> raw(TagPath path, long from, long to, int limit);

    /**
     * Aggregates of a tag for consecutive intervals of {@code intervalMillis} from {@code from} up to {@code to} (the
     * last interval may end after {@code to}); see {@link Aggregate} for how each number is computed.
     *
     * @throws IllegalArgumentException when {@code from > to}, the interval is below 1 ms or the range holds more
     *                                  than {@value #MAX_INTERVALS} intervals
     */
    List<Aggregate> aggregate(TagPath path, long from, long to, long intervalMillis);

    /** Most intervals one {@link #aggregate} call returns. */
    int MAX_INTERVALS = 100_000;

    /** The last point recorded at or before {@code time}: the value the tag had then. */
    Optional<HistoryPoint> valueAt(TagPath path, long time);

    /** Tags with recorded history, sorted. */
    List<TagPath> tags();

    HistorianStatus status();

    /** Writes what is being batched to disk now (it is written every second anyway). */
    void flush();
}
