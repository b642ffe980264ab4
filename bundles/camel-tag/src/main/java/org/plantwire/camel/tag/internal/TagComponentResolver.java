package org.plantwire.camel.tag.internal;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.karaf.core.AbstractOsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.api.TagBus;
import org.plantwire.api.spi.SwitchBoard;

/**
 * Makes {@code tag:} and {@code tag-write:} available to every CamelContext in Karaf: the Camel OSGi
 * extender looks components up as {@link ComponentResolver} services with a {@code component} property.
 * One connector registry is shared by all contexts, so a connector name means the same connector in all contexts of
 * a route bundle; another version of the bundle has its own instance of it, which joins the switch board beside it.
 */
@org.osgi.service.component.annotations.Component(service = ComponentResolver.class,
        property = {"component=" + TagComponent.SCHEME, "component=" + TagWriteComponent.SCHEME})
public final class TagComponentResolver implements ComponentResolver {

    private final TagBus bus;
    private final ConnectorRegistry connectors;

    @Activate
    public TagComponentResolver(@Reference TagBus bus, @Reference SwitchBoard board) {
        this.bus = bus;
        this.connectors = new ConnectorRegistry(bus, board);
    }

    @Override
    public Component resolveComponent(String name, CamelContext context) {
        switch (name) {
            case TagComponent.SCHEME:
                return new TagComponent(bus, connectors, bundleId(context));
            case TagWriteComponent.SCHEME:
                return new TagWriteComponent(connectors, bundleId(context));
            default:
                return null;
        }
    }

    /** The route bundle the context runs for: the route host makes each an OSGi CamelContext of its bundle. */
    static long bundleId(CamelContext context) {
        if (context instanceof AbstractOsgiDefaultCamelContext osgi && osgi.getBundleContext() != null) {
            return osgi.getBundleContext().getBundle().getBundleId();
        }
        return -1;
    }
}
