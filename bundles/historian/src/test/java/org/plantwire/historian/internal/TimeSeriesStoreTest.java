package org.plantwire.historian.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.historian.HistoryPoint;

class TimeSeriesStoreTest {

    private static final TagPath A = TagPath.of("acme/test/line/a");
    private static final TagPath B = TagPath.of("acme/test/line/b");
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void rawRangesLimitsAndValueAtAcrossChunksAndARestart() throws Exception {
        Path file = dir.resolve("h.mv.db");
        try (TimeSeriesStore s = new TimeSeriesStore(file, 1L << 30)) {
            for (int i = 0; i < 2_500; i++) { // three chunks of A
                s.append(A, T0 + i * 1000L, (double) i, Quality.GOOD);
                s.append(B, T0 + i * 1000L, (long) -i, Quality.GOOD);
            }
            assertThat(s.raw(A, T0 + 999_000, T0 + 1_002_000, 100)).extracting(HistoryPoint::value)
                    .containsExactly(999.0, 1000.0, 1001.0);
            assertThat(s.raw(A, T0, T0 + 10_000_000, 5)).hasSize(5);
            assertThat(s.valueAt(A, T0 + 1_500_500).orElseThrow().value()).isEqualTo(1500.0);
            assertThat(s.valueAt(A, T0 - 1)).isEmpty();
            assertThat(s.tags()).containsExactly(A, B);
        }
        try (TimeSeriesStore s = new TimeSeriesStore(file, 1L << 30)) {
            assertThat(s.raw(B, T0, T0 + 10_000_000, 10_000)).hasSize(2_500);
            assertThat(s.counters()[0]).isEqualTo(5_000);
            // the restarted store continues the tag's last chunk
            s.append(A, T0 + 2_500_000, 2500.0, Quality.GOOD);
            assertThat(s.raw(A, T0 + 2_499_000, T0 + 3_000_000, 10)).extracting(HistoryPoint::value).containsExactly(2499.0, 2500.0);
        }
    }

    @Test
    void aLatePointIsInsertedInOrder() throws Exception {
        try (TimeSeriesStore s = new TimeSeriesStore(dir.resolve("late.mv.db"), 1L << 30)) {
            for (int i = 0; i < 1_500; i++) {
                s.append(A, T0 + i * 1000L, (long) i, Quality.GOOD);
            }
            s.flush();
            s.append(A, T0 + 500_500, 77L, Quality.UNCERTAIN_SUBSTITUTED);   // into the sealed first chunk
            s.append(A, T0 + 1_200_500, 88L, Quality.GOOD);                  // into the growing one
            s.append(A, T0 - 5_000, 99L, Quality.GOOD);                      // before everything
            List<HistoryPoint> all = s.raw(A, 0, Long.MAX_VALUE, 10_000);
            assertThat(all).hasSize(1_503);
            assertThat(all).isSortedAccordingTo((x, y) -> Long.compare(x.time(), y.time()));
            assertThat(s.valueAt(A, T0 + 500_700).orElseThrow().value()).isEqualTo(77L);
            assertThat(s.counters()[2]).isEqualTo(3);
        }
    }

    @Test
    void retentionDropsWholeOldChunksButKeepsEachTagsNewest() throws Exception {
        try (TimeSeriesStore s = new TimeSeriesStore(dir.resolve("ret.mv.db"), 1L << 30)) {
            // A: one point a minute for 5 hours -> chunks of an hour (60 points); B: a single old point
            for (int i = 0; i < 300; i++) {
                s.append(A, T0 + i * 60_000L, (long) i, Quality.GOOD);
            }
            s.append(B, T0, 1L, Quality.GOOD);
            long now = T0 + 5 * HOUR;
            // keep 2 hours: chunks whose newest point is before now - 2h go
            long dropped = s.expire(now, p -> 2 * HOUR);
            List<HistoryPoint> left = s.raw(A, 0, Long.MAX_VALUE, 1_000);
            assertThat(left.get(0).time()).isLessThanOrEqualTo(now - 2 * HOUR);
            assertThat(left.get(0).time()).isGreaterThan(now - 3 * HOUR - 60_000);
            assertThat(dropped).isEqualTo(300 - left.size());
            assertThat(s.raw(B, 0, Long.MAX_VALUE, 10)).hasSize(1); // its only chunk is its newest
            assertThat(s.counters()[3]).isEqualTo(dropped);
            assertThat(s.counters()[0]).isEqualTo(left.size() + 1);
        }
    }

    @Test
    void theDiskCapDropsTheOldestDataOfAllTags() throws Exception {
        long cap = 512 * 1024;
        Random random = new Random(1);
        long midway = 0;
        // replaced chunk versions freed at once, as they are 45 s after a commit in a running server
        try (TimeSeriesStore s = new TimeSeriesStore(dir.resolve("cap.mv.db"), cap, 0)) {
            for (int i = 0; i < 1_000_000; i++) {
                // random doubles: 8 bytes each, so the file outgrows the cap quickly
                s.append(i % 2 == 0 ? A : B, T0 + i * 10L, random.nextDouble(), Quality.GOOD);
                if (i % 20_000 == 0) {
                    s.flush();
                    s.enforceCap();
                    if (i == 500_000) {
                        midway = s.fileBytes();
                    }
                }
            }
            s.flush();
            s.enforceCap();
            assertThat(s.counters()[5]).isLessThanOrEqualTo(cap);
            // the file holds the data (compressed), free space MVStore reuses and recent chunk versions: it stops
            // growing (here at 2.6-3 times this tiny cap, while 16 caps' worth of incompressible data went through)
            assertThat(s.fileBytes()).isLessThanOrEqualTo(4 * cap);
            assertThat(s.fileBytes()).isLessThanOrEqualTo(midway + midway / 10);
            long droppedByCap = s.counters()[4];
            assertThat(droppedByCap).isGreaterThan(0);
            assertThat(s.counters()[0]).isEqualTo(1_000_000 - droppedByCap);
            // the newest data is there, the oldest is gone
            assertThat(s.valueAt(A, T0 + 999_998 * 10L)).isPresent();
            assertThat(s.raw(A, T0, T0 + 10, 1)).isEmpty();
        }
    }
}
