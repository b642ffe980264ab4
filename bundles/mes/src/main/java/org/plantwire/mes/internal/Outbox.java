package org.plantwire.mes.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.plantwire.mes.DowntimeEvent;
import org.plantwire.mes.Oee;
import org.plantwire.mes.Product;
import org.plantwire.mes.WorkOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * Every change the MES makes to its database goes through here first: appended, in order, to an H2 MVStore file
 * (MVStore writes what was appended within 100 ms, and each {@link #drain} forces it to the disk: the same
 * window as the publishers' buffers) and applied to the database by {@link #drain} in the same order; an entry
 * leaves the file only after the database committed it. While the database is unreachable the changes wait on disk
 * and the MES goes on counting; when it returns they are applied in order. Applying is idempotent (upserts, history
 * rows by sequence number), so an entry applied just before a crash may be applied again.
 * <p>
 * Each entry is the whole new state of one thing (an order with all its transitions, a downtime event, an OEE row,
 * a product), so a newer entry for a thing that still waits replaces the waiting one in its place: during a long
 * outage the file holds one entry per changed thing, not one per second of counting. In its place, not at the end,
 * because what a thing needs (an order its product) was appended before it.
 * <p>
 * The same file keeps the MES's last snapshot of each line ({@link #saveLine}), so that a restarted MES goes on
 * where it stopped without the database.
 */
final class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final long LOG_EVERY_MILLIS = 30_000;

    private final MVStore file;
    private final MVMap<Long, String> entries;
    private final MVMap<String, String> lines;
    /** the waiting entry of each thing (kind and id): where a newer state of it goes; guarded by appendLock */
    private final Map<String, Long> waitingEntryOf = new HashMap<>();
    private final MesStore store;
    private final ObjectMapper json;
    private long next;
    private long unavailableSince;
    private long lastLog;
    private String lastError = "";

    Outbox(Path path, MesStore store) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("MES: cannot create the folder of " + path + ": " + e, e);
        }
        // written by MVStore's own thread within 100 ms of an append: appending costs the counting thread no I/O
        this.file = new MVStore.Builder().fileName(path.toString()).open();
        file.setAutoCommitDelay(100);
        this.entries = file.openMap("entries");
        this.lines = file.openMap("lines");
        this.store = store;
        Long last = entries.lastKey();
        this.next = last == null ? 1 : last + 1;
        for (Map.Entry<Long, String> e : entries.entrySet()) {
            String thing = thing(e.getValue());
            if (thing != null) {
                waitingEntryOf.put(thing, e.getKey());
            }
        }
        SimpleModule instants = new SimpleModule()
                .addSerializer(Instant.class, ToStringSerializer.instance)
                .addDeserializer(Instant.class, new StdDeserializer<Instant>(Instant.class) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                        return Instant.parse(p.getValueAsString());
                    }
                });
        this.json = new ObjectMapper().registerModule(instants);
    }

    void saveOrder(WorkOrder o) {
        append("order", "order " + o.id(), o);
    }

    void saveDowntime(DowntimeEvent e) {
        append("downtime", "downtime " + e.id(), e);
    }

    /** Replaces a waiting save of the same event too: an event never saved needs no delete, but it does no harm. */
    void deleteDowntime(long id) {
        append("downtime-delete", "downtime " + id, id);
    }

    void saveOee(Oee o) {
        append("oee", "oee " + o.scope() + " " + o.id(), o);
    }

    void saveProduct(Product p) {
        append("product", "product " + p.id(), p);
    }

    private final Object appendLock = new Object();

    /**
     * Appending never waits for the database: {@link #drain} holds a different lock while it applies.
     * An entry is {@code kind \t thing \n json}; files written before things were named hold {@code kind \n json}.
     */
    private void append(String kind, String thing, Object value) {
        String entry;
        try {
            entry = kind + "\t" + thing + "\n" + json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("MES: cannot encode " + kind + ": " + e, e);
        }
        synchronized (appendLock) {
            Long waiting = waitingEntryOf.get(thing);
            if (waiting != null && entries.replace(waiting, entry) != null) {
                return;
            }
            long key = next++;
            entries.put(key, entry);
            waitingEntryOf.put(thing, key);
        }
    }

    /** The thing an entry is about; null for entries from before things were named. */
    private static String thing(String entry) {
        int nl = entry.indexOf('\n');
        int tab = entry.indexOf('\t');
        return tab >= 0 && tab < nl ? entry.substring(tab + 1, nl) : null;
    }

    /** Keeps the line's latest snapshot (not sent to the database; read back by {@link #line} after a restart). */
    void saveLine(LineSnapshot snapshot) {
        try {
            lines.put(snapshot.line(), json.writeValueAsString(snapshot));
        } catch (IOException e) {
            throw new IllegalStateException("MES: cannot encode the snapshot of line " + snapshot.line() + ": " + e, e);
        }
    }

    /** The line's last snapshot, or null (never saved, or unreadable: the line then starts afresh). */
    LineSnapshot line(String name) {
        String text = lines.get(name);
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, LineSnapshot.class);
        } catch (IOException e) {
            LOG.warn("MES: the snapshot of line {} cannot be read; the line starts afresh: {}", name, e.getMessage());
            return null;
        }
    }

    /** Changes waiting for the database. */
    int waiting() {
        return entries.size();
    }

    /** Since when (epoch ms) the database has refused changes, 0 when it takes them. */
    long unavailableSince() {
        return unavailableSince;
    }

    String lastError() {
        return lastError;
    }

    /** Applies waiting changes in order until none is left or the database refuses one; true when none is left. */
    synchronized boolean drain() {
        file.commit();
        file.sync();
        for (Map.Entry<Long, String> e = first(); e != null; e = first()) {
            try {
                apply(e.getValue());
            } catch (RuntimeException ex) {
                long now = System.currentTimeMillis();
                if (unavailableSince == 0) {
                    unavailableSince = now;
                }
                lastError = ex.getMessage();
                if (now - lastLog > LOG_EVERY_MILLIS) {
                    lastLog = now;
                    LOG.warn("MES: database unavailable, {} changes wait in the outbox: {}", entries.size(), ex.getMessage());
                }
                return false;
            }
            synchronized (appendLock) {
                // a newer state that replaced the entry while it was applied stays, and is applied next
                String thing = thing(e.getValue());
                if (entries.remove(e.getKey(), e.getValue()) && thing != null) {
                    waitingEntryOf.remove(thing, e.getKey());
                }
            }
            file.commit();
        }
        if (unavailableSince != 0) {
            LOG.info("MES: database back; the changes that waited are applied");
            unavailableSince = 0;
            lastError = "";
        }
        return true;
    }

    private Map.Entry<Long, String> first() {
        Long key = entries.firstKey();
        return key == null ? null : Map.entry(key, entries.get(key));
    }

    private void apply(String entry) {
        int nl = entry.indexOf('\n');
        int tab = entry.indexOf('\t');
        String kind = entry.substring(0, tab >= 0 && tab < nl ? tab : nl);
        String body = entry.substring(nl + 1);
        try {
            switch (kind) {
                case "order" -> store.saveOrder(json.readValue(body, WorkOrder.class));
                case "downtime" -> store.saveDowntime(json.readValue(body, DowntimeEvent.class));
                case "downtime-delete" -> store.deleteDowntime(Long.parseLong(body));
                case "oee" -> store.saveOee(java.util.List.of(json.readValue(body, Oee.class)));
                case "product" -> store.saveProduct(json.readValue(body, Product.class));
                default -> LOG.error("MES: outbox entry of unknown kind {} skipped", kind);
            }
        } catch (IOException e) {
            LOG.error("MES: outbox entry cannot be decoded, skipped: {}", body, e);
        }
    }

    @Override
    public synchronized void close() {
        file.close();
    }
}
