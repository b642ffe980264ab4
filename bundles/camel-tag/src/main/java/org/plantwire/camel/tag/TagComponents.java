package org.plantwire.camel.tag;

import org.apache.camel.CamelContext;
import org.plantwire.api.TagBus;
import org.plantwire.camel.tag.internal.ConnectorRegistry;
import org.plantwire.camel.tag.internal.TagComponent;
import org.plantwire.camel.tag.internal.TagWriteComponent;

/** Adds the {@code tag:} and {@code tag-write:} components to a CamelContext outside OSGi (tests, embedded use). */
public final class TagComponents {

    private TagComponents() {
    }

    public static void addTo(CamelContext context, TagBus bus) {
        ConnectorRegistry connectors = new ConnectorRegistry(bus);
        context.addComponent(TagComponent.SCHEME, new TagComponent(bus, connectors));
        context.addComponent(TagWriteComponent.SCHEME, new TagWriteComponent(connectors));
    }
}
