package org.plantwire.camel.tag.internal;

import java.util.HashMap;
import java.util.Map;

import org.plantwire.api.TagBus;

/**
 * The connectors that Camel routes declare through {@code tag:...?connector=NAME} producers and
 * {@code tag-write:NAME} consumers. Endpoints of one connector share one {@link CamelConnector}, registered
 * with the bus while at least one of them runs.
 */
public final class ConnectorRegistry {

    private final TagBus bus;
    private final Map<String, CamelConnector> connectors = new HashMap<>();

    public ConnectorRegistry(TagBus bus) {
        this.bus = bus;
    }

    public synchronized CamelConnector connector(String name) {
        return connectors.computeIfAbsent(name, n -> new CamelConnector(n, bus, this));
    }

    synchronized void forget(CamelConnector connector) {
        connectors.remove(connector.name(), connector);
    }
}
