package org.plantwire.mes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.mes.Oee;
import org.plantwire.plant.MesConfig;

class OeeWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
    /** early shift 06:00-14:00 UTC with a 30 min break at 10:00 */
    private static final ShiftCalendar EARLY = new ShiftCalendar(List.of(new MesConfig.Shift("early", LocalTime.of(6, 0),
            LocalTime.of(14, 0), List.of(new MesConfig.Break(LocalTime.of(10, 0), LocalTime.of(10, 30))))), ZoneOffset.UTC);

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-28T" + hhmm + ":00Z");
    }

    @Test
    void theTextbookShift() {
        // Shift 8 h = 480 min, break 30 min -> planned 450 min. Stops 45 min -> run 405 min.
        // Ideal cycle 1.0 s; 19,271 units made (18,848 good, 423 reject).
        // availability = 405/450 = 0.9; performance = 19,271 s / 24,300 s = 0.79305; quality = 18,848/19,271 = 0.97805
        // OEE = 0.9 * 0.79305 * 0.97805 = 0.69808
        OeeWindow w = new OeeWindow("shift", "line1/2026-11-28/early", "line1", T0);
        w.stopStarted(at("07:00"));
        w.stopEnded(at("07:45"), false);
        w.count(18_848, 423, 1000.0);
        Oee oee = w.compute(at("14:00"), EARLY);
        assertThat(oee.plannedMillis()).isEqualTo(450 * 60_000L);
        assertThat(oee.runMillis()).isEqualTo(405 * 60_000L);
        assertThat(oee.availability()).isCloseTo(0.9, offset(1e-9));
        assertThat(oee.performance()).isCloseTo(19_271.0 / 24_300.0, offset(1e-9)).isCloseTo(0.79305, offset(1e-5));
        assertThat(oee.quality()).isCloseTo(18_848.0 / 19_271.0, offset(1e-9)).isCloseTo(0.97805, offset(1e-5));
        assertThat(oee.oee()).isCloseTo(0.69808, offset(1e-5));
    }

    @Test
    void endedStopsAreCountedOnceHoweverOftenTheFiguresAreComputedAndAcrossARestart() {
        OeeWindow w = new OeeWindow("shift", "line1/2026-11-28/early", "line1", T0);
        for (int i = 0; i < 1_000; i++) { // 1000 stops of 12 s, 06:00-09:20
            w.stopStarted(at("06:00").plusSeconds(i * 12L));
            w.stopEnded(at("06:00").plusSeconds(i * 12L + 6), false);
        }
        w.stopStarted(at("09:30")); // and one still open
        assertThat(w.compute(at("09:40"), EARLY).runMillis()).isEqualTo((220 - 100 - 10) * 60_000L);
        assertThat(w.state().stops()).hasSize(1); // the ended ones are summed, not kept
        OeeWindow restored = OeeWindow.restore(w.state());
        // planned 270 min (break 10:00-10:30); down 100 + the open stop's 60 planned minutes
        Oee later = restored.compute(at("11:00"), EARLY);
        assertThat(later.plannedMillis()).isEqualTo(270 * 60_000L);
        assertThat(later.runMillis()).isEqualTo((270 - 100 - 60) * 60_000L);
        assertThat(w.compute(at("11:00"), EARLY)).isEqualTo(later);
    }

    @Test
    void aStopDuringTheBreakIsNotHeldAgainstAvailability() {
        // 06:00-11:00: 300 min minus the 30 min break = 270 planned. Stop 09:50-10:40: 50 min of which 30 in the
        // break, so 20 min down; run 250 min; availability 250/270 = 0.92593
        OeeWindow w = new OeeWindow("shift", "s", "line1", T0);
        w.stopStarted(at("09:50"));
        w.stopEnded(at("10:40"), false);
        w.count(15_000, 0, 1000.0);
        Oee oee = w.compute(at("11:00"), EARLY);
        assertThat(oee.plannedMillis()).isEqualTo(270 * 60_000L);
        assertThat(oee.runMillis()).isEqualTo(250 * 60_000L);
        assertThat(oee.availability()).isCloseTo(250.0 / 270.0, offset(1e-9));
        assertThat(oee.performance()).isCloseTo(15_000.0 / 15_000.0, offset(1e-9)); // 15,000 s ideal in 250 min
        assertThat(oee.quality()).isEqualTo(1.0);
    }

    @Test
    void anOpenStopCountsUpToNowAndMicroStopsAreSpeedLoss() {
        // 06:00-07:00 planned 60 min. A micro-stop (counted, not down time), then a stop open since 06:45.
        // run = 45 min; 2,000 units at 1.2 s ideal = 2,400 s = 40 min -> performance 40/45 = 0.88889
        OeeWindow w = new OeeWindow("order", "WO-1", "line1", T0);
        w.stopStarted(at("06:10"));
        w.stopEnded(Instant.parse("2026-11-28T06:10:01Z"), true);
        w.stopStarted(at("06:45"));
        w.count(1_900, 100, 1200.0);
        Oee oee = w.compute(at("07:00"), EARLY);
        assertThat(oee.microStops()).isEqualTo(1);
        assertThat(oee.runMillis()).isEqualTo(45 * 60_000L);
        assertThat(oee.availability()).isCloseTo(0.75, offset(1e-9));
        assertThat(oee.performance()).isCloseTo(40.0 / 45.0, offset(1e-9));
        assertThat(oee.quality()).isCloseTo(0.95, offset(1e-9));
        assertThat(oee.oee()).isCloseTo(0.75 * 40.0 / 45.0 * 0.95, offset(1e-9)); // 0.63333
    }

    @Test
    void nothingToMeasureYetIsOneAndPerformanceIsCappedAtOne() {
        Oee empty = new OeeWindow("order", "WO-1", "line1", T0).compute(T0, EARLY);
        assertThat(empty.oee()).isEqualTo(1.0);
        // 600 units at an ideal 1 s in 5 min run: faster than ideal, capped
        OeeWindow w = new OeeWindow("order", "WO-1", "line1", T0);
        w.count(600, 0, 1000.0);
        assertThat(w.compute(at("06:05"), EARLY).performance()).isEqualTo(1.0);
    }

    @Test
    void aClosedWindowStopsAtItsEnd() {
        OeeWindow w = new OeeWindow("order", "WO-1", "line1", T0);
        w.count(100, 0, 1000.0);
        w.close(at("06:10"));
        Oee oee = w.compute(at("13:00"), EARLY);
        assertThat(oee.plannedMillis()).isEqualTo(10 * 60_000L);
        assertThat(oee.to()).isEqualTo(at("06:10"));
    }
}
