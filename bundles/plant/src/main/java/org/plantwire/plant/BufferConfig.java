package org.plantwire.plant;

import java.util.Locale;

/**
 * The durable store-and-forward queue of a publisher: what it keeps while the publisher cannot deliver (broker away,
 * publisher bundle being upgraded, server restarting), and what it gives up when it is full.
 *
 * @param maxEntries   entries kept at most
 * @param maxBytes     bytes of entries kept at most (the entries' encoded size, not the file's)
 * @param maxAgeMillis entries older than this are dropped as expired
 * @param whenFull     which entry gives way when a bound is reached
 */
public record BufferConfig(long maxEntries, long maxBytes, long maxAgeMillis, WhenFull whenFull) {

    /** One million entries, 512 MB, one day, drop the oldest. */
    public static final BufferConfig DEFAULTS = new BufferConfig(1_000_000, 512L * 1024 * 1024, 86_400_000L, WhenFull.DROP_OLDEST);

    /** What gives way when the queue is full. */
    public enum WhenFull {
        /** The oldest entries are dropped to make room: the newest data wins. */
        DROP_OLDEST,
        /** The new entry is dropped: what was kept first is delivered first. */
        DROP_NEWEST;

        /** {@code drop-oldest} or {@code drop-newest}, as written in a plant file. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static WhenFull parse(String text) {
            for (WhenFull w : values()) {
                if (w.label().equalsIgnoreCase(text.trim())) {
                    return w;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a policy; use drop-oldest or drop-newest");
        }
    }
}
