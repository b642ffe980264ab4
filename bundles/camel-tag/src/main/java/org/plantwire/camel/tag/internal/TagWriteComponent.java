package org.plantwire.camel.tag.internal;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code from("tag-write:<connector>?owns=<patterns>")}: the route that carries out writes to a connector's tags. */
public final class TagWriteComponent extends DefaultComponent {

    public static final String SCHEME = "tag-write";

    private final ConnectorRegistry connectors;
    private final long bundleId;

    /** @param bundleId the route bundle whose CamelContext uses this component (-1 outside OSGi) */
    public TagWriteComponent(ConnectorRegistry connectors, long bundleId) {
        this.connectors = connectors;
        this.bundleId = bundleId;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("tag-write needs a connector name: tag-write:<connector>?owns=<pattern>");
        }
        TagWriteEndpoint endpoint = new TagWriteEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.bindConnector(connectors.connector(remaining, bundleId));
        return endpoint;
    }
}
