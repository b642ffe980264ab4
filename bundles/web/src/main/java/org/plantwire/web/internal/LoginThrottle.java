package org.plantwire.web.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Repeated wrong passwords lock a user name for a while: after {@code maxFailures} failures within the window, logins
 * of that name are refused without asking the realm until the lock-out ends. A successful login clears the count.
 */
final class LoginThrottle {

    private final int maxFailures;
    private final long windowMillis;
    private final long lockoutMillis;
    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> lockedUntil = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, long windowMillis, long lockoutMillis) {
        this.maxFailures = Math.max(1, maxFailures);
        this.windowMillis = windowMillis;
        this.lockoutMillis = lockoutMillis;
    }

    /** Milliseconds the name stays locked, or 0 when it may try. */
    long lockedFor(String user, long now) {
        Long until = lockedUntil.get(user);
        if (until == null) {
            return 0;
        }
        if (until <= now) {
            lockedUntil.remove(user);
            return 0;
        }
        return until - now;
    }

    /** A wrong password; true when it locked the name. */
    boolean failed(String user, long now) {
        ArrayDeque<Long> times = failures.computeIfAbsent(user, u -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (!times.isEmpty() && times.peekFirst() < now - windowMillis) {
                times.removeFirst();
            }
            if (times.size() >= maxFailures) {
                times.clear();
                lockedUntil.put(user, now + lockoutMillis);
                return true;
            }
        }
        return false;
    }

    void succeeded(String user) {
        failures.remove(user);
    }
}
