package org.plantwire.historian.internal.command;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The times and durations the scada: commands accept, and how they print them. */
final class TimeArgs {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    static final String TIME_FORMS = "now, a time ago (-15m, -2h, -7d), an ISO instant (2026-11-28T06:00:00Z), "
            + "a local date and time (2026-11-28T07:00, 2026-11-28 07:00:00) or a date (2026-11-28)";

    private TimeArgs() {
    }

    /** A duration: {@code 500ms}, {@code 10s}, {@code 1m}, {@code 2h}, {@code 1d}. */
    static long duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration; write e.g. 500ms, 10s, 1m, 2h or 1d");
        }
        return Long.parseLong(m.group(1)) * unit(m.group(2));
    }

    private static long unit(String unit) {
        return switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
    }

    /** A point in time, epoch ms, in one of {@link #TIME_FORMS}. */
    static long time(String option, String text, long now, ZoneId zone) {
        String t = text.trim();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        if (t.startsWith("-")) {
            try {
                return now - duration(option, t.substring(1));
            } catch (IllegalArgumentException e) {
                throw bad(option, text);
            }
        }
        try {
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Instant.parse(t).toEpochMilli();
            }
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw bad(option, text);
        }
    }

    private static IllegalArgumentException bad(String option, String text) {
        return new IllegalArgumentException(option + " '" + text + "' is not a time; write " + TIME_FORMS);
    }

    static String print(long epochMillis, ZoneId zone) {
        return epochMillis <= 0 ? "-" : LOCAL.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** Numbers for people: whole ones as they are, others to at most 4 decimals. */
    static String number(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d.toString();
            }
            return new java.math.BigDecimal(d).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** 1 KiB = 1024 B, one decimal. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes / 1024.0;
        String unit = "KB";
        for (String next : new String[] {"MB", "GB", "TB"}) {
            if (v < 1024) {
                break;
            }
            v /= 1024;
            unit = next;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, unit);
    }
}
