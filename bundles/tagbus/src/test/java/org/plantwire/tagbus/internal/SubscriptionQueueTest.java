package org.plantwire.tagbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;

/** The queue on its own: drop oldest, growth, capacity not a power of two, capacity one. */
class SubscriptionQueueTest {

    private static final TagPath P = TagPath.of("acme/q/p");

    private static SubscriptionImpl queue(int capacity, Recorder rec) {
        return new SubscriptionImpl(TagPattern.all(), rec, "q", capacity, s -> { });
    }

    private static List<Object> range(int from, int to) {
        List<Object> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }

    @Test
    void keepsTheNewestWhenFull() {
        for (int capacity : new int[] {1, 2, 3, 64, 100, 1000}) {
            Recorder rec = new Recorder();
            SubscriptionImpl q = queue(capacity, rec);
            int n = capacity * 3 + 7;
            for (int i = 0; i < n; i++) {
                q.offer(P, TagValue.good(i));
            }
            assertThat(q.queued()).as("capacity %d", capacity).isEqualTo(capacity);
            assertThat(q.dropped()).isEqualTo(n - capacity);
            q.start();
            rec.awaitSize(capacity);
            assertThat(rec.values()).as("capacity %d", capacity).isEqualTo(range(n - capacity, n));
            Recorder.await(() -> q.queued() == 0);
            assertThat(q.delivered()).isEqualTo(capacity);
            q.close();
        }
    }

    @Test
    void growsWithoutReorderingWhileDelivering() {
        Recorder rec = new Recorder();
        SubscriptionImpl q = queue(10_000, rec);
        q.start();
        for (int i = 0; i < 5_000; i++) {
            q.offer(P, TagValue.good(i));
        }
        rec.awaitSize(5_000);
        assertThat(rec.values()).isEqualTo(range(0, 5_000));
        assertThat(q.dropped()).isZero();
        q.close();
        q.offer(P, TagValue.good(1)); // after close: ignored
        assertThat(q.queued()).isZero();
    }
}
