package org.plantwire.camel.tag.internal;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.plantwire.api.TagBus;

/**
 * {@code tag:<path>} publishes the message body to a tag; {@code from("tag:<pattern>")} consumes the changes
 * of the tags matching an MQTT-style pattern ({@code +}, {@code #}).
 */
public final class TagComponent extends DefaultComponent {

    public static final String SCHEME = "tag";

    private final TagBus bus;
    private final ConnectorRegistry connectors;
    private final long bundleId;

    /** @param bundleId the route bundle whose CamelContext uses this component (-1 outside OSGi) */
    public TagComponent(TagBus bus, ConnectorRegistry connectors, long bundleId) {
        this.bus = bus;
        this.connectors = connectors;
        this.bundleId = bundleId;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        TagEndpoint endpoint = new TagEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.bindConnector();
        return endpoint;
    }

    TagBus bus() {
        return bus;
    }

    /** The named connector of this component's route bundle. */
    CamelConnector connector(String name) {
        return connectors.connector(name, bundleId);
    }
}
