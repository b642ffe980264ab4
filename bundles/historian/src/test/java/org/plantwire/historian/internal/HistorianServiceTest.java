package org.plantwire.historian.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.historian.Aggregate;
import org.plantwire.historian.HistoryPoint;
import org.plantwire.plant.HistoryConfig;
import org.plantwire.plant.HistoryConfig.Compression;
import org.plantwire.plant.PlantHistory;
import org.plantwire.tagbus.internal.TagBusImpl;

/** The historian on a real tag bus: what the bus carries is what the queries return. */
class HistorianServiceTest {

    private static final TagPath TEMP = TagPath.of("acme/test/line/temperature");
    private static final TagPath RECIPE = TagPath.of("acme/test/line/recipe");
    private static final TagPath HEARTBEAT = TagPath.of("acme/test/plantwire/heartbeat");
    private static final long T0 = 1_700_000_000_000L;
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private HistorianService start(TagBusImpl bus, boolean recordUnmapped) {
        HistorianService h = new HistorianService();
        h.bus = bus;
        h.addPlant(new PlantHistory("test", HistoryConfig.DEFAULTS, Map.of(
                TEMP, new HistoryConfig(true, Compression.DEADBAND, 0.5, DAY),
                RECIPE, new HistoryConfig(false, Compression.DEADBAND, 0, DAY)), "test.yaml"));
        h.start(new HistorianService.Settings(dir.resolve("h.mv.db"), 1L << 30, 50, 60_000, recordUnmapped, DAY, 100_000));
        return h;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waited too long").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void recordsPerThePlantSettingsAndAnswersQueries() throws Exception {
        TagBusImpl bus = new TagBusImpl();
        HistorianService h = start(bus, true);
        double[] values = {20.0, 20.2, 20.6, 21.5, 21.4, 19.0};
        for (int i = 0; i < values.length; i++) {
            bus.publish(TEMP, new TagValue(values[i], Quality.GOOD, T0 + i * 10_000L, T0 + i * 10_000L));
        }
        bus.publish(TEMP, new TagValue(19.0, Quality.BAD_NOT_CONNECTED, T0 + 60_000, T0 + 60_000));
        bus.publish(RECIPE, TagValue.good("A-7"));
        bus.publish(HEARTBEAT, TagValue.good(1L));
        waitFor(() -> h.status().recorded() == 6);

        // deadband 0.5: 20.0, 20.6, 21.5, 19.0 kept; 20.2 and 21.4 left out; the quality change kept
        assertThat(h.raw(TEMP, T0, T0 + 100_000, 100)).extracting(HistoryPoint::value)
                .containsExactly(20.0, 20.6, 21.5, 19.0, 19.0);
        assertThat(h.raw(TEMP, T0, T0 + 100_000, 100).get(4).quality()).isEqualTo(Quality.BAD_NOT_CONNECTED);
        assertThat(h.status().filtered()).isEqualTo(2);
        // history off for the recipe; the heartbeat is in no plant file and recorded with the defaults
        assertThat(h.tags()).containsExactly(TEMP, HEARTBEAT);

        // [T0, T0+60s): 20.0 for 20 s, 20.6 for 10 s, 21.5 for 20 s, 19.0 for 10 s = (400+206+430+190)/60 = 20.4333
        List<Aggregate> a = h.aggregate(TEMP, T0, T0 + 60_000, 60_000);
        assertThat(a).hasSize(1);
        assertThat(a.get(0).average()).isCloseTo(1226.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.get(0).min()).isEqualTo(19.0);
        assertThat(a.get(0).max()).isEqualTo(21.5);
        assertThat(a.get(0).count()).isEqualTo(4);
        assertThat(h.valueAt(TEMP, T0 + 35_000).orElseThrow().value()).isEqualTo(21.5);

        assertThatThrownBy(() -> h.aggregate(TEMP, T0, T0 + DAY, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100000");
        assertThatThrownBy(() -> h.raw(TEMP, T0 + 1, T0, 10)).hasMessageContaining("starts after it ends");

        // a restart of the historian keeps everything, and the current values the bus offers again are not doubled
        h.close();
        HistorianService again = start(bus, true);
        waitFor(() -> again.status().points() == 6 && again.status().tags() == 2);
        Thread.sleep(200);
        assertThat(again.raw(TEMP, T0, T0 + 100_000, 100)).hasSize(5);
        assertThat(again.status().points()).isEqualTo(6);
        again.close();
        bus.close();
    }

    @Test
    void aDamagedFileIsMovedAsideAndRecordingGoesOn() throws Exception {
        java.nio.file.Files.write(dir.resolve("h.mv.db"), new byte[8192]); // not a store
        TagBusImpl bus = new TagBusImpl();
        HistorianService h = start(bus, true);
        assertThat(h.status().open()).isTrue();
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("h.mv.db.corrupt-"));
        }
        bus.publish(TEMP, new TagValue(20.0, Quality.GOOD, T0, T0));
        waitFor(() -> h.status().recorded() == 1);
        h.close();
        bus.close();
    }
}
