package org.plantwire.tagbus.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.service.component.annotations.Component;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.Switchable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SwitchBoard} service. Per name, one lock orders joins, leaves and hand-overs, so a connector version
 * that stops while an upgrade switches to it cannot leave the name with two active instances or none.
 */
@Component(service = SwitchBoard.class, immediate = true)
public final class SwitchBoardImpl implements SwitchBoard {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchBoardImpl.class);

    /** Every instance of one name, in joining order. */
    private static final class Group {
        final List<SeatImpl> seats = new ArrayList<>();

        SeatImpl active() {
            for (SeatImpl s : seats) {
                if (s.active) {
                    return s;
                }
            }
            return null;
        }
    }

    private final Map<String, Group> groups = new HashMap<>();

    private final class SeatImpl implements Seat {
        final Switchable instance;
        final String name;
        final long bundleId;
        volatile boolean active;
        private boolean closed;

        SeatImpl(Switchable instance, String name, long bundleId) {
            this.instance = instance;
            this.name = name;
            this.bundleId = bundleId;
        }

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public void close() {
            leave(this);
        }
    }

    private synchronized Group group(String name) {
        return groups.computeIfAbsent(name, n -> new Group());
    }

    @Override
    public Seat join(Switchable instance, long bundleId) {
        Objects.requireNonNull(instance, "instance");
        String name = instance.name();
        Group g = group(name);
        synchronized (g) {
            SeatImpl seat = new SeatImpl(instance, name, bundleId);
            seat.active = g.active() == null;
            g.seats.add(seat);
            if (!seat.active) {
                LOG.info("{} '{}' of bundle {} stands by beside the active one of bundle {}", instance.kind(), name, bundleId,
                        g.active().bundleId);
            }
            return seat;
        }
    }

    private void leave(SeatImpl seat) {
        Group g = group(seat.name);
        synchronized (g) {
            if (seat.closed) {
                return;
            }
            seat.closed = true;
            g.seats.remove(seat);
            if (seat.active) {
                seat.active = false;
                failOver(g, seat);
            }
            if (g.seats.isEmpty()) {
                synchronized (this) {
                    groups.remove(seat.name, g);
                }
            }
        }
    }

    /** The active instance left: the newest ready standby (else the newest) takes over. */
    private void failOver(Group g, SeatImpl gone) {
        List<SeatImpl> candidates = new ArrayList<>(g.seats);
        candidates.sort(Comparator.comparing((SeatImpl s) -> !safeReady(s.instance)).thenComparing(s -> -s.bundleId));
        for (SeatImpl next : candidates) {
            try {
                next.instance.takeOver();
                next.active = true;
                LOG.info("{} '{}' of bundle {} took over from bundle {}, which stopped", next.instance.kind(), next.name,
                        next.bundleId, gone.bundleId);
                return;
            } catch (Exception | LinkageError e) {
                LOG.error("{} '{}' of bundle {} could not take over: {}", next.instance.kind(), next.name, next.bundleId, e, e);
            }
        }
    }

    private static boolean safeReady(Switchable s) {
        try {
            return s.ready();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String safeReason(Switchable s) {
        try {
            return s.notReadyReason();
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    @Override
    public List<SeatInfo> seats() {
        List<Group> all;
        synchronized (this) {
            all = new ArrayList<>(groups.values());
        }
        List<SeatInfo> infos = new ArrayList<>();
        for (Group g : all) {
            List<SeatImpl> seats;
            synchronized (g) {
                seats = new ArrayList<>(g.seats);
            }
            for (SeatImpl s : seats) {
                boolean ready = safeReady(s.instance);
                infos.add(new SeatInfo(s.name, s.instance.kind(), s.bundleId, s.active, ready, ready ? null : safeReason(s.instance)));
            }
        }
        infos.sort(Comparator.comparing(SeatInfo::name).thenComparing(i -> !i.active()).thenComparing(SeatInfo::bundleId));
        return infos;
    }

    @Override
    public long handOver(String name, long toBundleId) {
        Group g;
        synchronized (this) {
            g = groups.get(name);
        }
        if (g == null) {
            throw new IllegalStateException("No connector or publisher named '" + name + "' is running");
        }
        synchronized (g) {
            SeatImpl to = null;
            for (SeatImpl s : g.seats) {
                if (s.bundleId == toBundleId) {
                    to = s;
                }
            }
            if (to == null) {
                throw new IllegalStateException("Bundle " + toBundleId + " runs no instance of '" + name + "'");
            }
            SeatImpl from = g.active();
            if (from == to) {
                return 0;
            }
            // a standby that is not ready takes over only from an active one that is not ready either (device away)
            if (!safeReady(to.instance) && (from == null || safeReady(from.instance))) {
                throw new IllegalStateException(to.instance.kind() + " '" + name + "' of bundle " + toBundleId
                        + " is not ready: " + safeReason(to.instance));
            }
            long prepareStart = System.nanoTime();
            try {
                to.instance.prepareTakeOver();
            } catch (Exception | LinkageError e) {
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                throw new IllegalStateException(to.instance.kind() + " '" + name + "' of bundle " + toBundleId
                        + " cannot prepare to take over: " + why, e);
            }
            long start = System.nanoTime();
            if (from != null) {
                from.active = false;
                try {
                    from.instance.release();
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("{} '{}' of bundle {} failed to release cleanly: {}", from.instance.kind(), name, from.bundleId, e, e);
                }
            }
            try {
                to.instance.takeOver();
                to.active = true;
            } catch (Exception | LinkageError e) {
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                if (from != null) {
                    try {
                        from.instance.takeOver();
                        from.active = true;
                    } catch (Exception | LinkageError back) {
                        LOG.error("{} '{}' of bundle {} could not take its work back: {}", from.instance.kind(), name,
                                from.bundleId, back, back);
                    }
                }
                throw new IllegalStateException(to.instance.kind() + " '" + name + "' of bundle " + toBundleId
                        + " failed to take over: " + why, e);
            }
            long nanos = System.nanoTime() - start;
            LOG.info("{} '{}' handed over from bundle {} to bundle {} in {} ms (prepared in {} ms before)",
                    to.instance.kind(), name, from == null ? "-" : String.valueOf(from.bundleId), toBundleId,
                    nanos / 1_000_000, (start - prepareStart) / 1_000_000);
            return nanos;
        }
    }
}
