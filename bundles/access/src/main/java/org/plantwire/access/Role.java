package org.plantwire.access;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user may do, each role including the ones before it: a viewer reads; an operator also acknowledges alarms
 * and writes the tags marked operator-writable; an engineer writes every writable tag and changes configuration; an
 * admin also manages users. The role names are the Karaf JAAS role names ({@code etc/users.properties}).
 */
public enum Role {
    VIEWER, OPERATOR, ENGINEER, ADMIN;

    /** True when this role includes {@code other} (an engineer is an operator too). */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role of a JAAS role name ({@code viewer}, {@code operator}, {@code engineer}, {@code admin}), if it is one. */
    public static Optional<Role> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The highest role among JAAS role names, or empty when none is a Plantwire role. */
    public static Optional<Role> highest(Collection<String> names) {
        return names.stream().map(Role::of).flatMap(Optional::stream).max(Enum::compareTo);
    }

    /** The JAAS role name. */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
