package org.plantwire.routes.modbus;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.apache.camel.RoutesBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.plantwire.api.TagBus;
import org.plantwire.plant.ConnectorConfig;

/** Turns each modbus-tcp connector of the plant files into a polling route in a CamelContext of its own. */
@Component(immediate = true)
public final class ModbusConnectors {

    private final BundleContext context;
    private final TagBus bus;
    private final Map<String, ServiceRegistration<RoutesBuilder>> routes = new HashMap<>();

    @Activate
    public ModbusConnectors(BundleContext context, @Reference TagBus bus) {
        this.context = context;
        this.bus = bus;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(plantwire.protocol=modbus-tcp)")
    synchronized void addConnector(ConnectorConfig config) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("camel.context.name", config.name());
        routes.put(config.name(), context.registerService(RoutesBuilder.class, new ModbusConnectorRoutes(config, bus), props));
    }

    synchronized void removeConnector(ConnectorConfig config) {
        ServiceRegistration<RoutesBuilder> r = routes.remove(config.name());
        if (r != null) {
            r.unregister();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        routes.values().forEach(ServiceRegistration::unregister);
        routes.clear();
    }
}
