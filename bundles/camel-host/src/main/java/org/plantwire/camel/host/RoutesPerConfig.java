package org.plantwire.camel.host;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.RoutesBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One {@link RoutesBuilder} OSGi service per configuration object (a connector, a publisher), registered on behalf
 * of the calling bundle with {@code camel.context.name} set to the configuration's name, so the route host runs each
 * in a CamelContext of its own: a changed configuration restarts its own routes and nothing else.
 *
 * @param <C> the configuration type
 */
public final class RoutesPerConfig<C> implements AutoCloseable {

    private final BundleContext context;
    private final Function<C, String> name;
    private final Function<C, RoutesBuilder> routes;
    private final Map<String, ServiceRegistration<RoutesBuilder>> registrations = new HashMap<>();

    public RoutesPerConfig(BundleContext context, Function<C, String> name, Function<C, RoutesBuilder> routes) {
        this.context = context;
        this.name = name;
        this.routes = routes;
    }

    /** Starts the routes of a configuration (replacing those of an earlier one of the same name). */
    public synchronized void add(C config) {
        remove(config);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("camel.context.name", name.apply(config));
        registrations.put(name.apply(config), context.registerService(RoutesBuilder.class, routes.apply(config), props));
    }

    /** Stops the routes of a configuration. */
    public synchronized void remove(C config) {
        ServiceRegistration<RoutesBuilder> r = registrations.remove(name.apply(config));
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
    }

    /** Stops all. */
    @Override
    public synchronized void close() {
        for (ServiceRegistration<RoutesBuilder> r : registrations.values()) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        registrations.clear();
    }
}
