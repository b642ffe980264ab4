package org.plantwire.historian.internal;

import java.nio.file.Path;

import org.plantwire.api.TagBus;
import org.plantwire.historian.Historian;

/**
 * Starts the historian as Karaf runs it (fed by its own tag bus subscription, flushing every second) for the
 * benchmarks. It lives in the historian's package but in the benchmarks jar, which only runs on a plain class path,
 * so the bundle keeps its service's start private.
 */
public final class HistorianForBenchmarks {

    private HistorianForBenchmarks() {
    }

    /** A historian recording every tag of the bus (every change, 30 days) into {@code file}; close it to stop. */
    public static Historian start(TagBus bus, Path file, int queueCapacity) {
        HistorianService h = new HistorianService();
        h.bus = bus;
        h.start(new HistorianService.Settings(file, 64L << 30, 1_000, 60_000, true, 30L * 86_400_000L, queueCapacity));
        return h;
    }

    public static void stop(Historian historian) {
        ((HistorianService) historian).close();
    }
}
