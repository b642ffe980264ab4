package org.plantwire.tagbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.plantwire.tagbus.internal.Recorder.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.Quality;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagListener;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;

class TagBusSubscriptionTest {

    private static final TagPath SPEED = TagPath.of("acme/site1/line1/filler/speed");
    private static final TagPath TEMP = TagPath.of("acme/site1/line1/filler/temperature");
    private static final TagPath OTHER = TagPath.of("acme/site1/line2/capper/speed");

    private final TagBusImpl bus = new TagBusImpl();

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void keepsCurrentValuesAndCountsUpdates() {
        assertThat(bus.read(SPEED)).isEmpty();
        assertThat(bus.info(SPEED)).isEmpty();
        bus.publish(SPEED, 10.0);
        bus.publish(SPEED, 12.5);
        TagValue bad = TagValue.of(null, Quality.BAD_NOT_CONNECTED);
        bus.publish(TEMP, bad);

        assertThat(bus.read(SPEED)).get().extracting(TagValue::value).isEqualTo(12.5);
        assertThat(bus.read(SPEED).get().quality()).isEqualTo(Quality.GOOD);
        assertThat(bus.read(TEMP)).contains(bad);
        TagInfo info = bus.info(SPEED).orElseThrow();
        assertThat(info.updates()).isEqualTo(2);
        assertThat(info.owner()).isNull();
        assertThat(info.definition()).isNull();
        assertThat(info.type()).hasToString("float");
    }

    @Test
    void listsTagsByPatternSortedByPath() {
        bus.publish(OTHER, 1);
        bus.publish(TEMP, 2);
        bus.publish(SPEED, 3);
        assertThat(bus.tags(TagPattern.all())).extracting(TagInfo::path).containsExactly(SPEED, TEMP, OTHER);
        assertThat(bus.tags(TagPattern.of("acme/site1/line1/#"))).extracting(TagInfo::path).containsExactly(SPEED, TEMP);
        assertThat(bus.tags(TagPattern.of("acme/+/+/+/speed"))).extracting(TagInfo::path).containsExactly(SPEED, OTHER);
        assertThat(bus.tags(TagPattern.of(TEMP.toString()))).extracting(TagInfo::path).containsExactly(TEMP);
        assertThat(bus.tags(TagPattern.of("acme/site1/line9/x"))).isEmpty();
        assertThat(bus.tags(TagPattern.of("acme"))).isEmpty(); // no wildcard, yet no valid path either
        assertThat(bus.tags(TagPattern.of("acme/.."))).isEmpty();
        Recorder rec = new Recorder();
        bus.subscribe(TagPattern.of("acme"), rec);
        bus.publish(SPEED, 1);
        sleep(20);
        assertThat(rec.size()).isZero();
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> bus.publish(null, TagValue.good(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bus.publish(SPEED, (TagValue) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining(SPEED.toString());
    }

    @Test
    void subscriptionReceivesMatchingTagsOnly() {
        Recorder line1 = new Recorder();
        Recorder speeds = new Recorder();
        Recorder exact = new Recorder();
        bus.subscribe(TagPattern.of("acme/site1/line1/#"), line1);
        bus.subscribe(TagPattern.of("acme/+/+/+/speed"), speeds);
        bus.subscribe(TagPattern.of(TEMP.toString()), exact);

        bus.publish(SPEED, 1);
        bus.publish(TEMP, 2);
        bus.publish(OTHER, 3);
        bus.publish(TagPath.of("acme/site1/line1"), 4); // '#' matches the parent level too
        bus.publish(TagPath.of("acme/site1/line10/x"), 5);

        assertThat(line1.awaitSize(3).paths()).containsExactly(SPEED.toString(), TEMP.toString(), "acme/site1/line1");
        assertThat(speeds.awaitSize(2).paths()).containsExactly(SPEED.toString(), OTHER.toString());
        assertThat(exact.awaitSize(1).values()).containsExactly(2);
        sleep(50);
        assertThat(line1.size()).isEqualTo(3);
        assertThat(speeds.size()).isEqualTo(2);
        assertThat(exact.size()).isEqualTo(1);
    }

    @Test
    void newSubscriberFirstGetsCurrentValuesThenChanges() {
        bus.publish(SPEED, 1);
        bus.publish(SPEED, 2);
        bus.publish(TEMP, 20.0);
        bus.publish(OTHER, 9);
        bus.registerOwner(new TestOwner("defines", "acme/site1/line1/filler/level",
                org.plantwire.api.TagDefinition.readOnly(TagPath.of("acme/site1/line1/filler/level"),
                        org.plantwire.api.DataType.FLOAT, "%")));

        Recorder rec = new Recorder();
        Subscription sub = bus.subscribe(TagPattern.of("acme/site1/line1/#"), rec);
        rec.awaitSize(2);
        // current values only (the defined tag has none), in any order of tags
        assertThat(rec.paths()).containsExactlyInAnyOrder(SPEED.toString(), TEMP.toString());
        assertThat(rec.values()).containsExactlyInAnyOrder(2, 20.0);

        bus.publish(SPEED, 3);
        assertThat(rec.awaitSize(3).values().get(2)).isEqualTo(3);
        assertThat(sub.delivered()).isEqualTo(3);

        Recorder exact = new Recorder();
        bus.subscribe(TagPattern.of(TEMP.toString()), exact);
        assertThat(exact.awaitSize(1).values()).containsExactly(20.0);
    }

    @Test
    void subscriberWithoutInitialValuesGetsOnlyChanges() {
        bus.publish(SPEED, 1);
        Recorder rec = new Recorder();
        bus.subscribe(TagPattern.all(), rec, "changes-only", 16, false);
        bus.publish(TEMP, 2);
        assertThat(rec.awaitSize(1).values()).containsExactly(2);
        sleep(30);
        assertThat(rec.size()).isEqualTo(1);
    }

    @Test
    void initialValuesNeverArriveBehindNewerValues() throws Exception {
        // a publisher counts up on 50 tags while subscribers come and go; each must see each tag's values in order
        List<TagPath> paths = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            paths.add(TagPath.of("acme/race/t" + i));
            bus.publish(paths.get(i), 0L);
        }
        AtomicInteger running = new AtomicInteger(1);
        Thread publisher = new Thread(() -> {
            long n = 1;
            while (running.get() == 1) {
                for (TagPath p : paths) {
                    bus.publish(p, n);
                }
                n++;
            }
        });
        publisher.start();
        try {
            for (int round = 0; round < 20; round++) {
                OrderChecker checker = new OrderChecker();
                Subscription s = bus.subscribe(TagPattern.of("acme/race/#"), checker, "race-" + round, 1_000_000, true);
                await(() -> checker.count.get() > 200);
                s.close();
                assertThat(checker.errors).isEmpty();
                assertThat(checker.firstSeen.size()).isEqualTo(50);
            }
        } finally {
            running.set(0);
            publisher.join();
        }
    }

    /** Fails on any value lower than the last one seen for the tag (equal is fine: a duplicate). */
    private static final class OrderChecker implements TagListener {
        final java.util.Map<TagPath, Long> last = new java.util.HashMap<>();
        final java.util.Set<TagPath> firstSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void onTag(TagPath path, TagValue value) {
            long v = (Long) value.value();
            Long before = last.put(path, v);
            if (before != null && v < before) {
                errors.add(path + ": " + v + " after " + before);
            }
            firstSeen.add(path);
            count.incrementAndGet();
        }
    }

    @Test
    void listenerThatThrowsIsCountedAndOthersGetEverything() {
        AtomicInteger calls = new AtomicInteger();
        Subscription failing = bus.subscribe(TagPattern.all(), (p, v) -> {
            calls.incrementAndGet();
            if (((Integer) v.value()) % 2 == 0) {
                throw new IllegalStateException("listener bug on " + v.value());
            }
        }, "failing", 1000, false);
        Recorder good = new Recorder();
        bus.subscribe(TagPattern.all(), good, "good", 1000, false);

        for (int i = 0; i < 100; i++) {
            bus.publish(SPEED, i);
        }
        good.awaitSize(100);
        assertThat(good.values()).hasSize(100).startsWith(0, 1, 2).endsWith(99);
        await(() -> calls.get() == 100);
        await(() -> failing.failed() == 50, () -> "failed() = " + failing.failed());
        assertThat(failing.delivered()).isEqualTo(100);
        assertThat(failing.dropped()).isZero();
        // still alive
        bus.publish(SPEED, 101);
        await(() -> calls.get() == 101);
    }

    @Test
    void slowListenerBlocksNeitherPublishersNorOtherSubscribers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Subscription slow = bus.subscribe(TagPattern.all(), (p, v) -> {
            entered.countDown();
            release.await();
        }, "slow", 100, false);
        Recorder fast = new Recorder();
        Subscription fastSub = bus.subscribe(TagPattern.all(), fast, "fast", 100_000, false);

        bus.publish(SPEED, -1);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 20_000; i++) {
            bus.publish(i % 2 == 0 ? SPEED : TEMP, i); // returns although 'slow' is stuck
        }
        fast.awaitSize(20_001);
        assertThat(fastSub.dropped()).isZero();
        assertThat(fast.values().get(20_000)).isEqualTo(19_999);

        assertThat(slow.dropped()).isGreaterThan(0);
        assertThat(slow.queued()).isLessThanOrEqualTo(slow.capacity() + SubscriptionImpl.BATCH);
        assertThat(slow.delivered() + slow.dropped() + slow.queued()).isEqualTo(20_001);
        assertThat(slow.capacity()).isEqualTo(100);

        // drop oldest: once released, the slow listener gets the newest values
        List<Integer> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        Subscription slow2 = bus.subscribe(TagPattern.of(SPEED.toString()), (p, v) -> {
            release.await();
            got.add((Integer) v.value());
        }, "slow2", 10, false);
        for (int i = 0; i < 1000; i++) {
            bus.publish(SPEED, i);
        }
        release.countDown();
        await(() -> got.contains(999));
        assertThat(got.size()).isLessThanOrEqualTo(10 + 1 + SubscriptionImpl.BATCH);
        assertThat(got).isSorted();
        assertThat(slow2.dropped()).isEqualTo(1000 - got.size());
    }

    @Test
    void concurrentPublishersLoseNothingAndKeepOrderPerTag() throws Exception {
        int threads = 4;
        int perThread = 100_000;
        int tagsPerThread = 100;
        long[][] last = new long[threads][tagsPerThread];
        for (long[] row : last) {
            java.util.Arrays.fill(row, -1);
        }
        TagPath[][] paths = new TagPath[threads][tagsPerThread];
        java.util.Map<TagPath, int[]> index = new java.util.HashMap<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < tagsPerThread; i++) {
                paths[t][i] = TagPath.of("acme/load/p" + t + "/tag" + i);
                index.put(paths[t][i], new int[] {t, i});
            }
        }
        AtomicInteger outOfOrder = new AtomicInteger();
        Subscription sub = bus.subscribe(TagPattern.of("acme/load/#"), (p, v) -> {
            int[] ti = index.get(p);
            long n = (Long) v.value();
            if (n <= last[ti[0]][ti[1]]) {
                outOfOrder.incrementAndGet();
            }
            last[ti[0]][ti[1]] = n;
        }, "all", threads * perThread, false);

        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tt = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int n = 0; n < perThread; n++) {
                    bus.publish(paths[tt][n % tagsPerThread], TagValue.good((long) n));
                }
            }, "publisher-" + t);
            th.start();
            publishers.add(th);
        }
        for (Thread th : publishers) {
            th.join();
        }
        await(() -> sub.delivered() == (long) threads * perThread,
                () -> "delivered " + sub.delivered() + ", dropped " + sub.dropped());
        assertThat(sub.dropped()).isZero();
        assertThat(outOfOrder.get()).isZero();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < tagsPerThread; i++) {
                assertThat(last[t][i]).isEqualTo(perThread - tagsPerThread + i);
                assertThat(bus.info(paths[t][i]).orElseThrow().updates()).isEqualTo(perThread / tagsPerThread);
            }
        }
    }

    @Test
    void closeStopsDeliveryPromptlyEvenWhenTheListenerIsStuck() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        SubscriptionImpl stuck = (SubscriptionImpl) bus.subscribe(TagPattern.all(), (p, v) -> {
            entered.countDown();
            never.await();
        }, "stuck", 10, false);
        Recorder rec = new Recorder();
        Subscription other = bus.subscribe(TagPattern.all(), rec, "other", 10, false);
        assertThat(bus.subscriptions()).containsExactly(stuck, other);
        assertThat(stuck.thread().getName()).isEqualTo("plantwire-tagbus-stuck");
        assertThat(stuck.thread().isDaemon()).isTrue();

        bus.publish(SPEED, 1);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        rec.awaitSize(1);
        long t0 = System.nanoTime();
        stuck.close();
        stuck.close(); // idempotent
        assertThat(stuck.thread().isAlive()).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
        assertThat(bus.subscriptions()).containsExactly(other);

        other.close();
        bus.publish(SPEED, 2);
        sleep(20);
        assertThat(rec.values()).containsExactly(1);
        assertThat(bus.subscriptions()).isEmpty();
    }

    @Test
    void listenerMayCloseItsOwnSubscription() {
        AtomicInteger calls = new AtomicInteger();
        Subscription[] self = new Subscription[1];
        self[0] = bus.subscribe(TagPattern.all(), (p, v) -> {
            calls.incrementAndGet();
            self[0].close();
        }, "self-closing", 10, false);
        bus.publish(SPEED, 1);
        await(() -> bus.subscriptions().isEmpty());
        bus.publish(SPEED, 2);
        sleep(20);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(((SubscriptionImpl) self[0]).isClosed()).isTrue();
    }

    @Test
    void closingTheBusEndsEverySubscription() {
        SubscriptionImpl a = (SubscriptionImpl) bus.subscribe(TagPattern.all(), new Recorder());
        SubscriptionImpl b = (SubscriptionImpl) bus.subscribe(TagPattern.of("acme/#"), new Recorder());
        bus.close();
        assertThat(a.thread().isAlive()).isFalse();
        assertThat(b.thread().isAlive()).isFalse();
        assertThat(bus.subscriptions()).isEmpty();
        assertThatThrownBy(() -> bus.subscribe(TagPattern.all(), new Recorder()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
        bus.publish(SPEED, 1); // still harmless
        assertThat(bus.read(SPEED)).isPresent();
    }

    @Test
    void subscriptionParametersAreChecked() {
        assertThatThrownBy(() -> bus.subscribe(TagPattern.all(), new Recorder(), "x", TagBusSettings.MAX_QUEUE_CAPACITY + 1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue capacity must be between 1 and");
        assertThat(bus.subscribe(TagPattern.all(), new Recorder(), "default", 0, true).capacity())
                .isEqualTo(TagBusSettings.DEFAULT_QUEUE_CAPACITY); // 0 or less: the configured default
        bus.reconfigure(bus.settings().withQueueCapacity(500));
        assertThat(bus.subscribe(TagPattern.all(), new Recorder(), "default2", -1, true).capacity()).isEqualTo(500);
        assertThatThrownBy(() -> bus.subscribe(null, new Recorder())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bus.subscribe(TagPattern.all(), null)).isInstanceOf(NullPointerException.class);
        Subscription s = bus.subscribe(TagPattern.all(), new Recorder());
        assertThat(s.name()).startsWith("sub-");
        assertThat(s.capacity()).isEqualTo(500);
        assertThat(s.pattern()).isEqualTo(TagPattern.all());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
