package org.plantwire.routes.opcua;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.plantwire.api.TagBus;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.camel.host.RoutesPerConfig;
import org.plantwire.plant.ConnectorConfig;

/**
 * Turns each opcua connector of the plant files into a route in a CamelContext of its own. Each joins the switch
 * board as this bundle's instance: beside a running version of this bundle it stands by until handed over.
 */
@Component(immediate = true)
public final class OpcUaConnectors {

    private final RoutesPerConfig<ConnectorConfig> routes;

    @Activate
    public OpcUaConnectors(BundleContext context, @Reference TagBus bus, @Reference SwitchBoard board) {
        long bundleId = context.getBundle().getBundleId();
        this.routes = new RoutesPerConfig<>(context, ConnectorConfig::name,
                config -> new OpcUaConnectorRoutes(config, bus, board, bundleId));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(plantwire.protocol=opcua)")
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
