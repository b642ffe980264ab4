package org.plantwire.camel.tag.internal;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentResolver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.api.TagBus;

/**
 * Makes {@code tag:} and {@code tag-write:} available to every CamelContext in Karaf: the Camel OSGi
 * extender looks components up as {@link ComponentResolver} services with a {@code component} property.
 * One connector registry is shared by all contexts, so a connector name means the same connector everywhere.
 */
@org.osgi.service.component.annotations.Component(service = ComponentResolver.class,
        property = {"component=" + TagComponent.SCHEME, "component=" + TagWriteComponent.SCHEME})
public final class TagComponentResolver implements ComponentResolver {

    private final TagBus bus;
    private final ConnectorRegistry connectors;

    @Activate
    public TagComponentResolver(@Reference TagBus bus) {
        this.bus = bus;
        this.connectors = new ConnectorRegistry(bus);
    }

    @Override
    public Component resolveComponent(String name, CamelContext context) {
        switch (name) {
            case TagComponent.SCHEME:
                return new TagComponent(bus, connectors);
            case TagWriteComponent.SCHEME:
                return new TagWriteComponent(connectors);
            default:
                return null;
        }
    }
}
