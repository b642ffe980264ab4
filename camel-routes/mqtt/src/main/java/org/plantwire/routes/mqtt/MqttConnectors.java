package org.plantwire.routes.mqtt;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.plantwire.api.DeadLetters;
import org.plantwire.api.TagBus;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.camel.host.RoutesPerConfig;
import org.plantwire.plant.ConnectorConfig;

/** Turns each mqtt connector of the plant files into routes in a CamelContext of its own. */
@Component(immediate = true)
public final class MqttConnectors {

    private final RoutesPerConfig<ConnectorConfig> routes;

    @Activate
    public MqttConnectors(BundleContext context, @Reference TagBus bus, @Reference DeadLetters deadLetters,
                          @Reference SwitchBoard board) {
        long bundleId = context.getBundle().getBundleId();
        this.routes = new RoutesPerConfig<>(context, ConnectorConfig::name,
                config -> new MqttConnectorRoutes(config, bus, deadLetters, board, bundleId));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(plantwire.protocol=mqtt)")
    void add(ConnectorConfig config) {
        routes.add(config);
    }

    void remove(ConnectorConfig config) {
        routes.remove(config);
    }

    @Deactivate
    void deactivate() {
        routes.close();
    }
}
