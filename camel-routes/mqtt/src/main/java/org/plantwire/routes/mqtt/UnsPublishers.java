package org.plantwire.routes.mqtt;

import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.plantwire.api.TagBus;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.buffer.Buffers;
import org.plantwire.plant.PublisherConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link UnsForwarder} for each MQTT publisher of the plant files: it forwards the publisher's durable buffer
 * (fed by the buffer bundle) to the broker. A changed publisher restarts alone.
 */
@Component(immediate = true)
public final class UnsPublishers {

    private static final Logger LOG = LoggerFactory.getLogger(UnsPublishers.class);

    private final TagBus bus;
    private final Buffers buffers;
    private final SwitchBoard board;
    private final long bundleId;
    /** By publisher name. Guarded by this. */
    private final Map<String, UnsForwarder> forwarders = new HashMap<>();
    private final Map<String, PublisherConfig> configs = new HashMap<>();

    @Activate
    public UnsPublishers(@Reference TagBus bus, @Reference Buffers buffers, @Reference SwitchBoard board) {
        this.bus = bus;
        this.buffers = buffers;
        this.board = board;
        this.bundleId = FrameworkUtil.getBundle(getClass()).getBundleId();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(plantwire.protocol=mqtt)")
    synchronized void add(PublisherConfig config) {
        stop(config.name());
        try {
            UnsForwarder f = new UnsForwarder(config, buffers, bus, board, bundleId);
            f.start();
            forwarders.put(config.name(), f);
            configs.put(config.name(), config);
        } catch (Exception e) {
            LOG.error("Publisher {} ({}) cannot start: {}", config.name(), config.source(), e.toString(), e);
        }
    }

    synchronized void remove(PublisherConfig config) {
        if (configs.get(config.name()) == config) {
            stop(config.name());
        }
    }

    private void stop(String name) {
        configs.remove(name);
        UnsForwarder f = forwarders.remove(name);
        if (f != null) {
            f.close();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        for (String name : Map.copyOf(forwarders).keySet()) {
            stop(name);
        }
    }
}
