package org.plantwire.historian.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.historian.HistoryPoint;

/**
 * The historian's file: H2's MVStore (a log-structured, crash-safe key-value store already in the core feature, with
 * page compression and compaction) holding, per tag, time-ordered chunks of points ({@link ChunkCodec}). A chunk's
 * key is {@code tag id << 42 | time of its first point}, so one tag's chunks are adjacent and ordered by time and a
 * time range is one cursor walk. The newest chunk of each tag grows in memory and is written with the others at each
 * {@link #flush} (one commit for all tags: the write path batches); a full chunk (or one spanning an hour) is sealed
 * and the next begins. Old data goes by whole chunks: past a tag's retention, or oldest first across all tags when the
 * data is over its cap. Thread-safe (one lock: writes are batched in memory, queries decode a few chunks).
 *
 * <p>The cap counts the chunks' bytes (before MVStore's page compression), not the file: the file also holds space
 * MVStore frees and reuses, and chunk versions it keeps for a while after each commit for crash safety. Shrinking the
 * file by moving chunks ({@code MVStore.compactFile}) is not used: it fails an internal assertion in H2 2.3.23x.
 */
final class TimeSeriesStore implements AutoCloseable {

    static final int CHUNK_POINTS = 1_000;
    static final long CHUNK_SPAN_MILLIS = 3_600_000;
    private static final int TIME_BITS = 42;
    static final long MAX_TIME = (1L << TIME_BITS) - 1; // year 2109
    private static final int MAX_TAGS = 1 << 21;
    /** Under the cap, the file is brought down to this fraction of it, so dropping does not run at every write. */
    private static final double CAP_TARGET = 0.8;

    private final Path file;
    private final MVStore store;
    private final MVMap<Long, byte[]> chunks;
    private final MVMap<String, Long> ids;
    private final MVMap<String, Long> meta;
    private final Map<TagPath, Series> series = new HashMap<>();
    private final Map<Integer, TagPath> paths = new HashMap<>();
    private long maxFileBytes;
    private long points;
    private long recorded;
    private long late;
    private long droppedByRetention;
    private long droppedByCap;
    /** Bytes of all chunks (as encoded, before page compression). */
    private long dataBytes;

    /** A tag's id and its growing chunk. */
    private static final class Series {
        final int id;
        ChunkCodec.Writer open;
        boolean dirty;
        /** Bytes of the growing chunk as last put into the map. */
        int syncedBytes;
        /** Newest time recorded, Long.MIN_VALUE before the first. */
        long newest = Long.MIN_VALUE;

        Series(int id) {
            this.id = id;
        }
    }

    TimeSeriesStore(Path file, long maxFileBytes) throws IOException {
        this(file, maxFileBytes, -1);
    }

    /** @param freedAfterMillis how long MVStore keeps replaced chunk versions (-1: its default, 45 s); tests only */
    TimeSeriesStore(Path file, long maxFileBytes, int freedAfterMillis) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.file = file;
        this.maxFileBytes = maxFileBytes;
        this.store = new MVStore.Builder().fileName(file.toString()).compress().open();
        if (freedAfterMillis >= 0) {
            store.setRetentionTime(freedAfterMillis);
        }
        try {
            this.chunks = store.openMap("chunks", new MVMap.Builder<Long, byte[]>()
                    .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
            this.ids = store.openMap("tags");
            this.meta = store.openMap("meta");
            points = meta.getOrDefault("points", 0L);
            recorded = meta.getOrDefault("recorded", 0L);
            late = meta.getOrDefault("late", 0L);
            droppedByRetention = meta.getOrDefault("droppedByRetention", 0L);
            droppedByCap = meta.getOrDefault("droppedByCap", 0L);
            dataBytes = meta.getOrDefault("bytes", 0L);
            for (Map.Entry<String, Long> e : ids.entrySet()) {
                TagPath path = TagPath.of(e.getKey());
                int id = e.getValue().intValue();
                paths.put(id, path);
                Series s = new Series(id);
                Long lastKey = lastKey(id);
                if (lastKey != null) {
                    s.newest = ChunkCodec.lastTime(chunks.get(lastKey));
                }
                series.put(path, s);
            }
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    synchronized void maxFileBytes(long bytes) {
        this.maxFileBytes = bytes;
    }

    private static long key(int id, long time) {
        return (long) id << TIME_BITS | time;
    }

    private static int idOf(long key) {
        return (int) (key >>> TIME_BITS);
    }

    private Long lastKey(int id) {
        Long k = chunks.floorKey(key(id, MAX_TIME));
        return k != null && idOf(k) == id ? k : null;
    }

    private Long firstKey(int id) {
        Long k = chunks.ceilingKey(key(id, 0));
        return k != null && idOf(k) == id ? k : null;
    }

    /** The last point recorded for the tag, or null. */
    synchronized HistoryPoint last(TagPath path) {
        Series s = series.get(path);
        if (s == null) {
            return null;
        }
        sync(s);
        Long k = lastKey(s.id);
        return k == null ? null : lastPoint(chunks.get(k), MAX_TIME);
    }

    /**
     * Records a point. Times below 0 are taken as 0. A point older than the tag's newest is inserted in order.
     *
     * @throws IllegalArgumentException when the time is after the year 2109 or there are too many tags
     */
    synchronized void append(TagPath path, long time, Object value, Quality quality) {
        long t = Math.max(0, time);
        if (t > MAX_TIME) {
            throw new IllegalArgumentException("Tag " + path + ": time " + time + " is beyond what the historian keeps");
        }
        value = ChunkCodec.normalize(value);
        Series s = series(path);
        if (t < s.newest) {
            insertLate(s, t, value, quality);
        } else {
            if (s.open == null || s.open.count() >= CHUNK_POINTS && t > s.open.last()
                    || t - s.open.first() > CHUNK_SPAN_MILLIS) {
                startChunk(s, t);
            }
            s.open.add(t, value, quality);
            s.dirty = true;
            s.newest = t;
        }
        points++;
        recorded++;
    }

    private Series series(TagPath path) {
        Series s = series.get(path);
        if (s == null) {
            if (paths.size() >= MAX_TAGS) {
                throw new IllegalArgumentException("The historian holds " + MAX_TAGS + " tags already; " + path + " is not recorded");
            }
            int id = paths.size();
            while (paths.containsKey(id)) {
                id++;
            }
            ids.put(path.toString(), (long) id);
            paths.put(id, path);
            s = new Series(id);
            series.put(path, s);
        }
        return s;
    }

    /** Seals the growing chunk; continues the tag's last chunk on disk when it has room (after a restart). */
    private void startChunk(Series s, long t) {
        sync(s);
        s.open = null;
        Long k = lastKey(s.id);
        if (k != null) {
            byte[] last = chunks.get(k);
            long start = k & MAX_TIME;
            if (ChunkCodec.count(last) < CHUNK_POINTS && t - start <= CHUNK_SPAN_MILLIS || start == t) {
                s.open = ChunkCodec.Writer.of(last);
                s.syncedBytes = last.length;
                return;
            }
        }
        s.open = new ChunkCodec.Writer();
        s.syncedBytes = 0;
    }

    private void insertLate(Series s, long t, Object value, Quality quality) {
        sync(s);
        late++;
        Long k = chunks.floorKey(key(s.id, t));
        if (k == null || idOf(k) != s.id) {
            ChunkCodec.Writer w = new ChunkCodec.Writer();
            w.add(t, value, quality);
            byte[] bytes = w.toBytes();
            chunks.put(key(s.id, t), bytes);
            dataBytes += bytes.length;
            return;
        }
        byte[] old = chunks.get(k);
        List<HistoryPoint> all = decode(old);
        int at = all.size();
        while (at > 0 && all.get(at - 1).time() > t) {
            at--;
        }
        all.add(at, new HistoryPoint(t, value, quality));
        ChunkCodec.Writer w = new ChunkCodec.Writer();
        all.forEach(p -> w.add(p.time(), p.value(), p.quality()));
        byte[] bytes = w.toBytes();
        chunks.put(k, bytes);
        dataBytes += bytes.length - old.length;
        if (s.open != null && key(s.id, s.open.first()) == k) {
            s.open = w;
            s.syncedBytes = bytes.length;
        }
    }

    /** Puts a tag's growing chunk into the map (in memory until the next commit). */
    private void sync(Series s) {
        if (s.dirty) {
            byte[] bytes = s.open.toBytes();
            chunks.put(key(s.id, s.open.first()), bytes);
            dataBytes += bytes.length - s.syncedBytes;
            s.syncedBytes = bytes.length;
            s.dirty = false;
        }
    }

    /** Writes every growing chunk and the counters, and commits: one write to disk for everything since the last. */
    synchronized void flush() {
        for (Series s : series.values()) {
            sync(s);
        }
        meta.put("points", points);
        meta.put("recorded", recorded);
        meta.put("late", late);
        meta.put("droppedByRetention", droppedByRetention);
        meta.put("droppedByCap", droppedByCap);
        meta.put("bytes", dataBytes);
        if (store.hasUnsavedChanges()) {
            store.commit();
        }
    }

    // ------------------------------------------------------------------------------------------------- queries

    /** Points in [from, to), oldest first, at most limit. */
    synchronized List<HistoryPoint> raw(TagPath path, long from, long to, int limit) {
        List<HistoryPoint> result = new ArrayList<>();
        scan(path, from, to, (t, v, q) -> {
            result.add(new HistoryPoint(t, v, q));
            return result.size() < limit;
        });
        return result;
    }

    /** Hands the points in [from, to) to the sink, oldest first, until it says stop. */
    synchronized void scan(TagPath path, long from, long to, ChunkCodec.PointSink sink) {
        Series s = series.get(path);
        if (s == null || from >= to) {
            return;
        }
        sync(s);
        long lo = Math.max(0, from);
        long hi = Math.min(MAX_TIME, to);
        Long start = chunks.floorKey(key(s.id, lo));
        if (start == null || idOf(start) != s.id) {
            start = key(s.id, lo);
        }
        long end = key(s.id, hi);
        boolean[] more = {true};
        Cursor<Long, byte[]> c = chunks.cursor(start);
        while (more[0] && c.hasNext()) {
            long k = c.next();
            if (k >= end || idOf(k) != s.id) {
                break;
            }
            byte[] chunk = c.getValue();
            if (ChunkCodec.lastTime(chunk) < from) {
                continue;
            }
            ChunkCodec.forEach(chunk, (t, v, q) -> {
                if (t >= to) {
                    more[0] = false;
                    return false;
                }
                if (t >= from && !sink.accept(t, v, q)) {
                    more[0] = false;
                    return false;
                }
                return true;
            });
        }
    }

    /** The last point at or before time. */
    synchronized Optional<HistoryPoint> valueAt(TagPath path, long time) {
        Series s = series.get(path);
        if (s == null || time < 0) {
            return Optional.empty();
        }
        sync(s);
        Long k = chunks.floorKey(key(s.id, Math.min(time, MAX_TIME)));
        if (k == null || idOf(k) != s.id) {
            return Optional.empty();
        }
        return Optional.ofNullable(lastPoint(chunks.get(k), time));
    }

    private static HistoryPoint lastPoint(byte[] chunk, long time) {
        HistoryPoint[] found = {null};
        ChunkCodec.forEach(chunk, (t, v, q) -> {
            if (t > time) {
                return false;
            }
            found[0] = new HistoryPoint(t, v, q);
            return true;
        });
        return found[0];
    }

    private static List<HistoryPoint> decode(byte[] chunk) {
        List<HistoryPoint> all = new ArrayList<>();
        ChunkCodec.forEach(chunk, (t, v, q) -> all.add(new HistoryPoint(t, v, q)));
        return all;
    }

    synchronized List<TagPath> tags() {
        List<TagPath> result = new ArrayList<>();
        for (Map.Entry<TagPath, Series> e : series.entrySet()) {
            if (e.getValue().dirty || firstKey(e.getValue().id) != null) {
                result.add(e.getKey());
            }
        }
        result.sort((a, b) -> a.toString().compareTo(b.toString()));
        return result;
    }

    // ------------------------------------------------------------------------------------------ retention, cap

    /**
     * Drops each tag's chunks whose newest point is older than its retention (a whole chunk at a time; a tag's newest
     * chunk stays, so its last value is always known). Returns the points dropped.
     */
    synchronized long expire(long now, ToLongFunction<TagPath> retentionMillis) {
        long dropped = 0;
        for (Map.Entry<TagPath, Series> e : series.entrySet()) {
            Series s = e.getValue();
            sync(s);
            long cutoff = now - retentionMillis.applyAsLong(e.getKey());
            Long last = lastKey(s.id);
            Long k = firstKey(s.id);
            while (k != null && !k.equals(last)) {
                byte[] chunk = chunks.get(k);
                if (ChunkCodec.lastTime(chunk) >= cutoff) {
                    break;
                }
                chunks.remove(k);
                dataBytes -= chunk.length;
                dropped += ChunkCodec.count(chunk);
                k = firstKey(s.id);
            }
        }
        droppedByRetention += dropped;
        points -= dropped;
        return dropped;
    }

    /**
     * Keeps the data under its cap: when it is over, drops the oldest chunks across all tags (each tag's newest kept)
     * until the data is below {@value #CAP_TARGET} of the cap, so dropping does not run at every write. MVStore reuses
     * the space freed. Returns the points dropped.
     */
    synchronized long enforceCap() {
        if (dataBytes <= maxFileBytes) {
            return 0;
        }
        for (Series s : series.values()) {
            sync(s);
        }
        long dropped = 0;
        long[] candidates = oldestFirst();
        for (int i = 0; i < candidates.length && dataBytes > maxFileBytes * CAP_TARGET; i++) {
            byte[] chunk = chunks.remove(candidates[i]);
            int n = ChunkCodec.count(chunk);
            dropped += n;
            droppedByCap += n;
            points -= n;
            dataBytes -= chunk.length;
        }
        flush();
        return dropped;
    }

    /** The keys of every chunk but each tag's newest, oldest first. */
    private long[] oldestFirst() {
        List<Long> all = new ArrayList<>();
        Cursor<Long, byte[]> c = chunks.cursor(null);
        long previous = -1;
        while (c.hasNext()) {
            long k = c.next();
            if (previous >= 0 && idOf(previous) == idOf(k)) {
                all.add(previous); // a later chunk of the same tag follows: previous is not its newest
            }
            previous = k;
        }
        all.sort((a, b) -> Long.compare(a & MAX_TIME, b & MAX_TIME));
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    // ---------------------------------------------------------------------------------------------- status

    synchronized long fileBytes() {
        return store.getFileStore().size();
    }

    /** points, recorded, late, droppedByRetention, droppedByCap, dataBytes. */
    synchronized long[] counters() {
        return new long[] {points, recorded, late, droppedByRetention, droppedByCap, dataBytes};
    }

    /** Oldest and newest point held, 0 when none. */
    synchronized long[] span() {
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (Series s : series.values()) {
            sync(s);
            Long f = firstKey(s.id);
            if (f != null) {
                oldest = Math.min(oldest, f & MAX_TIME);
                newest = Math.max(newest, ChunkCodec.lastTime(chunks.get(lastKey(s.id))));
            }
        }
        return oldest == Long.MAX_VALUE ? new long[] {0, 0} : new long[] {oldest, newest};
    }

    synchronized int tagCount() {
        return tags().size();
    }

    @Override
    public synchronized void close() {
        if (store.isClosed()) {
            return;
        }
        try {
            flush();
        } finally {
            store.close();
        }
    }

    /** Stops as a hard kill would: what was not flushed is lost. Tests only. */
    synchronized void crash() {
        store.closeImmediately();
    }
}
