package org.plantwire.routes.mqtt;

import org.apache.camel.RoutesBuilder;
import org.plantwire.api.DeadLetters;
import org.plantwire.api.TagBus;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.plant.ConnectorConfig;

/**
 * The routes of one MQTT connector as a given bundle would run them, for the benchmarks (which run on a plain class
 * path, never in Karaf), so the route bundle keeps its package private.
 */
public final class MqttConnectorForBenchmarks {

    private MqttConnectorForBenchmarks() {
    }

    public static RoutesBuilder routes(ConnectorConfig config, TagBus bus, DeadLetters deadLetters, SwitchBoard board,
                                       long bundleId) {
        return new MqttConnectorRoutes(config, bus, deadLetters, board, bundleId);
    }
}
