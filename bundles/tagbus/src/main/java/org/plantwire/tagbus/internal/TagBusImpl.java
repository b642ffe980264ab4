package org.plantwire.tagbus.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.DataType;
import org.plantwire.api.Quality;
import org.plantwire.api.Registration;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagListener;
import org.plantwire.api.TagNotWritableException;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.api.TagValueException;
import org.plantwire.api.UnknownTagException;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.TagOwner;
import org.plantwire.api.spi.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tag bus. A plain object (construct it, {@link #close()} it) so tests, benchmarks and Camel route tests can use
 * it without OSGi; {@link TagBusComponent} makes it the {@link TagBus} service in Karaf.
 *
 * <h2>Publish path</h2>
 * {@link #publish(TagPath, TagValue)} looks the tag up in a {@link ConcurrentHashMap}, stores the value, counts it,
 * and hands it to the subscriptions in the tag's cached route. The route (matching subscriptions) is computed once
 * per tag and version of the subscription list and shared between all tags matching the same subscriptions, so a
 * steady-state publish does no pattern matching, calls no connector code and allocates nothing. Each subscription's
 * queue costs one short uncontended lock and, only when its delivery thread sleeps, one unpark.
 *
 * <h2>Ownership</h2>
 * A tag's owner is the earliest registered live connector that claims it; it is computed lazily (on write, info,
 * listing, unregistration) and cached per tag and version of the owner list, so connectors' {@code owns} is called
 * when the owner list changes, never per value.
 *
 * <h2>Initial values</h2>
 * A new subscription is made visible to publishers first; then the current value of each matching tag is queued,
 * reading the value under the subscription's queue lock. A publisher that races with this either queued its value
 * before (then the initial read sees it or a newer one) or queues it after: the subscriber may see the same value
 * twice, but never an older value after a newer one of the same tag, and it never misses the latest.
 */
public final class TagBusImpl implements TagBus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TagBusImpl.class);
    private static final SubscriptionImpl[] NO_SUBSCRIPTIONS = new SubscriptionImpl[0];
    private static final OwnerRegistration[] NO_OWNERS = new OwnerRegistration[0];

    private final ConcurrentHashMap<TagPath, TagEntry> entries = new ConcurrentHashMap<>(1024);
    /** Serializes changes of the subscription and owner lists. */
    private final Object structure = new Object();
    /** Subscriptions and owners; replaced as a whole (copy on write) under {@link #structure}. */
    private volatile State state = new State(0, NO_SUBSCRIPTIONS, 0, NO_OWNERS);
    private long versions; // guarded by structure
    private final AtomicLong subscriptionCounter = new AtomicLong();
    private final AtomicLong ownerCounter = new AtomicLong();
    private final Set<String> conflictsReported = ConcurrentHashMap.newKeySet();
    private final Set<PendingWrite> pendingWrites = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private volatile TagBusSettings settings;
    private volatile boolean closed;

    /** A bus with the default settings. */
    public TagBusImpl() {
        this(TagBusSettings.defaults());
    }

    public TagBusImpl(TagBusSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "plantwire-tagbus-write-timeout");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** New settings: the queue capacity applies to new subscriptions, the write time-out to new writes. */
    public void reconfigure(TagBusSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
    }

    public TagBusSettings settings() {
        return settings;
    }

    // ================================================================== publish / read

    @Override
    public void publish(TagPath path, TagValue value) {
        if (path == null || value == null) {
            throw new NullPointerException(path == null ? "path is required" : "value is required (tag " + path + ")");
        }
        TagEntry e = entries.get(path);
        if (e == null) {
            e = entries.computeIfAbsent(path, TagEntry::new);
        }
        e.set(value);
        deliver(e, value);
    }

    private void deliver(TagEntry e, TagValue value) {
        State s = state;
        TagEntry.Routes r = e.routes;
        if (r == null || r.version != s.subscriptionsVersion) {
            r = s.routesFor(e);
        }
        TagPath path = e.path;
        for (SubscriptionImpl sub : r.subscriptions) {
            sub.offer(path, value);
        }
    }

    @Override
    public Optional<TagValue> read(TagPath path) {
        TagEntry e = entries.get(Objects.requireNonNull(path, "path"));
        return e == null ? Optional.empty() : Optional.ofNullable(e.value());
    }

    @Override
    public Optional<TagInfo> info(TagPath path) {
        TagEntry e = entries.get(Objects.requireNonNull(path, "path"));
        return e == null ? Optional.empty() : Optional.of(infoOf(e, state));
    }

    @Override
    public List<TagInfo> tags(TagPattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        State s = state;
        List<TagInfo> list = new ArrayList<>();
        if (!pattern.hasWildcards()) {
            TagEntry e = exactEntry(pattern);
            if (e != null) {
                list.add(infoOf(e, s));
            }
            return list;
        }
        for (TagEntry e : entries.values()) {
            if (pattern.matches(e.path)) {
                list.add(infoOf(e, s));
            }
        }
        list.sort(Comparator.comparing(TagInfo::path));
        return list;
    }

    /** The entry a pattern without wildcards stands for (such a pattern, e.g. {@code acme}, may be no valid path). */
    private TagEntry exactEntry(TagPattern pattern) {
        String text = pattern.toString();
        return TagPath.isValid(text) ? entries.get(TagPath.of(text)) : null;
    }

    private TagInfo infoOf(TagEntry e, State s) {
        OwnerRegistration o = s.ownerOf(e);
        return new TagInfo(e.path, e.value(), o == null ? null : o.name, o == null ? null : o.definition(e.path),
                e.updates());
    }

    // ================================================================== subscriptions

    @Override
    public Subscription subscribe(TagPattern pattern, TagListener listener) {
        return subscribe(pattern, listener, null, 0, true);
    }

    @Override
    public Subscription subscribe(TagPattern pattern, TagListener listener, String name, int queueCapacity,
                                  boolean initialValues) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(listener, "listener");
        int capacity = queueCapacity <= 0 ? settings.queueCapacity() : queueCapacity;
        TagBusSettings.checkQueueCapacity(capacity);
        String n = name == null || name.isBlank() ? "sub-" + subscriptionCounter.incrementAndGet() : name.trim();
        SubscriptionImpl sub = new SubscriptionImpl(pattern, listener, n, capacity, this::removeSubscription);
        synchronized (structure) {
            if (closed) {
                throw new IllegalStateException("The tag bus is stopped");
            }
            State s = state;
            SubscriptionImpl[] subs = Arrays.copyOf(s.subscriptions, s.subscriptions.length + 1);
            subs[subs.length - 1] = sub;
            state = new State(++versions, subs, s.ownersVersion, s.owners);
        }
        try {
            sub.start();
        } catch (RuntimeException | Error e) { // e.g. no more native threads
            sub.close();
            throw e;
        }
        // visible to publishers first, then the current values: see the class comment
        if (initialValues) {
            if (!pattern.hasWildcards()) {
                TagEntry e = exactEntry(pattern);
                if (e != null) {
                    sub.offerCurrent(e);
                }
            } else {
                for (TagEntry e : entries.values()) {
                    if (pattern.matches(e.path)) {
                        sub.offerCurrent(e);
                    }
                }
            }
        }
        LOG.debug("Subscription '{}' to {} (queue capacity {})", n, pattern, capacity);
        return sub;
    }

    private void removeSubscription(SubscriptionImpl sub) {
        synchronized (structure) {
            State s = state;
            int i = Arrays.asList(s.subscriptions).indexOf(sub);
            if (i < 0) {
                return;
            }
            SubscriptionImpl[] subs = new SubscriptionImpl[s.subscriptions.length - 1];
            System.arraycopy(s.subscriptions, 0, subs, 0, i);
            System.arraycopy(s.subscriptions, i + 1, subs, i, subs.length - i);
            state = new State(++versions, subs, s.ownersVersion, s.owners);
        }
        LOG.debug("Subscription '{}' to {} closed", sub.name(), sub.pattern());
    }

    @Override
    public List<Subscription> subscriptions() {
        return List.of(state.subscriptions);
    }

    // ================================================================== owners

    @Override
    public Registration registerOwner(TagOwner owner) {
        return register(owner, false);
    }

    @Override
    public Registration replaceOwner(TagOwner owner) {
        return register(owner, true);
    }

    private Registration register(TagOwner owner, boolean replace) {
        Objects.requireNonNull(owner, "owner");
        String name;
        try {
            name = owner.name();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The connector's name() failed: " + e, e);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A connector needs a name (" + owner.getClass().getName() + " has none)");
        }
        Map<TagPath, TagDefinition> defs = new LinkedHashMap<>();
        try {
            Iterable<TagDefinition> it = owner.definitions();
            if (it != null) {
                for (TagDefinition d : it) {
                    if (d != null) {
                        defs.putIfAbsent(d.path(), d);
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Connector '{}': definitions() failed, its tags will be known once published: {}", name, e.toString(), e);
        }
        OwnerRegistration reg;
        OwnerRegistration displaced = null;
        synchronized (structure) {
            if (closed) {
                throw new IllegalStateException("The tag bus is stopped");
            }
            State s = state;
            int at = -1;
            for (int i = 0; i < s.owners.length; i++) {
                OwnerRegistration o = s.owners[i];
                if (o.name.equals(name)) {
                    if (!replace) {
                        throw new IllegalArgumentException("A connector named '" + name + "' is registered already ("
                                + o.protocol() + " " + o.endpoint() + "); connector names must be unique");
                    }
                    at = i;
                }
            }
            OwnerRegistration[] owners;
            if (at >= 0) {
                // same place and precedence as the one it displaces, so no tag changes hands with a third connector
                displaced = s.owners[at];
                reg = new OwnerRegistration(owner, name, displaced.order, Collections.unmodifiableMap(defs), this::unregister);
                owners = s.owners.clone();
                owners[at] = reg;
            } else {
                reg = new OwnerRegistration(owner, name, ownerCounter.incrementAndGet(), Collections.unmodifiableMap(defs),
                        this::unregister);
                owners = Arrays.copyOf(s.owners, s.owners.length + 1);
                owners[owners.length - 1] = reg;
            }
            for (TagPath p : defs.keySet()) {
                entries.computeIfAbsent(p, TagEntry::new);
            }
            state = new State(s.subscriptionsVersion, s.subscriptions, ++versions, owners);
        }
        if (displaced != null) {
            LOG.info("Connector '{}' replaced by a new instance ({} {}), {} tags defined", name, reg.protocol(), reg.endpoint(),
                    defs.size());
        } else {
            LOG.info("Connector '{}' registered ({} {}), {} tags defined", name, reg.protocol(), reg.endpoint(), defs.size());
        }
        return reg;
    }

    /** Called once when a registration closes: its tags turn uncertain(last-known) and lose their owner. */
    private void unregister(OwnerRegistration reg) {
        List<TagEntry> owned = new ArrayList<>();
        synchronized (structure) {
            State s = state;
            int i = Arrays.asList(s.owners).indexOf(reg);
            if (i < 0) {
                return;
            }
            for (TagEntry e : entries.values()) {
                if (s.ownerOf(e) == reg) {
                    owned.add(e);
                }
            }
            OwnerRegistration[] owners = new OwnerRegistration[s.owners.length - 1];
            System.arraycopy(s.owners, 0, owners, 0, i);
            System.arraycopy(s.owners, i + 1, owners, i, owners.length - i);
            state = new State(s.subscriptionsVersion, s.subscriptions, ++versions, owners);
        }
        conflictsReported.removeIf(k -> k.startsWith(reg.name + "\n") || k.endsWith("\n" + reg.name));
        int marked = 0;
        for (TagEntry e : owned) {
            // compare-and-set: a value published meanwhile (by whoever) is newer and stays as it is
            while (true) {
                TagValue v = e.value();
                if (v == null || v.value() == null || v.quality() == Quality.UNCERTAIN_LAST_KNOWN) {
                    break;
                }
                TagValue last = v.asLastKnown();
                if (e.replace(v, last)) {
                    deliver(e, last);
                    marked++;
                    break;
                }
            }
        }
        LOG.info("Connector '{}' unregistered: it owned {} tags, {} now uncertain(last-known)", reg.name, owned.size(), marked);
    }

    @Override
    public List<ConnectorSummary> connectors() {
        State s = state;
        Map<OwnerRegistration, int[]> counts = new IdentityHashMap<>();
        for (OwnerRegistration o : s.owners) {
            counts.put(o, new int[1]);
        }
        if (s.owners.length > 0) {
            for (TagEntry e : entries.values()) {
                OwnerRegistration o = s.ownerOf(e);
                if (o != null) {
                    int[] c = counts.get(o);
                    if (c != null) {
                        c[0]++;
                    }
                }
            }
        }
        List<ConnectorSummary> list = new ArrayList<>();
        for (OwnerRegistration o : s.owners) {
            list.add(new ConnectorSummary(o.name, o.protocol(), o.endpoint(), o.status(), counts.get(o)[0]));
        }
        list.sort(Comparator.comparing(ConnectorSummary::name));
        return list;
    }

    private void reportConflict(OwnerRegistration winner, OwnerRegistration loser, TagPath path) {
        if (conflictsReported.add(winner.name + "\n" + loser.name)) {
            LOG.warn("Connectors '{}' and '{}' both claim tag {} (and maybe more): '{}' was registered first and keeps them;"
                    + " '{}' gets them only if '{}' goes away", winner.name, loser.name, path, winner.name, loser.name,
                    winner.name);
        }
    }

    // ================================================================== writes

    @Override
    public CompletionStage<WriteResult> write(TagPath path, Object value, String source) {
        Objects.requireNonNull(path, "path");
        TagEntry e = entries.get(path);
        if (e == null) {
            throw new UnknownTagException(path);
        }
        OwnerRegistration reg = state.ownerOf(e);
        TagOwner owner = reg == null ? null : reg.owner();
        if (owner == null) {
            throw new TagNotWritableException(path, "Tag " + path + " is not writable: no connector owns it");
        }
        TagValue current = e.value();
        TagDefinition def = reg.definition(path);
        Object converted;
        if (def != null) {
            if (!def.writable()) {
                throw new TagNotWritableException(path, "Tag " + path + " is read-only (connector '" + reg.name
                        + "' declares it not writable)");
            }
            converted = def.convertForWrite(value);
        } else {
            DataType type = current == null ? null : DataType.of(current.value());
            if (type != null) {
                try {
                    converted = type.convert(value);
                } catch (IllegalArgumentException ex) {
                    throw new TagValueException(path, "Tag " + path + " is of type " + type + ": " + ex.getMessage());
                }
            } else if (value == null) {
                throw new TagValueException(path, "Tag " + path + ": a value is required");
            } else {
                converted = value;
            }
        }
        String who = source == null || source.isBlank() ? "unknown" : source;
        return send(reg, owner, new WriteRequest(path, converted, current, who));
    }

    private CompletionStage<WriteResult> send(OwnerRegistration reg, TagOwner owner, WriteRequest request) {
        long start = System.nanoTime();
        long timeoutMillis = settings.writeTimeoutMillis();
        PendingWrite pending = new PendingWrite(reg.name, request, start);
        CompletionStage<WriteResult> answer;
        try {
            answer = owner.write(request);
        } catch (Throwable t) {
            reg.logError("write(" + request.path() + ")", t);
            pending.finish(null, t);
            return pending.result;
        }
        if (answer == null) {
            pending.finish(WriteResult.failed(request.path(), request.value(), "connector '" + reg.name + "' gave no answer"), null);
            return pending.result;
        }
        pendingWrites.add(pending);
        try {
            pending.timeout = timer.schedule(() -> pending.finish(WriteResult.failed(request.path(), request.value(),
                    "no answer from connector " + reg.name + " within " + timeoutMillis + " ms"), null),
                    timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) { // the bus is closing
            pending.finish(WriteResult.failed(request.path(), request.value(), "the tag bus is stopped"), null);
        }
        try {
            answer.whenComplete(pending::finish);
        } catch (Throwable t) {
            pending.finish(null, t);
        }
        return pending.result;
    }

    /** A write waiting for its connector; completes once, with the answer, the failure or the time-out. */
    private final class PendingWrite {
        final String connector;
        final WriteRequest request;
        final long startNanos;
        final CompletableFuture<WriteResult> result = new CompletableFuture<>();
        final AtomicBoolean done = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        PendingWrite(String connector, WriteRequest request, long startNanos) {
            this.connector = connector;
            this.request = request;
            this.startNanos = startNanos;
        }

        void finish(WriteResult answer, Throwable error) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            pendingWrites.remove(this);
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            WriteResult r;
            if (error != null) {
                r = WriteResult.failed(request.path(), request.value(), messageOf(error));
            } else if (answer == null) {
                r = WriteResult.failed(request.path(), request.value(), "connector '" + connector + "' gave no answer");
            } else {
                r = answer;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            r = r.handledBy(connector, millis);
            if (r.success()) {
                LOG.info("Write {} = {} from {} via {}: ok ({} ms) {}", request.path(), request.value(), request.source(),
                        connector, millis, r.message());
            } else {
                LOG.warn("Write {} = {} from {} via {}: failed ({} ms): {}", request.path(), request.value(),
                        request.source(), connector, millis, r.message());
            }
            result.complete(r);
        }
    }

    private static String messageOf(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return "the connector cancelled the write";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    // ================================================================== life cycle

    /**
     * Stops the bus: subscriptions are closed (their threads asked to end and waited for, one second at most in all)
     * and writes still waiting for a connector fail. Values and owners stay readable. Idempotent.
     */
    @Override
    public void close() {
        SubscriptionImpl[] subs;
        synchronized (structure) {
            if (closed) {
                return;
            }
            closed = true;
            State s = state;
            subs = s.subscriptions;
            state = new State(++versions, NO_SUBSCRIPTIONS, s.ownersVersion, s.owners);
        }
        for (SubscriptionImpl sub : subs) {
            sub.signalStop();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (SubscriptionImpl sub : subs) {
            sub.awaitStop(deadline);
        }
        timer.shutdownNow();
        for (PendingWrite p : pendingWrites.toArray(new PendingWrite[0])) {
            p.finish(WriteResult.failed(p.request.path(), p.request.value(),
                    "the tag bus stopped before connector " + p.connector + " answered"), null);
        }
    }

    boolean isClosed() {
        return closed;
    }

    // ================================================================== state

    /** The subscription and owner lists, each with the version that stamps the per-tag caches computed from it. */
    private final class State {
        final long subscriptionsVersion;
        final SubscriptionImpl[] subscriptions;
        final long ownersVersion;
        final OwnerRegistration[] owners;
        /**
         * Routes shared by all tags that match the same subscriptions: a handful of small objects that stay in the
         * cache, instead of one per tag.
         */
        private final ConcurrentHashMap<BitSet, TagEntry.Routes> routes = new ConcurrentHashMap<>();

        State(long subscriptionsVersion, SubscriptionImpl[] subscriptions, long ownersVersion, OwnerRegistration[] owners) {
            this.subscriptionsVersion = subscriptionsVersion;
            this.subscriptions = subscriptions;
            this.ownersVersion = ownersVersion;
            this.owners = owners;
        }

        TagEntry.Routes routesFor(TagEntry e) {
            SubscriptionImpl[] subs = subscriptions;
            BitSet matching = new BitSet(subs.length);
            for (int i = 0; i < subs.length; i++) {
                if (subs[i].pattern().matches(e.path)) {
                    matching.set(i);
                }
            }
            TagEntry.Routes r = routes.computeIfAbsent(matching, m -> {
                SubscriptionImpl[] matched = new SubscriptionImpl[m.cardinality()];
                int j = 0;
                for (int i = m.nextSetBit(0); i >= 0; i = m.nextSetBit(i + 1)) {
                    matched[j++] = subs[i];
                }
                return new TagEntry.Routes(subscriptionsVersion, matched);
            });
            e.routes = r;
            return r;
        }

        OwnerRegistration ownerOf(TagEntry e) {
            TagEntry.OwnerRoute r = e.ownerRoute;
            if (r != null && r.version == ownersVersion) {
                return r.owner;
            }
            OwnerRegistration found = null;
            for (OwnerRegistration o : owners) {
                if (o.claims(e.path)) {
                    if (found == null) {
                        found = o;
                    } else {
                        reportConflict(found, o, e.path);
                    }
                }
            }
            // only cache what was computed from the current list
            if (state == this) {
                e.ownerRoute = new TagEntry.OwnerRoute(ownersVersion, found);
            }
            return found;
        }
    }
}
