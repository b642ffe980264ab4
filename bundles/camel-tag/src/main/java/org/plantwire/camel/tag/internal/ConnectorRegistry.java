package org.plantwire.camel.tag.internal;

import java.util.HashMap;
import java.util.Map;

import org.plantwire.api.TagBus;
import org.plantwire.api.spi.SwitchBoard;

/**
 * The connectors that Camel routes declare through {@code tag:...?connector=NAME} producers and
 * {@code tag-write:NAME} consumers. Endpoints of one connector in one route bundle share one {@link CamelConnector},
 * registered with the bus while at least one of them runs; the same name in another version of the bundle is
 * another instance, which stands by on the switch board.
 */
public final class ConnectorRegistry {

    private record Key(String name, long bundleId) {
    }

    private final TagBus bus;
    private final SwitchBoard board;
    private final Map<Key, CamelConnector> connectors = new HashMap<>();

    /** @param board the switch board connectors join, or null for always active */
    public ConnectorRegistry(TagBus bus, SwitchBoard board) {
        this.bus = bus;
        this.board = board;
    }

    /** @param bundleId the route bundle whose routes use the connector (-1 outside OSGi) */
    public synchronized CamelConnector connector(String name, long bundleId) {
        return connectors.computeIfAbsent(new Key(name, bundleId), k -> new CamelConnector(name, bus, board, bundleId, this));
    }

    synchronized void forget(CamelConnector connector) {
        connectors.remove(new Key(connector.name(), connector.bundleId()), connector);
    }
}
