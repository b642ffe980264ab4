package org.plantwire.buffer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.plantwire.api.Registration;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.buffer.Buffer;
import org.plantwire.buffer.BufferClosedException;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.buffer.BufferedEntry;
import org.plantwire.buffer.ForwarderStatus;
import org.plantwire.plant.BufferConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Buffer} in one H2 MVStore file: a map from sequence number to encoded entry, and a small map of counters.
 *
 * <p>Durability: appends and acknowledgements change the maps in memory; a sync thread commits them and forces the
 * file to disk every {@code syncMillis} (one write and one fsync for everything of that interval, never one per
 * entry). A hard kill loses what was appended in the last interval at most (acknowledgements lost that way only make
 * entries be sent again); {@link #close} commits and syncs everything. MVStore writes each commit as a new chunk and
 * never overwrites the last good one, so a crash mid-write leaves the previous commit readable.
 */
final class DurableQueue implements Buffer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurableQueue.class);
    private static final long MAINTENANCE_MILLIS = 1_000;
    private static final long LOG_EVERY_MILLIS = 10_000;
    /** Expired entries removed per maintenance round, so appends never wait long for the lock. */
    private static final int EXPIRE_BATCH = 10_000;

    private final String name;
    private final Path file;
    private final BufferConfig limits;
    private final long syncMillis;
    private final MVStore store;
    private final MVMap<Long, byte[]> entries;
    private final MVMap<String, Long> meta;
    /** The last value appended per tag, kept in the file at close: see {@link #lastAppended}. */
    private final MVMap<String, byte[]> lastByTag;
    private final Map<TagPath, TagValue> last = new ConcurrentHashMap<>();

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    /** Guarded by this. */
    private long nextSequence;
    private long lastDropLog;
    private long lastExpireLog;

    private final Object signal = new Object();
    private final AtomicInteger waiters = new AtomicInteger();
    private final List<ForwarderStatus> forwarders = new CopyOnWriteArrayList<>();
    private final Thread syncer;
    private volatile boolean closed;

    private DurableQueue(String name, Path file, BufferConfig limits, long syncMillis, MVStore store) {
        this.name = name;
        this.file = file;
        this.limits = limits;
        this.syncMillis = Math.max(1, syncMillis);
        this.store = store;
        this.entries = store.openMap("entries", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        this.meta = store.openMap("meta", new MVMap.Builder<String, Long>()
                .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
        this.lastByTag = store.openMap("lastByTag", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        for (Map.Entry<String, byte[]> e : lastByTag.entrySet()) {
            BufferedEntry entry = EntryCodec.decode(0, e.getValue());
            last.put(entry.path(), entry.value());
        }
        Long lastKey = entries.lastKey();
        nextSequence = Math.max(meta.getOrDefault("nextSequence", 1L), lastKey == null ? 1 : lastKey + 1);
        appended.set(meta.getOrDefault("appended", 0L));
        forwarded.set(meta.getOrDefault("forwarded", 0L));
        dropped.set(meta.getOrDefault("dropped", 0L));
        expired.set(meta.getOrDefault("expired", 0L));
        bytes.set(entries.isEmpty() ? 0 : meta.containsKey("bytes") ? meta.get("bytes") : countBytes());
        syncer = new Thread(this::syncLoop, "plantwire-buffer-" + name);
        syncer.setDaemon(true);
        syncer.start();
    }

    /**
     * Opens (or creates) the buffer file.
     *
     * @param syncMillis how often appended entries are committed and forced to disk
     * @throws BufferFileException when the file is locked, corrupt or unreadable, with the reason
     */
    static DurableQueue open(String name, Path file, BufferConfig limits, long syncMillis) throws BufferFileException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new BufferFileException("Buffer '" + name + "': cannot create the folder of " + file + ": " + e, false, e);
        }
        MVStore store;
        try {
            store = new MVStore.Builder().fileName(file.toString())
                    // room for a few intervals of heavy appending before the appending thread writes by itself
                    .autoCommitBufferSize(16 * 1024)
                    .open();
        } catch (MVStoreException e) {
            throw BufferFileException.of(name, file, e);
        }
        try {
            return new DurableQueue(name, file, limits, syncMillis, store);
        } catch (MVStoreException | IllegalStateException e) {
            store.closeImmediately();
            throw new BufferFileException("Buffer '" + name + "': " + file + " is corrupt or not a buffer file ("
                    + e.getMessage() + ")", true, e);
        }
    }

    private long countBytes() {
        long n = 0;
        Cursor<Long, byte[]> c = entries.cursor(null);
        while (c.hasNext()) {
            c.next();
            n += c.getValue().length;
        }
        return n;
    }

    Path file() {
        return file;
    }

    BufferConfig limits() {
        return limits;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Appends a change at the tail. When a bound is reached, {@code drop-oldest} removes entries from the head to
     * make room, {@code drop-newest} refuses this one; either way the drop is counted and logged (at most every 10 s).
     *
     * @return false when the change was dropped
     */
    boolean append(TagPath path, TagValue value) {
        long now = System.currentTimeMillis();
        byte[] data = EntryCodec.encode(now, path, value);
        synchronized (this) {
            checkOpen();
            if (full(data.length)) {
                if (limits.whenFull() == BufferConfig.WhenFull.DROP_NEWEST) {
                    dropped(1, now);
                    return false;
                }
                int n = 0;
                while (full(data.length)) {
                    Long head = entries.firstKey();
                    if (head == null) {
                        break; // one entry larger than maxBytes: keep it rather than nothing
                    }
                    removed(entries.remove(head));
                    n++;
                }
                dropped(n, now);
            }
            entries.put(nextSequence++, data);
            bytes.addAndGet(data.length);
            appended.incrementAndGet();
            last.put(path, value);
        }
        if (waiters.get() > 0) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
        return true;
    }

    /**
     * The value last appended for a tag (also before a clean close and reopen), or null: a feeder that starts again
     * gets the tag's current value from the bus, which is no change when it is this one.
     */
    TagValue lastAppended(TagPath path) {
        return last.get(path);
    }

    private boolean full(int size) {
        return entries.sizeAsLong() >= limits.maxEntries() || bytes.get() + size > limits.maxBytes();
    }

    private void removed(byte[] data) {
        if (data != null) {
            bytes.addAndGet(-data.length);
        }
    }

    private void dropped(int n, long now) {
        dropped.addAndGet(n);
        if (n > 0 && now - lastDropLog > LOG_EVERY_MILLIS) {
            lastDropLog = now;
            LOG.warn("Buffer {} is full ({} entries, {} bytes; bounds {} entries, {} bytes): {} ({} dropped so far)", name,
                    entries.sizeAsLong(), bytes.get(), limits.maxEntries(), limits.maxBytes(),
                    limits.whenFull() == BufferConfig.WhenFull.DROP_NEWEST ? "new changes are dropped"
                            : "the oldest entries are dropped", dropped.get());
        }
    }

    @Override
    public List<BufferedEntry> read(long after, int max) {
        checkOpen();
        List<BufferedEntry> result = new ArrayList<>(Math.min(max, 1024));
        try {
            Cursor<Long, byte[]> c = entries.cursor(after + 1);
            while (result.size() < max && c.hasNext()) {
                long sequence = c.next();
                byte[] data = c.getValue();
                try {
                    result.add(EntryCodec.decode(sequence, data));
                } catch (RuntimeException unreadable) {
                    // never let one bad entry stop the publisher: set it aside in the log, count it as dropped
                    LOG.error("Buffer {}: {}; dropped", name, unreadable.getMessage());
                    synchronized (this) {
                        removed(entries.remove(sequence));
                    }
                    dropped.incrementAndGet();
                }
            }
        } catch (MVStoreException e) {
            throw closedOr(e);
        }
        return result;
    }

    @Override
    public boolean await(long after, long timeoutMillis) throws InterruptedException {
        if (hasAfter(after)) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        waiters.incrementAndGet();
        try {
            synchronized (signal) {
                long left;
                while (!closed && !hasAfter(after) && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                }
            }
        } finally {
            waiters.decrementAndGet();
        }
        return hasAfter(after);
    }

    private boolean hasAfter(long after) {
        checkOpen();
        return entries.higherKey(after) != null;
    }

    @Override
    public synchronized void acknowledge(long sequence) {
        checkOpen();
        try {
            byte[] data = entries.remove(sequence);
            if (data != null) {
                removed(data);
                forwarded.incrementAndGet();
            }
        } catch (MVStoreException e) {
            throw closedOr(e);
        }
    }

    @Override
    public Registration attach(ForwarderStatus forwarder) {
        forwarders.add(forwarder);
        return () -> forwarders.remove(forwarder);
    }

    @Override
    public BufferStatus status() {
        long oldest = 0;
        long count = 0;
        long fileBytes = 0;
        if (!closed) {
            try {
                Long head = entries.firstKey();
                byte[] data = head == null ? null : entries.get(head);
                oldest = data == null ? 0 : EntryCodec.appendedAt(data);
                count = entries.sizeAsLong();
                fileBytes = Files.size(file);
            } catch (IOException | MVStoreException | IllegalStateException e) {
                // closing right now: what we have
            }
        }
        List<BufferStatus.Forwarder> fs = new ArrayList<>();
        for (ForwarderStatus f : forwarders) {
            try {
                fs.add(new BufferStatus.Forwarder(f.bundleId(), f.active(), f.connected(), f.lastError(), f.lastErrorTime()));
            } catch (RuntimeException | LinkageError e) {
                fs.add(new BufferStatus.Forwarder(-1, false, false, "forwarder does not answer: " + e, System.currentTimeMillis()));
            }
        }
        fs.sort(Comparator.comparing((BufferStatus.Forwarder f) -> !f.active()).thenComparing(BufferStatus.Forwarder::bundleId));
        return new BufferStatus(name, file.toString(), limits, !closed, count, bytes.get(), fileBytes, oldest,
                appended.get(), forwarded.get(), dropped.get(), expired.get(), fs, closed ? "closed" : null);
    }

    private void checkOpen() {
        if (closed) {
            throw new BufferClosedException(name);
        }
    }

    private RuntimeException closedOr(MVStoreException e) {
        return closed ? new BufferClosedException(name) : e;
    }

    // ---------------------------------------------------------------- sync thread

    private void syncLoop() {
        long nextMaintenance = 0;
        long lastErrorLog = 0;
        while (!closed) {
            // parked, never interrupted: an interrupt during a write would close MVStore's file channel
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(syncMillis));
            if (closed) {
                break;
            }
            try {
                commit();
                long now = System.currentTimeMillis();
                if (now >= nextMaintenance) {
                    expire(now);
                    nextMaintenance = now + MAINTENANCE_MILLIS;
                }
            } catch (RuntimeException e) {
                long now = System.currentTimeMillis();
                if (!closed && now - lastErrorLog > LOG_EVERY_MILLIS) {
                    lastErrorLog = now;
                    LOG.error("Buffer {}: cannot write {}: {}", name, file, e.toString(), e);
                }
            }
        }
    }

    /**
     * Stops as a hard kill would: no commit, the file closed as it is. Tests only: what {@link #commit} (the sync
     * thread) wrote before must survive it.
     */
    void crash() {
        closed = true;
        LockSupport.unpark(syncer);
        store.closeImmediately();
    }

    /** Counters into the meta map, then one commit and one fsync for everything since the last. */
    void commit() {
        if (!store.hasUnsavedChanges()) {
            return;
        }
        writeCounters();
        store.commit();
        store.sync();
    }

    private synchronized void writeCounters() {
        meta.put("nextSequence", nextSequence);
        meta.put("appended", appended.get());
        meta.put("forwarded", forwarded.get());
        meta.put("dropped", dropped.get());
        meta.put("expired", expired.get());
        meta.put("bytes", bytes.get());
    }

    /** Removes entries older than maxAge from the head, a batch at a time. */
    void expire(long now) {
        long limit = now - limits.maxAgeMillis();
        int n = 0;
        synchronized (this) {
            if (closed) {
                return;
            }
            Cursor<Long, byte[]> c = entries.cursor(null);
            while (n < EXPIRE_BATCH && c.hasNext()) {
                long sequence = c.next();
                if (EntryCodec.appendedAt(c.getValue()) >= limit) {
                    break;
                }
                removed(entries.remove(sequence));
                n++;
            }
            if (entries.isEmpty()) {
                bytes.set(0); // any drift from a hard kill ends here
            }
        }
        if (n > 0) {
            expired.addAndGet(n);
            if (now - lastExpireLog > LOG_EVERY_MILLIS) {
                lastExpireLog = now;
                LOG.warn("Buffer {}: entries older than {} s expired ({} so far)", name, limits.maxAgeMillis() / 1000, expired.get());
            }
        }
    }

    /** Commits and syncs everything, then closes the file: nothing appended before is lost. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LockSupport.unpark(syncer);
        try {
            syncer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (signal) {
            signal.notifyAll();
        }
        synchronized (this) {
            try {
                writeCounters();
                lastByTag.clear();
                last.forEach((path, value) -> lastByTag.put(path.toString(), EntryCodec.encode(0, path, value)));
                store.commit();
                store.sync();
            } finally {
                store.close();
            }
        }
    }
}
