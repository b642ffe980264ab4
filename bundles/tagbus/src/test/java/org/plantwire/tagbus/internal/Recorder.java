package org.plantwire.tagbus.internal;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.plantwire.api.TagEvent;
import org.plantwire.api.TagListener;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/** A listener that keeps what it receives, for assertions. */
final class Recorder implements TagListener {

    private final List<TagEvent> events = new ArrayList<>();

    @Override
    public synchronized void onTag(TagPath path, TagValue value) {
        events.add(new TagEvent(path, value));
    }

    synchronized List<TagEvent> events() {
        return new ArrayList<>(events);
    }

    synchronized int size() {
        return events.size();
    }

    synchronized List<Object> values() {
        List<Object> v = new ArrayList<>();
        for (TagEvent e : events) {
            v.add(e.value().value());
        }
        return v;
    }

    synchronized List<String> paths() {
        List<String> v = new ArrayList<>();
        for (TagEvent e : events) {
            v.add(e.path().toString());
        }
        return v;
    }

    /** Waits (at most 5 s) until at least {@code n} events arrived. */
    Recorder awaitSize(int n) {
        await(() -> size() >= n, () -> "expected " + n + " events, got " + events());
        return this;
    }

    static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out: " + what.get());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static void await(BooleanSupplier condition) {
        await(condition, () -> "condition not met");
    }
}
