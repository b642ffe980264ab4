package org.plantwire.routes.mqtt;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.plantwire.api.TagBus;
import org.plantwire.camel.host.RoutesPerConfig;
import org.plantwire.plant.PublisherConfig;

/** Turns each MQTT publisher of the plant files into a route in a CamelContext of its own, so a changed publisher restarts alone. */
@Component(immediate = true)
public final class UnsPublishers {

    private final RoutesPerConfig<PublisherConfig> routes;

    @Activate
    public UnsPublishers(BundleContext context, @Reference TagBus bus) {
        this.routes = new RoutesPerConfig<>(context, PublisherConfig::name, config -> new UnsPublisherRoutes(config, bus));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(plantwire.protocol=mqtt)")
    void add(PublisherConfig config) {
        routes.add(config);
    }

    void remove(PublisherConfig config) {
        routes.remove(config);
    }

    @Deactivate
    void deactivate() {
        routes.close();
    }
}
