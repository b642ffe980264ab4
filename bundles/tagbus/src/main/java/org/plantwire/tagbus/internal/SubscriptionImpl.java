package org.plantwire.tagbus.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.plantwire.api.Subscription;
import org.plantwire.api.TagListener;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: a bounded queue that drops the oldest event when full, and its own daemon delivery thread.
 *
 * <h2>Why a hand-written queue</h2>
 * No well-kept library offers a bounded multi-producer queue that, when full, drops the <em>oldest</em> element:
 * JCTools' and the JDK's bounded queues refuse the newest, and emulating drop-oldest with {@code poll()} +
 * {@code offer()} races between producers and costs two synchronized operations per event. So this is a small ring
 * of two parallel arrays (paths, values) guarded by one {@link ReentrantLock} whose critical sections are a handful
 * of stores:
 * <ul>
 * <li>a publisher appends; when {@link #capacity} events wait it first drops the oldest and counts it;</li>
 * <li>the delivery thread moves up to {@value #BATCH} events at a time into its own arrays and calls the listener
 * outside the lock, so a slow listener never holds the lock;</li>
 * <li>waking a thread is a system call, far dearer than queuing an event, so publishers rarely do it: having
 * drained its queue, the delivery thread polls it at growing intervals (50 µs up to 1 ms), and only after about 5 ms
 * without events does it set {@code waiting} (under the lock) and park until a publisher that sees the flag unparks
 * it. A busy subscription thus costs its publishers no system call, and an idle one is woken at once; the price is
 * up to 1 ms of added latency while events trickle in;</li>
 * <li>a publisher that finds the lock taken spins briefly rather than parking: the delivery thread holds it only
 * to move a batch out;</li>
 * <li>the ring starts small and doubles up to the capacity (rounded up to a power of two), so a subscription that
 * never lags does not pin a 64K-slot array.</li>
 * </ul>
 * Events waiting are bounded by {@link #capacity()}; besides them the delivery thread holds at most
 * {@value #BATCH} events in hand, which {@link #queued()} includes.
 */
final class SubscriptionImpl implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionImpl.class);

    /** Events the delivery thread takes out of the ring at a time. */
    static final int BATCH = 64;
    private static final int INITIAL_RING = 64;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** After a drain, the delivery thread polls at 50 µs, 100 µs, ... 1 ms intervals, ... */
    private static final long MIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** ... and after about 5 ms without events, sleeps until a publisher unparks it. */
    private static final long IDLE_BEFORE_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Times a publisher retries a busy queue lock before it queues up for it. */
    private static final int LOCK_SPINS = 64;

    private static final VarHandle DELIVERED;
    private static final VarHandle FAILED;
    private static final VarHandle IN_HAND;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DELIVERED = l.findVarHandle(SubscriptionImpl.class, "delivered", long.class);
            FAILED = l.findVarHandle(SubscriptionImpl.class, "failed", long.class);
            IN_HAND = l.findVarHandle(SubscriptionImpl.class, "inHand", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TagPattern pattern;
    private final String name;
    private final int capacity;
    private final int maxRing;
    private final Consumer<SubscriptionImpl> onClose;
    private final Thread thread;
    /** Cleared on close, so stale routes that still point here do not keep the subscriber's classes alive. */
    private volatile TagListener listener;

    private final ReentrantLock lock = new ReentrantLock();
    // --- guarded by lock
    /** The ring; null once closed. */
    private TagPath[] paths;
    private TagValue[] values;
    private int head;
    private int count;
    private boolean waiting;
    private long dropped;
    private long droppedAtLastLog;
    private long lastDropLogNanos;
    // ---

    // written by the delivery thread only (release stores), read by anyone
    private volatile long delivered;
    private volatile long failed;
    private volatile int inHand;

    private volatile boolean closed;
    private final LogLimiter failureLog = new LogLimiter(10, TimeUnit.SECONDS);

    SubscriptionImpl(TagPattern pattern, TagListener listener, String name, int capacity,
                     Consumer<SubscriptionImpl> onClose) {
        TagBusSettings.checkQueueCapacity(capacity);
        this.pattern = pattern;
        this.listener = listener;
        this.name = name;
        this.capacity = capacity;
        this.maxRing = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        int initial = Math.min(INITIAL_RING, maxRing);
        this.paths = new TagPath[initial];
        this.values = new TagValue[initial];
        this.onClose = onClose;
        this.lastDropLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;
        this.thread = new Thread(this::deliver, "plantwire-tagbus-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    // ------------------------------------------------------------------ producer side

    /** Queues an event; never blocks on the listener. Called on the publisher's thread. */
    void offer(TagPath path, TagValue value) {
        boolean wake;
        long logDropped = -1;
        final ReentrantLock lock = this.lock;
        if (!lock.tryLock()) {
            lockSpinning(lock);
        }
        try {
            TagPath[] ps = paths;
            if (ps == null) {
                return; // closed
            }
            int c = count;
            if (c == capacity) {
                // full: drop the oldest
                int h = head;
                ps[h] = null;
                values[h] = null;
                head = (h + 1) & (ps.length - 1);
                c--;
                long d = ++dropped;
                long now = System.nanoTime();
                if (now - lastDropLogNanos >= LOG_INTERVAL_NANOS) {
                    lastDropLogNanos = now;
                    logDropped = d;
                }
            } else if (c == ps.length) {
                ps = grow();
            }
            int t = (head + c) & (ps.length - 1);
            ps[t] = path;
            values[t] = value;
            count = c + 1;
            wake = waiting;
            if (wake) {
                waiting = false;
            }
        } finally {
            lock.unlock();
        }
        if (wake) {
            LockSupport.unpark(thread);
        }
        if (logDropped >= 0) {
            logDrops(logDropped);
        }
    }

    /**
     * The delivery thread holds the lock only to move a batch out (well under a microsecond), so spinning a little is
     * much cheaper than parking the publisher.
     */
    private static void lockSpinning(ReentrantLock lock) {
        for (int i = 0; i < LOCK_SPINS; i++) {
            Thread.onSpinWait();
            if (lock.tryLock()) {
                return;
            }
        }
        lock.lock();
    }

    /**
     * Queues the entry's current value, if it has one, reading it under the queue's lock: a publisher that stored a
     * newer value and already queued it makes this read see that newer value, so an initial value never lands
     * behind a newer one of the same tag (it may duplicate it).
     */
    void offerCurrent(TagEntry entry) {
        lock.lock();
        try {
            TagValue v = entry.value();
            if (v != null) {
                offer(entry.path, v); // re-entrant
            }
        } finally {
            lock.unlock();
        }
    }

    /** Doubles the ring (at most to {@link #maxRing}), keeping the order of the waiting events. Under the lock. */
    private TagPath[] grow() {
        TagPath[] ps = paths;
        TagValue[] vs = values;
        int n = Math.min(ps.length * 2, maxRing);
        TagPath[] np = new TagPath[n];
        TagValue[] nv = new TagValue[n];
        int first = Math.min(count, ps.length - head);
        System.arraycopy(ps, head, np, 0, first);
        System.arraycopy(vs, head, nv, 0, first);
        System.arraycopy(ps, 0, np, first, count - first);
        System.arraycopy(vs, 0, nv, first, count - first);
        paths = np;
        values = nv;
        head = 0;
        return np;
    }

    private void logDrops(long totalDropped) {
        long since;
        lock.lock();
        try {
            since = totalDropped - droppedAtLastLog;
            droppedAtLastLog = totalDropped;
        } finally {
            lock.unlock();
        }
        LOG.warn("Subscription '{}' ({}) is too slow: its queue (capacity {}) was full and dropped its oldest events:"
                        + " {} since the last report, {} in all; {} delivered", name, pattern, capacity, since, totalDropped,
                delivered);
    }

    // ------------------------------------------------------------------ delivery thread

    private void deliver() {
        int batch = Math.min(BATCH, capacity);
        TagPath[] bp = new TagPath[batch];
        TagValue[] bv = new TagValue[batch];
        long nDelivered = 0;
        long nFailed = 0;
        long pollNanos = 0; // 0: not polling
        long idleNanos = 0;
        while (true) {
            int n;
            boolean sleep;
            lock.lock();
            try {
                if (paths == null) {
                    return; // closed
                }
                n = take(bp, bv);
                if (n > 0) {
                    IN_HAND.setOpaque(this, n);
                    sleep = false;
                } else {
                    // idle for long enough: sleep until a publisher wakes us
                    sleep = idleNanos >= IDLE_BEFORE_SLEEP_NANOS;
                    waiting = sleep;
                }
            } finally {
                lock.unlock();
            }
            if (n == 0) {
                // only close() interrupts on purpose (and it is seen above); a listener's stray interrupt
                // must not turn the parks below into a busy loop
                Thread.interrupted();
                if (sleep) {
                    LockSupport.park(this);
                    pollNanos = 0;
                    idleNanos = 0;
                } else {
                    // just drained a busy queue: poll for a while instead of asking each publisher for an unpark
                    pollNanos = pollNanos == 0 ? MIN_POLL_NANOS : Math.min(pollNanos * 2, MAX_POLL_NANOS);
                    idleNanos += pollNanos;
                    LockSupport.parkNanos(this, pollNanos);
                }
                continue;
            }
            pollNanos = 0;
            idleNanos = 0;
            for (int i = 0; i < n; i++) {
                TagListener l = listener;
                if (l == null) {
                    return; // closed
                }
                try {
                    l.onTag(bp[i], bv[i]);
                } catch (Throwable t) {
                    if (closed) {
                        return; // interrupted by close()
                    }
                    FAILED.setRelease(this, ++nFailed);
                    logFailure(bp[i], t);
                }
                bp[i] = null;
                bv[i] = null;
                DELIVERED.setRelease(this, ++nDelivered);
                IN_HAND.setOpaque(this, n - i - 1);
            }
        }
    }

    /** Moves up to {@code bp.length} events out of the ring. Under the lock. */
    private int take(TagPath[] bp, TagValue[] bv) {
        int n = Math.min(count, bp.length);
        if (n == 0) {
            return 0;
        }
        TagPath[] ps = paths;
        TagValue[] vs = values;
        int h = head;
        int first = Math.min(n, ps.length - h);
        System.arraycopy(ps, h, bp, 0, first);
        System.arraycopy(vs, h, bv, 0, first);
        Arrays.fill(ps, h, h + first, null);
        Arrays.fill(vs, h, h + first, null);
        if (n > first) {
            System.arraycopy(ps, 0, bp, first, n - first);
            System.arraycopy(vs, 0, bv, first, n - first);
            Arrays.fill(ps, 0, n - first, null);
            Arrays.fill(vs, 0, n - first, null);
        }
        head = (h + n) & (ps.length - 1);
        count -= n;
        return n;
    }

    private void logFailure(TagPath path, Throwable t) {
        long suppressed = failureLog.tryLog();
        if (suppressed >= 0) {
            LOG.warn("Subscription '{}' ({}): the listener failed on {}: {} ({} failures in all, {} not logged since the last report)",
                    name, pattern, path, t.toString(), failed, suppressed, t);
        }
    }

    // ------------------------------------------------------------------ life cycle

    /** Stops delivery and discards what is queued; does not wait for the thread. */
    boolean signalStop() {
        lock.lock();
        try {
            if (paths == null) {
                return false;
            }
            closed = true;
            listener = null;
            paths = null;
            values = null;
            count = 0;
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != thread) {
            thread.interrupt(); // a listener blocked on I/O or a lock gets out of it
        }
        LockSupport.unpark(thread);
        return true;
    }

    /** Waits until the delivery thread has ended, at most until {@code deadlineNanos} ({@link System#nanoTime()}). */
    boolean awaitStop(long deadlineNanos) {
        if (Thread.currentThread() == thread) {
            return true;
        }
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Subscription '{}' ({}): its listener did not return after close; its thread {} is left to end by itself",
                    name, pattern, thread.getName());
            return false;
        }
        return true;
    }

    /**
     * Stops delivery: queued events are discarded; a listener call in progress is interrupted and waited for up to
     * one second. Idempotent; may be called from the listener itself.
     */
    @Override
    public void close() {
        if (signalStop()) {
            onClose.accept(this);
            awaitStop(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
    }

    boolean isClosed() {
        return closed;
    }

    Thread thread() {
        return thread;
    }

    // ------------------------------------------------------------------ Subscription

    @Override
    public TagPattern pattern() {
        return pattern;
    }

    @Override
    public String name() {
        return name;
    }

    /** Events handed to the listener, including those it threw on. */
    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long failed() {
        return failed;
    }

    /** Events waiting in the ring plus those the delivery thread holds in hand (at most {@value #BATCH}). */
    @Override
    public int queued() {
        lock.lock();
        try {
            return count + (closed ? 0 : (int) IN_HAND.getOpaque(this));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        return "Subscription[" + name + ", " + pattern + ", capacity " + capacity + "]";
    }
}
