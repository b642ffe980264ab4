package org.plantwire.routes.mqtt;

import org.apache.camel.RoutesBuilder;
import org.plantwire.api.TagBus;
import org.plantwire.plant.PublisherConfig;

/**
 * Hands the package-private {@link UnsPublisherRoutes} to the benchmarks. It lives in the route's package but in the
 * benchmarks jar, which only ever runs on a plain class path (never in Karaf), so the route bundle keeps its package
 * private.
 */
public final class UnsRoutesForBenchmarks {

    private UnsRoutesForBenchmarks() {
    }

    public static RoutesBuilder publisher(PublisherConfig config, TagBus bus) {
        return new UnsPublisherRoutes(config, bus);
    }
}
