package org.plantwire.historian.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.api.Quality;
import org.plantwire.historian.HistoryPoint;

class ChunkCodecTest {

    private static List<HistoryPoint> roundTrip(List<HistoryPoint> in) {
        ChunkCodec.Writer w = new ChunkCodec.Writer();
        in.forEach(p -> w.add(p.time(), p.value(), p.quality()));
        byte[] bytes = w.toBytes();
        List<HistoryPoint> out = new ArrayList<>();
        ChunkCodec.forEach(bytes, (t, v, q) -> out.add(new HistoryPoint(t, v, q)));
        assertThat(ChunkCodec.count(bytes)).isEqualTo(in.size());
        assertThat(ChunkCodec.lastTime(bytes)).isEqualTo(in.get(in.size() - 1).time());
        return out;
    }

    @Test
    void everyKindOfValueComesBackAsWritten() {
        List<HistoryPoint> in = List.of(
                new HistoryPoint(1_700_000_000_000L, 72.35, Quality.GOOD),
                new HistoryPoint(1_700_000_001_000L, 72.4, Quality.GOOD),
                new HistoryPoint(1_700_000_001_000L, 72.4, Quality.UNCERTAIN_LAST_KNOWN),
                new HistoryPoint(1_700_000_002_000L, Math.PI, Quality.GOOD),
                new HistoryPoint(1_700_000_003_000L, -0.0, Quality.GOOD),
                new HistoryPoint(1_700_000_004_000L, Double.NaN, Quality.GOOD),
                new HistoryPoint(1_700_000_005_000L, 1e300, Quality.GOOD),
                new HistoryPoint(1_700_000_006_000L, 5L, Quality.GOOD),
                new HistoryPoint(1_700_000_007_000L, -5_000_000_000L, Quality.GOOD),
                new HistoryPoint(1_700_000_008_000L, Long.MAX_VALUE, Quality.GOOD),
                new HistoryPoint(1_700_000_009_000L, true, Quality.GOOD),
                new HistoryPoint(1_700_000_010_000L, false, Quality.GOOD),
                new HistoryPoint(1_700_000_011_000L, "recipe Ä-7", Quality.GOOD),
                new HistoryPoint(1_700_000_012_000L, null, Quality.BAD_NOT_CONNECTED),
                new HistoryPoint(1_700_000_013_000L, 0.1234567, Quality.BAD_TYPE_MISMATCH));
        List<HistoryPoint> out = roundTrip(in);
        assertThat(out).hasSize(in.size());
        for (int i = 0; i < in.size(); i++) {
            HistoryPoint a = in.get(i);
            HistoryPoint b = out.get(i);
            assertThat(b.time()).isEqualTo(a.time());
            assertThat(b.quality()).isEqualTo(a.quality());
            if (a.value() instanceof Double d) {
                assertThat(Double.doubleToRawLongBits((Double) b.value())).as("point " + i).isEqualTo(Double.doubleToRawLongBits(d));
            } else {
                assertThat(b.value()).as("point " + i).isEqualTo(a.value());
            }
        }
    }

    @Test
    void aOneHertzInstrumentValueTakesAFewBytesPerPoint() {
        ChunkCodec.Writer w = new ChunkCodec.Writer();
        for (int i = 0; i < 1000; i++) {
            w.add(1_700_000_000_000L + i * 1000L, Math.round((60 + 5 * Math.sin(i / 50.0)) * 100) / 100.0, Quality.GOOD);
        }
        // head byte, 2 bytes of time delta, 1-2 bytes of value delta
        assertThat(w.toBytes().length).isLessThan(1000 * 5);
    }

    @Test
    void integerNumberTypesAreKeptAsLongs() {
        assertThat(ChunkCodec.normalize(7)).isEqualTo(7L);
        assertThat(ChunkCodec.normalize(2.5f)).isEqualTo(2.5);
        assertThat(ChunkCodec.normalize(new java.math.BigDecimal("12"))).isEqualTo(12L);
    }
}
