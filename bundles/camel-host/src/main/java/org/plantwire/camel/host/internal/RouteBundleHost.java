package org.plantwire.camel.host.internal;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs route bundles. A route bundle registers its {@link RoutesBuilder}s as OSGi services (a Declarative
 * Services component is enough, no activator); the host gives each one its own CamelContext, created on the
 * route bundle's own class space so components, languages and type converters are found across bundles, and
 * stops it when the service goes away ({@code bundle:update}, {@code bundle:stop}, uninstall). Nothing else
 * restarts: the host, the Camel runtime and other route bundles keep running.
 *
 * <p>Each context is published as a {@link CamelContext} service on behalf of the route bundle, with
 * {@code camel.context.name} set, for the shell and for diagnostics.
 */
@Component(immediate = true)
public final class RouteBundleHost {

    private static final Logger LOG = LoggerFactory.getLogger(RouteBundleHost.class);
    /** Optional service property of a RoutesBuilder: the CamelContext name (defaults to the bundle's symbolic name). */
    public static final String CONTEXT_NAME_PROPERTY = "camel.context.name";
    /** Graceful shutdown time for in-flight exchanges when a route bundle stops. */
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 10;

    private final Map<ServiceReference<RoutesBuilder>, HostedContext> contexts = new HashMap<>();

    private record HostedContext(CamelContext context, ServiceRegistration<CamelContext> registration) {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRoutes(RoutesBuilder builder, ServiceReference<RoutesBuilder> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return;
        }
        String name;
        synchronized (contexts) {
            name = contextName(reference, bundle);
        }
        BundleContext bundleContext = bundle.getBundleContext();
        OsgiDefaultCamelContext context = new OsgiDefaultCamelContext(bundleContext);
        try {
            context.getCamelContextExtension().setName(name);
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring != null) {
                context.setApplicationContextClassLoader(wiring.getClassLoader());
            }
            context.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT_SECONDS);
            // Start before adding routes: routes added to a started context start at once.
            context.start();
            context.addRoutes(builder);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(CONTEXT_NAME_PROPERTY, name);
            props.put("plantwire.route.bundle", bundle.getSymbolicName());
            ServiceRegistration<CamelContext> registration = bundleContext.registerService(CamelContext.class, context, props);
            synchronized (contexts) {
                contexts.put(reference, new HostedContext(context, registration));
            }
            LOG.info("Started routes of {} {} in CamelContext {}: {}", bundle.getSymbolicName(), bundle.getVersion(), name,
                    context.getRoutes().size());
        } catch (Exception e) {
            LOG.error("Cannot start the routes of bundle {} {} ({}): {}", bundle.getSymbolicName(), bundle.getVersion(),
                    builder.getClass().getName(), e.getMessage(), e);
            stopQuietly(context, name);
        }
    }

    void removeRoutes(RoutesBuilder builder, ServiceReference<RoutesBuilder> reference) {
        HostedContext hosted;
        synchronized (contexts) {
            hosted = contexts.remove(reference);
        }
        if (hosted != null) {
            stop(hosted);
        }
    }

    @Deactivate
    void deactivate() {
        Map<ServiceReference<RoutesBuilder>, HostedContext> all;
        synchronized (contexts) {
            all = new HashMap<>(contexts);
            contexts.clear();
        }
        all.values().forEach(this::stop);
    }

    private void stop(HostedContext hosted) {
        try {
            hosted.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the route bundle is stopping and took its services with it
        }
        stopQuietly(hosted.context(), hosted.context().getName());
    }

    private static void stopQuietly(CamelContext context, String name) {
        try {
            context.stop();
            LOG.info("Stopped CamelContext {}", name);
        } catch (Exception e) {
            LOG.warn("Error stopping CamelContext {}: {}", name, e.getMessage(), e);
        }
    }

    /** The configured name, else the bundle's symbolic name; made unique with the service id when taken. */
    private String contextName(ServiceReference<RoutesBuilder> reference, Bundle bundle) {
        Object configured = reference.getProperty(CONTEXT_NAME_PROPERTY);
        String name = configured != null && !configured.toString().isBlank() ? configured.toString() : bundle.getSymbolicName();
        for (HostedContext hosted : contexts.values()) {
            if (hosted.context().getName().equals(name)) {
                return name + "-" + reference.getProperty("service.id");
            }
        }
        return name;
    }
}
