package org.plantwire.shell.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.plantwire.api.TagValue;

/** How the plant commands print values, ages and times, so every table reads the same. */
final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private Format() {
    }

    /** Numbers without noise: integers as they are, floats to at most 4 decimals. */
    static String value(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            String s = String.format(Locale.ROOT, "%.4f", d);
            s = s.replaceAll("0+$", "");
            return s.endsWith(".") ? s + "0" : s;
        }
        return value.toString();
    }

    static String value(TagValue value) {
        return value == null ? "-" : value(value.value());
    }

    /** Age since an epoch-ms time: {@code 0.4s}, {@code 12s}, {@code 3m 05s}, {@code 2h 10m}, {@code 3d 4h}. */
    static String age(long sinceMillis, long nowMillis) {
        long ms = Math.max(0, nowMillis - sinceMillis);
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd %dh", s / 86_400, (s % 86_400) / 3600);
    }

    /** Sizes as people read them: {@code 0 B}, {@code 812 B}, {@code 14.2 KB}, {@code 512 MB}, {@code 1.5 GB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) || v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v))
                + " " + units[u];
    }

    /** Durations of configuration: {@code 500ms}, {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} (the largest whole unit). */
    static String duration(long millis) {
        if (millis % 86_400_000L == 0) {
            return millis / 86_400_000L + "d";
        }
        if (millis % 3_600_000L == 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis % 60_000L == 0) {
            return millis / 60_000L + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    static String time(long epochMillis) {
        return epochMillis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
