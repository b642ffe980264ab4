package org.plantwire.buffer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.buffer.BufferClosedException;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.buffer.BufferedEntry;
import org.plantwire.plant.BufferConfig;
import org.plantwire.plant.BufferConfig.WhenFull;

class DurableQueueTest {

    private static final TagPath T = TagPath.of("acme/site/line1/counter");
    private static final BufferConfig ROOMY = BufferConfig.DEFAULTS;

    @TempDir
    Path dir;

    private DurableQueue queue;

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private DurableQueue open(BufferConfig limits) throws BufferFileException {
        queue = DurableQueue.open("uns", dir.resolve("uns.mvstore"), limits, 20);
        return queue;
    }

    private static TagValue v(long i) {
        return new TagValue(i, Quality.GOOD, 1_000 + i, 2_000 + i);
    }

    private static List<Long> values(List<BufferedEntry> entries) {
        return entries.stream().map(e -> (Long) e.value().value()).toList();
    }

    @Test
    void entriesComeOutInOrderAndGoWhenAcknowledged() throws Exception {
        open(ROOMY);
        for (long i = 0; i < 1000; i++) {
            assertThat(queue.append(T, v(i))).isTrue();
        }
        List<BufferedEntry> head = queue.read(0, 10);
        assertThat(values(head)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(head.get(0).path()).isEqualTo(T);
        assertThat(head.get(0).value()).isEqualTo(v(0));
        // a cursor reads past entries in flight; acknowledging removes them from the head
        List<BufferedEntry> next = queue.read(head.get(9).sequence(), 1000);
        assertThat(next).hasSize(990);
        assertThat(values(next).get(0)).isEqualTo(10L);
        head.forEach(e -> queue.acknowledge(e.sequence()));
        assertThat(values(queue.read(0, 1))).containsExactly(10L);
        BufferStatus s = queue.status();
        assertThat(s.entries()).isEqualTo(990);
        assertThat(s.appended()).isEqualTo(1000);
        assertThat(s.forwarded()).isEqualTo(10);
        assertThat(s.oldestAppendedAt()).isPositive();
        assertThat(s.fileBytes()).isPositive();
    }

    @Test
    void everyKindOfValueSurvivesTheRoundTrip() throws Exception {
        open(ROOMY);
        List<TagValue> values = List.of(new TagValue(true, Quality.GOOD, 1, 2), new TagValue(-7L, Quality.GOOD, 3, 4),
                new TagValue(21.5, Quality.UNCERTAIN_LAST_KNOWN, 5, 6), new TagValue("Ünïcode ✓", Quality.GOOD, 7, 8),
                new TagValue(null, Quality.BAD_NOT_CONNECTED, 9, 10), new TagValue("x".repeat(100_000), Quality.GOOD, 11, 12));
        values.forEach(v -> queue.append(T, v));
        assertThat(queue.read(0, 10)).extracting(BufferedEntry::value).containsExactlyElementsOf(values);
    }

    @Test
    void aRestartKeepsEntriesCountersAndSequence() throws Exception {
        open(ROOMY);
        for (long i = 0; i < 100; i++) {
            queue.append(T, v(i));
        }
        List<BufferedEntry> before = queue.read(0, 100);
        queue.acknowledge(before.get(0).sequence());
        queue.close();

        open(ROOMY);
        List<BufferedEntry> after = queue.read(0, 1000);
        assertThat(after).containsExactlyElementsOf(before.subList(1, 100));
        queue.append(T, v(100));
        assertThat(queue.read(before.get(99).sequence(), 10)).extracting(BufferedEntry::sequence)
                .containsExactly(before.get(99).sequence() + 1);
        BufferStatus s = queue.status();
        assertThat(s.appended()).isEqualTo(101);
        assertThat(s.forwarded()).isEqualTo(1);
        assertThat(s.entries()).isEqualTo(100);
    }

    @Test
    void aHardKillLosesNothingThatWasSynced() throws Exception {
        open(ROOMY);
        for (long i = 0; i < 5000; i++) {
            queue.append(T, v(i));
        }
        queue.commit(); // what the sync thread does every syncMillis
        queue.append(T, v(5000)); // may or may not be on disk: appended after the last sync
        queue.crash();

        open(ROOMY);
        List<BufferedEntry> after = queue.read(0, 10_000);
        assertThat(after.size()).isBetween(5000, 5001);
        assertThat(values(after).subList(0, 5000)).isEqualTo(java.util.stream.LongStream.range(0, 5000).boxed().toList());
    }

    @Test
    void dropOldestMakesRoomForTheNewest() throws Exception {
        open(new BufferConfig(5, ROOMY.maxBytes(), ROOMY.maxAgeMillis(), WhenFull.DROP_OLDEST));
        for (long i = 0; i < 12; i++) {
            assertThat(queue.append(T, v(i))).isTrue();
        }
        assertThat(values(queue.read(0, 100))).containsExactly(7L, 8L, 9L, 10L, 11L);
        assertThat(queue.status().dropped()).isEqualTo(7);
    }

    @Test
    void dropNewestKeepsWhatCameFirst() throws Exception {
        open(new BufferConfig(5, ROOMY.maxBytes(), ROOMY.maxAgeMillis(), WhenFull.DROP_NEWEST));
        for (long i = 0; i < 12; i++) {
            assertThat(queue.append(T, v(i))).isEqualTo(i < 5);
        }
        assertThat(values(queue.read(0, 100))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(queue.status().dropped()).isEqualTo(7);
        // room again once the head was forwarded
        queue.acknowledge(queue.read(0, 1).get(0).sequence());
        assertThat(queue.append(T, v(99))).isTrue();
        assertThat(values(queue.read(0, 100))).containsExactly(1L, 2L, 3L, 4L, 99L);
    }

    @Test
    void theByteBoundCountsEncodedEntries() throws Exception {
        open(new BufferConfig(1_000_000, 1024 * 1024, ROOMY.maxAgeMillis(), WhenFull.DROP_OLDEST));
        String big = "x".repeat(100_000);
        for (int i = 0; i < 25; i++) {
            queue.append(T, new TagValue(big + i, Quality.GOOD, i, i));
        }
        BufferStatus s = queue.status();
        assertThat(s.bytes()).isLessThanOrEqualTo(1024 * 1024);
        assertThat(s.entries()).isEqualTo(10);
        assertThat(s.dropped()).isEqualTo(15);
        assertThat((String) queue.read(0, 100).get(9).value().value()).endsWith("24");
    }

    @Test
    void entriesOlderThanMaxAgeExpire() throws Exception {
        open(new BufferConfig(1_000_000, ROOMY.maxBytes(), 60_000, WhenFull.DROP_OLDEST));
        for (long i = 0; i < 10; i++) {
            queue.append(T, v(i));
        }
        long appendedAt = queue.read(0, 1).get(0).appendedAt();
        queue.expire(appendedAt + 30_000);
        assertThat(queue.status().entries()).isEqualTo(10);
        queue.expire(System.currentTimeMillis() + 60_001);
        BufferStatus s = queue.status();
        assertThat(s.entries()).isZero();
        assertThat(s.expired()).isEqualTo(10);
        assertThat(s.bytes()).isZero();
    }

    @Test
    void aWaitingReaderWakesOnAppend() throws Exception {
        open(ROOMY);
        assertThat(queue.await(0, 20)).isFalse();
        AtomicBoolean woke = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                woke.set(queue.await(0, 60_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        queue.append(T, v(1));
        reader.join();
        assertThat(woke).isTrue();
    }

    @Test
    void aClosedBufferSaysSo() throws Exception {
        open(ROOMY);
        queue.close();
        assertThatThrownBy(() -> queue.read(0, 1)).isInstanceOf(BufferClosedException.class)
                .hasMessage("Buffer 'uns' is closed");
        assertThatThrownBy(() -> queue.append(T, v(1))).isInstanceOf(BufferClosedException.class);
    }

    @Test
    void aLockedFileIsAClearError() throws Exception {
        open(ROOMY);
        assertThatThrownBy(() -> DurableQueue.open("uns", dir.resolve("uns.mvstore"), ROOMY, 20))
                .isInstanceOf(BufferFileException.class)
                .hasMessageStartingWith("Buffer 'uns': " + dir.resolve("uns.mvstore") + " is locked: another process, or"
                        + " another buffer of the same name in this server, has it open")
                .satisfies(e -> assertThat(((BufferFileException) e).corrupt()).isFalse());
    }

    @Test
    void aCorruptFileIsAClearError() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Files.write(dir.resolve("uns.mvstore"), garbage);
        assertThatThrownBy(() -> open(ROOMY))
                .isInstanceOf(BufferFileException.class)
                .hasMessageStartingWith("Buffer 'uns': " + dir.resolve("uns.mvstore") + " is corrupt or not a buffer file (")
                .satisfies(e -> assertThat(((BufferFileException) e).corrupt()).isTrue());
    }
}
