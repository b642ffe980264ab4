package org.plantwire.camel.tag;

import org.apache.camel.CamelContext;
import org.plantwire.api.TagBus;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.camel.tag.internal.ConnectorRegistry;
import org.plantwire.camel.tag.internal.TagComponent;
import org.plantwire.camel.tag.internal.TagWriteComponent;

/** Adds the {@code tag:} and {@code tag-write:} components to a CamelContext outside OSGi (tests, embedded use). */
public final class TagComponents {

    private TagComponents() {
    }

    public static void addTo(CamelContext context, TagBus bus) {
        addTo(context, bus, null, -1);
    }

    /**
     * Adds them for one version of a route bundle: its connectors join the switch board as instances of
     * {@code bundleId}.
     */
    public static void addTo(CamelContext context, TagBus bus, SwitchBoard board, long bundleId) {
        ConnectorRegistry connectors = new ConnectorRegistry(bus, board);
        context.addComponent(TagComponent.SCHEME, new TagComponent(bus, connectors, bundleId));
        context.addComponent(TagWriteComponent.SCHEME, new TagWriteComponent(connectors, bundleId));
    }
}
