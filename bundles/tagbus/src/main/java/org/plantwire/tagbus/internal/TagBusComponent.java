package org.plantwire.tagbus.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.Registration;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagListener;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.TagOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TagBus} OSGi service: a {@link TagBusImpl} configured from PID {@value #PID}, with every
 * {@link TagOwner} service registered as an owner (whiteboard). Immediate, so the current values live as long as
 * the bundle, not as long as someone happens to use the service.
 */
@Component(service = TagBus.class, configurationPid = TagBusComponent.PID, immediate = true)
@Designate(ocd = TagBusConfiguration.class)
public final class TagBusComponent implements TagBus {

    public static final String PID = "org.plantwire.tagbus";

    private static final Logger LOG = LoggerFactory.getLogger(TagBusComponent.class);

    private final TagBusImpl bus;
    private final Map<TagOwner, Registration> whiteboard = Collections.synchronizedMap(new IdentityHashMap<>());

    @Activate
    public TagBusComponent(TagBusConfiguration config) {
        this.bus = new TagBusImpl(settings(config));
        LOG.info("Tag bus started (queue capacity {}, write time-out {} ms)", bus.settings().queueCapacity(),
                bus.settings().writeTimeoutMillis());
    }

    @Modified
    void modified(TagBusConfiguration config) {
        bus.reconfigure(settings(config));
        LOG.info("Tag bus reconfigured (queue capacity {}, write time-out {} ms)", bus.settings().queueCapacity(),
                bus.settings().writeTimeoutMillis());
    }

    @Deactivate
    void deactivate() {
        bus.close();
        LOG.info("Tag bus stopped");
    }

    /** A bad value in the configuration is reported and replaced by its default: the bus must come up. */
    static TagBusSettings settings(TagBusConfiguration config) {
        TagBusSettings s = TagBusSettings.defaults();
        try {
            s = s.withQueueCapacity(config.queueCapacity());
        } catch (IllegalArgumentException e) {
            LOG.error("{} queueCapacity: {}; using {}", PID, e.getMessage(), s.queueCapacity());
        }
        try {
            s = s.withWriteTimeoutMillis(config.writeTimeoutMillis());
        } catch (IllegalArgumentException e) {
            LOG.error("{} writeTimeoutMillis: {}; using {}", PID, e.getMessage(), s.writeTimeoutMillis());
        }
        return s;
    }

    /** The bus behind the service, for tests. */
    TagBusImpl bus() {
        return bus;
    }

    // ------------------------------------------------------------------ whiteboard

    @Reference(service = TagOwner.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeOwner")
    void addOwner(TagOwner owner) {
        try {
            whiteboard.put(owner, bus.registerOwner(owner));
        } catch (RuntimeException e) {
            LOG.error("Connector service {} not registered with the tag bus: {}", owner, e.getMessage());
        }
    }

    void removeOwner(TagOwner owner) {
        Registration r = whiteboard.remove(owner);
        if (r != null) {
            r.close();
        }
    }

    // ------------------------------------------------------------------ TagBus

    @Override
    public void publish(TagPath path, TagValue value) {
        bus.publish(path, value);
    }

    @Override
    public void publish(TagPath path, Object value) {
        bus.publish(path, value);
    }

    @Override
    public Optional<TagValue> read(TagPath path) {
        return bus.read(path);
    }

    @Override
    public Optional<TagInfo> info(TagPath path) {
        return bus.info(path);
    }

    @Override
    public List<TagInfo> tags(TagPattern pattern) {
        return bus.tags(pattern);
    }

    @Override
    public Subscription subscribe(TagPattern pattern, TagListener listener) {
        return bus.subscribe(pattern, listener);
    }

    @Override
    public Subscription subscribe(TagPattern pattern, TagListener listener, String name, int queueCapacity,
                                  boolean initialValues) {
        return bus.subscribe(pattern, listener, name, queueCapacity, initialValues);
    }

    @Override
    public List<Subscription> subscriptions() {
        return bus.subscriptions();
    }

    @Override
    public CompletionStage<WriteResult> write(TagPath path, Object value, String source) {
        return bus.write(path, value, source);
    }

    @Override
    public Registration registerOwner(TagOwner owner) {
        return bus.registerOwner(owner);
    }

    @Override
    public Registration replaceOwner(TagOwner owner) {
        return bus.replaceOwner(owner);
    }

    @Override
    public List<ConnectorSummary> connectors() {
        return bus.connectors();
    }

    @Override
    public String toString() {
        return "TagBus[" + bus.settings() + ", " + bus.subscriptions().size() + " subscriptions]";
    }
}
