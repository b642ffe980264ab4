package org.plantwire.access;

import java.util.Objects;

/**
 * Who acts, with which role, from where.
 *
 * @param user   the user name (for a service: its name, e.g. {@code mes})
 * @param role   the user's highest role; null when the user has none (refused everything but reading)
 * @param source where the action comes from: {@code hmi}, {@code rest}, {@code shell}, {@code mes}, ...
 */
public record Actor(String user, Role role, String source) {

    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(source, "source");
    }

    /** True when the actor's role includes {@code needed}. */
    public boolean has(Role needed) {
        return role != null && role.includes(needed);
    }

    @Override
    public String toString() {
        return user + " (" + (role == null ? "no role" : role.roleName()) + ", " + source + ")";
    }
}
