package org.plantwire.routes.opcua;

import org.apache.camel.RoutesBuilder;
import org.plantwire.api.TagBus;
import org.plantwire.plant.ConnectorConfig;

/**
 * Hands the package-private {@link OpcUaConnectorRoutes} to the benchmarks. It lives in the route's package but in
 * the benchmarks jar, which only ever runs on a plain class path (never in Karaf), so the route bundle keeps its
 * package private.
 */
public final class OpcUaRoutesForBenchmarks {

    private OpcUaRoutesForBenchmarks() {
    }

    public static RoutesBuilder connector(ConnectorConfig config, TagBus bus) {
        return new OpcUaConnectorRoutes(config, bus);
    }
}
