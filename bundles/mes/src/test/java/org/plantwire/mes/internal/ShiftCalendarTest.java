package org.plantwire.mes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.plant.MesConfig;

class ShiftCalendarTest {

    private final ShiftCalendar calendar = new ShiftCalendar(List.of(
            new MesConfig.Shift("early", LocalTime.of(6, 0), LocalTime.of(14, 0),
                    List.of(new MesConfig.Break(LocalTime.of(10, 0), LocalTime.of(10, 30)))),
            new MesConfig.Shift("night", LocalTime.of(22, 0), LocalTime.of(6, 0),
                    List.of(new MesConfig.Break(LocalTime.of(2, 0), LocalTime.of(2, 30))))), ZoneOffset.UTC);

    @Test
    void findsTheShiftIncludingOnePastMidnight() {
        assertThat(calendar.shiftAt(Instant.parse("2026-11-28T07:00:00Z")).name()).isEqualTo("early");
        ShiftCalendar.ShiftInstance night = calendar.shiftAt(Instant.parse("2026-11-29T03:00:00Z"));
        assertThat(night.name()).isEqualTo("night");
        assertThat(night.id("line1")).isEqualTo("line1/2026-11-28/night");
        assertThat(night.end()).isEqualTo(Instant.parse("2026-11-29T06:00:00Z"));
        assertThat(calendar.shiftAt(Instant.parse("2026-11-28T15:00:00Z"))).isNull(); // no late shift here
    }

    @Test
    void plannedTimeLeavesOutBreaksAndTimeBetweenShifts() {
        // 13:00-23:00: early until 14:00 (60 min), nothing 14-22, night from 22:00 (60 min)
        assertThat(calendar.plannedMillis(Instant.parse("2026-11-28T13:00:00Z"), Instant.parse("2026-11-28T23:00:00Z")))
                .isEqualTo(120 * 60_000L);
        // the whole night shift: 8 h minus its 30 min break at 02:00 (after midnight)
        assertThat(calendar.plannedMillis(Instant.parse("2026-11-28T22:00:00Z"), Instant.parse("2026-11-29T06:00:00Z")))
                .isEqualTo(450 * 60_000L);
    }

    @Test
    void withoutShiftsEverythingIsPlanned() {
        ShiftCalendar always = new ShiftCalendar(List.of(), ZoneOffset.UTC);
        assertThat(always.shiftAt(Instant.parse("2026-11-28T15:00:00Z")).name()).isEqualTo("all");
        assertThat(always.plannedMillis(Instant.parse("2026-11-28T15:00:00Z"), Instant.parse("2026-11-28T15:00:10Z")))
                .isEqualTo(10_000);
    }
}
