package org.plantwire.db;

import java.util.Objects;

/**
 * One schema step of a component.
 *
 * @param version     1, 2, 3 ... in the order they are applied
 * @param description what it does, recorded with it
 * @param sql         statements separated by {@code ;} at the end of a line; plain SQL that H2 and PostgreSQL
 *                    both accept
 */
public record Migration(int version, String description, String sql) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1, got " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
    }
}
