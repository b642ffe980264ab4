package org.plantwire.api.spi;

/**
 * One running instance of a named connector or publisher, able to hand its work to another version of itself
 * (make-before-break upgrades). Of the instances with the same name, one is active and delivers; the others stand
 * by: a standby connector is connected to its device and keeps what it receives, but publishes nothing to the tag
 * bus until it takes over. The {@link SwitchBoard} decides who is active; instances join it when they start.
 *
 * <p>Implementations must be thread safe. {@link #prepareTakeOver}, {@link #release} and {@link #takeOver} are called
 * by the switch board only, one at a time per name.
 */
public interface Switchable {

    /** The connector's or publisher's name, the same for every version. */
    String name();

    /** {@code connector} or {@code publisher}, for people. */
    String kind();

    /** Standing by: true when it could take over now (connected to its device, subscribed). */
    boolean ready();

    /** Why it is not ready, for the shell and the upgrade history; null when ready. */
    String notReadyReason();

    /**
     * Called on the instance about to take over, before the active one releases: does the slow part of taking over
     * that does not yet take anything from the active instance (e.g. opening a connection whose session request is
     * held back until {@link #takeOver}), so the hand-over itself is short. Returns when prepared, or when preparing
     * brings no more; {@link #takeOver} must work without it too (an instance taking over after its predecessor
     * stopped is not prepared).
     *
     * @throws Exception when it cannot take over; the hand-over is refused, the active instance keeps its work
     */
    default void prepareTakeOver() throws Exception {
    }

    /**
     * Stops delivering and returns once nothing more will be delivered from it (work in hand finished, device
     * sessions that only one instance may hold handed back). It stays able to {@link #takeOver} again: an upgrade that
     * fails right after the switch-over hands the work back.
     */
    void release();

    /**
     * Becomes the active instance, the previous one released already: takes ownership of its tags in one step, delivers
     * what it received while standing by that the previous one did not deliver (no duplicates), then goes on live.
     *
     * @throws Exception when it cannot; the switch board then gives the work back to the previous instance
     */
    void takeOver() throws Exception;
}
