package org.plantwire.mes.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.plantwire.plant.MesConfig;

/**
 * The daily shift pattern of a plant in its time zone: which shift a moment belongs to, and how much of a span of
 * time is planned production time (inside a shift and outside its breaks). Without shifts every moment is planned
 * and belongs to the shift {@code all}.
 */
final class ShiftCalendar {

    /** A shift on a given day. */
    record ShiftInstance(String name, LocalDate day, Instant start, Instant end, List<Instant[]> breaks) {
        String id(String line) {
            return line + "/" + day + "/" + name;
        }
    }

    private final List<MesConfig.Shift> shifts;
    private final ZoneId zone;

    ShiftCalendar(List<MesConfig.Shift> shifts, ZoneId zone) {
        this.shifts = List.copyOf(shifts);
        this.zone = zone;
    }

    /** The shift that {@code t} falls in, or null when it is outside every shift (no production planned). */
    ShiftInstance shiftAt(Instant t) {
        if (shifts.isEmpty()) {
            return new ShiftInstance("all", LocalDate.ofInstant(Instant.EPOCH, zone), Instant.EPOCH,
                    Instant.parse("9999-12-31T00:00:00Z"), List.of());
        }
        LocalDate today = LocalDate.ofInstant(t, zone);
        for (LocalDate day : new LocalDate[] {today, today.minusDays(1)}) {
            for (MesConfig.Shift s : shifts) {
                ShiftInstance i = instance(s, day);
                if (!t.isBefore(i.start()) && t.isBefore(i.end())) {
                    return i;
                }
            }
        }
        return null;
    }

    private ShiftInstance instance(MesConfig.Shift s, LocalDate day) {
        Instant start = at(day, s.start());
        Instant end = at(s.end().isAfter(s.start()) ? day : day.plusDays(1), s.end());
        List<Instant[]> breaks = new ArrayList<>();
        for (MesConfig.Break b : s.breaks()) {
            // a break before the shift's start time of day lies after midnight
            LocalDate bDay = b.start().isBefore(s.start()) ? day.plusDays(1) : day;
            breaks.add(new Instant[] {at(bDay, b.start()), at(bDay, b.end())});
        }
        return new ShiftInstance(s.name(), day, start, end, breaks);
    }

    private Instant at(LocalDate day, LocalTime time) {
        return LocalDateTime.of(day, time).atZone(zone).toInstant();
    }

    /** Planned production time in [from, to): inside shifts, outside their breaks. */
    long plannedMillis(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        if (shifts.isEmpty()) {
            return to.toEpochMilli() - from.toEpochMilli();
        }
        long total = 0;
        for (LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1);
             !day.isAfter(LocalDate.ofInstant(to, zone)); day = day.plusDays(1)) {
            for (MesConfig.Shift s : shifts) {
                ShiftInstance i = instance(s, day);
                total += overlap(from, to, i.start(), i.end());
                for (Instant[] b : i.breaks()) {
                    total -= overlap(from, to, max(b[0], i.start()), min(b[1], i.end()));
                }
            }
        }
        return total;
    }

    private static long overlap(Instant a0, Instant a1, Instant b0, Instant b1) {
        long start = Math.max(a0.toEpochMilli(), b0.toEpochMilli());
        long end = Math.min(a1.toEpochMilli(), b1.toEpochMilli());
        return Math.max(0, end - start);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
