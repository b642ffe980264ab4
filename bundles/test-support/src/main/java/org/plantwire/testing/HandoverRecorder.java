package org.plantwire.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import org.plantwire.api.Quality;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.SwitchBoard;

/**
 * For hand-over tests: runs versions of one connector on a tag bus and switch board, and records every good value
 * of one tag that a bus subscriber sees, in order. Closing stops the versions in the order they started.
 */
public final class HandoverRecorder implements AutoCloseable {

    private final SwitchBoard board;
    private final List<TagValue> seen = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> versions = new ArrayList<>();
    private final Subscription subscription;

    public HandoverRecorder(TagBus bus, SwitchBoard board, TagPath tag) {
        this.board = board;
        this.subscription = bus.subscribe(TagPattern.of(tag.toString()), (p, v) -> {
            if (v.quality() == Quality.GOOD) {
                seen.add(v);
            }
        }, "hand-over test", 100_000, false);
    }

    /** Starts a version; {@code start} returns what stops it. */
    public void start(Callable<AutoCloseable> start) throws Exception {
        versions.add(start.call());
    }

    /** Every good value of the tag so far, in the order the bus delivered them. */
    public List<TagValue> seen() {
        return new ArrayList<>(seen);
    }

    /** How many good values so far. */
    public int count() {
        return seen.size();
    }

    /** The values so far, as longs. */
    public List<Long> longs() {
        return seen.stream().map(v -> ((Number) v.value()).longValue()).toList();
    }

    /** True when the version of bundle {@code bundleId} has joined the switch board and is ready. */
    public boolean ready(long bundleId) {
        return board.seats().stream().anyMatch(s -> s.bundleId() == bundleId && s.ready());
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable v : versions) {
            v.close();
        }
        subscription.close();
    }
}
