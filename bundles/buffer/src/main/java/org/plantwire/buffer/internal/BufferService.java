package org.plantwire.buffer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.api.TagBus;
import org.plantwire.buffer.Buffer;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.buffer.Buffers;
import org.plantwire.plant.PublisherConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One durable queue per publisher of the plant files, fed from the tag bus: {@code <directory>/<publisher>.mvstore}.
 * A changed publisher gets its buffer reopened with its new bounds (the entries stay); a removed publisher's file
 * stays on disk, with whatever it still holds, until the publisher comes back or the integrator deletes it.
 */
@Component(service = Buffers.class, immediate = true, configurationPid = "org.plantwire.buffer",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = BufferServiceConfig.class)
public final class BufferService implements Buffers {

    private static final Logger LOG = LoggerFactory.getLogger(BufferService.class);
    private static final String SUFFIX = ".mvstore";

    /** An open buffer with its feeder, or a buffer whose file could not be opened. */
    private record Slot(PublisherConfig config, DurableQueue queue, BufferFeeder feeder, String error) {
    }

    private final TagBus bus;
    private final Path directory;
    private final long syncMillis;
    /** By publisher name. Guarded by this. */
    private final Map<String, Slot> slots = new TreeMap<>();
    private boolean closed;

    @Activate
    public BufferService(BufferServiceConfig config, @Reference TagBus bus) {
        this(Paths.get(System.getProperty("karaf.data", "data")).resolve(config.directory()), config.syncMillis(), bus);
    }

    public BufferService(Path directory, long syncMillis, TagBus bus) {
        this.bus = bus;
        this.directory = directory;
        this.syncMillis = syncMillis;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public synchronized void add(PublisherConfig config) {
        if (closed) {
            return;
        }
        close(slots.remove(config.name()));
        Path file = directory.resolve(config.name() + SUFFIX);
        DurableQueue queue;
        try {
            queue = openOrSetAside(config, file);
        } catch (BufferFileException e) {
            LOG.error("{}; publisher {} forwards nothing until this is fixed and its plant file is saved again",
                    e.getMessage(), config.name());
            slots.put(config.name(), new Slot(config, null, null, e.getMessage()));
            return;
        }
        slots.put(config.name(), new Slot(config, queue, new BufferFeeder(config, queue, bus), null));
        LOG.info("Buffer {} open: {} entries waiting in {}", config.name(), queue.status().entries(), file);
    }

    /** A corrupt file is moved aside (kept for inspection) and an empty buffer started, so data keeps flowing. */
    private DurableQueue openOrSetAside(PublisherConfig config, Path file) throws BufferFileException {
        try {
            return DurableQueue.open(config.name(), file, config.buffer(), syncMillis);
        } catch (BufferFileException e) {
            if (!e.corrupt()) {
                throw e;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                throw new BufferFileException(e.getMessage() + "; it cannot be moved aside either: " + moveFailed, false, e);
            }
            LOG.error("{}; its entries are lost: the file was moved to {} and an empty buffer started", e.getMessage(), aside);
            return DurableQueue.open(config.name(), file, config.buffer(), syncMillis);
        }
    }

    public synchronized void remove(PublisherConfig config) {
        Slot slot = slots.get(config.name());
        if (slot != null && slot.config() == config) {
            slots.remove(config.name());
            close(slot);
        }
    }

    private static void close(Slot slot) {
        if (slot == null) {
            return;
        }
        if (slot.feeder() != null) {
            slot.feeder().close();
        }
        if (slot.queue() != null) {
            slot.queue().close();
        }
    }

    @Deactivate
    public synchronized void close() {
        closed = true;
        slots.values().forEach(BufferService::close);
        slots.clear();
    }

    @Override
    public synchronized Optional<Buffer> buffer(String name) {
        Slot slot = slots.get(name);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.queue());
    }

    @Override
    public List<BufferStatus> status() {
        List<Slot> all;
        synchronized (this) {
            all = new ArrayList<>(slots.values());
        }
        List<BufferStatus> result = new ArrayList<>();
        for (Slot s : all) {
            result.add(s.queue() != null ? s.queue().status()
                    : new BufferStatus(s.config().name(), directory.resolve(s.config().name() + SUFFIX).toString(),
                            s.config().buffer(), false, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), s.error()));
        }
        return result;
    }
}
