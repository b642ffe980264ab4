package org.plantwire.api.spi;

import java.util.List;

/**
 * Keeps, per connector or publisher name, which running instance is active and which stand by, and switches between
 * them. The first instance of a name to join is active; later ones (a new version installed beside the running one)
 * stand by until {@link #handOver} switches to them. When the active instance leaves (its bundle stops), a standby
 * instance of the same name takes over by itself.
 */
public interface SwitchBoard {

    /**
     * Joins an instance; the returned seat says whether it is active. Close the seat when the instance stops.
     *
     * @param bundleId the OSGi bundle the instance runs in
     */
    Seat join(Switchable instance, long bundleId);

    /** Every seat, sorted by name, then active first. */
    List<SeatInfo> seats();

    /**
     * Makes the instance of {@code name} from bundle {@code toBundleId} the active one: it must be ready, unless the
     * active one is not ready either (its device is away: nothing flows that could be lost); the new one prepares
     * ({@link Switchable#prepareTakeOver}), the active one is released, the new one takes over. When taking over
     * fails, the previous one takes over again.
     *
     * @return the switch-over time in nanoseconds (release plus take-over)
     * @throws IllegalStateException with a message for people when there is no such instance, it is not ready, or it
     *                               failed to take over
     */
    long handOver(String name, long toBundleId);

    /** A joined instance's place. */
    interface Seat extends AutoCloseable {

        /** True while this instance is the active one. */
        boolean active();

        /** Leaves the switch board; if this instance was active, a standby one takes over. */
        @Override
        void close();
    }

    /**
     * One seat, for the shell.
     *
     * @param name           connector or publisher name
     * @param kind           {@code connector} or {@code publisher}
     * @param bundleId       the bundle the instance runs in
     * @param active         true for the active instance
     * @param ready          what {@link Switchable#ready()} says
     * @param notReadyReason what {@link Switchable#notReadyReason()} says
     */
    record SeatInfo(String name, String kind, long bundleId, boolean active, boolean ready, String notReadyReason) {
    }
}
