package org.plantwire.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a component's schema up to date: applies, in order and each in its own transaction, the migrations whose
 * version is above the one recorded for the component in {@code plantwire_schema_version}.
 *
 * <p>Why not Flyway or Liquibase: the Flyway versions served here (10+) find their database support through
 * {@code ServiceLoader} and no longer ship OSGi metadata, Liquibase needs a dozen extra bundles; what the services
 * need is "run numbered scripts once, in order, remember which ran", which is this class.
 */
public final class Migrations {

    /** The table that records what ran: one row per component and version. */
    public static final String VERSION_TABLE = "plantwire_schema_version";

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * Applies the component's pending migrations.
     *
     * @return the component's schema version afterwards
     * @throws MigrationException when a step fails (that step is rolled back; earlier ones stay) or the database
     *                            records a version the given list does not know (a newer server ran on it)
     */
    public static int apply(DataSource dataSource, String component, List<Migration> migrations) {
        List<Migration> ordered = new ArrayList<>(migrations);
        ordered.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).version() == ordered.get(i - 1).version()) {
                throw new MigrationException(component + ": migration version " + ordered.get(i).version()
                        + " is given twice");
            }
        }
        try (Connection c = dataSource.getConnection()) {
            createVersionTable(c);
            int current = currentVersion(c, component);
            int known = ordered.isEmpty() ? 0 : ordered.get(ordered.size() - 1).version();
            if (current > known) {
                throw new MigrationException(component + ": the database is at schema version " + current
                        + ", newer than this server knows (" + known + ")");
            }
            for (Migration m : ordered) {
                if (m.version() > current) {
                    applyOne(c, component, m);
                    current = m.version();
                }
            }
            return current;
        } catch (SQLException e) {
            throw new MigrationException(component + ": cannot migrate the schema: " + e.getMessage(), e);
        }
    }

    /** The component's recorded schema version, 0 when none ran. */
    public static int version(DataSource dataSource, String component) {
        try (Connection c = dataSource.getConnection()) {
            createVersionTable(c);
            return currentVersion(c, component);
        } catch (SQLException e) {
            throw new MigrationException(component + ": cannot read the schema version: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a migration script from the class path of the bundle that owns {@code anchor} (e.g.
     * {@code /db/mes/V1__orders.sql}).
     */
    public static Migration resource(Class<?> anchor, int version, String description, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MigrationException("migration script " + resource + " not found next to " + anchor.getName());
            }
            return new Migration(version, description, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MigrationException("cannot read migration script " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The statements of a script: split at a {@code ;} that ends a line; {@code --} comment lines dropped. */
    static List<String> statements(String sql) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().trim();
                result.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().trim());
        }
        return result;
    }

    private static void createVersionTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (component VARCHAR(64) NOT NULL, "
                    + "version INTEGER NOT NULL, description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (component, version))");
        }
    }

    private static int currentVersion(Connection c, String component) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT MAX(version) FROM " + VERSION_TABLE + " WHERE component = ?")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static void applyOne(Connection c, String component, Migration m) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : statements(m.sql())) {
                s.execute(statement);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + VERSION_TABLE
                    + " (component, version, description, applied_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, component);
                ps.setInt(2, m.version());
                ps.setString(3, m.description());
                ps.setTimestamp(4, new Timestamp(System.currentTimeMillis()));
                ps.executeUpdate();
            }
            c.commit();
            LOG.info("{}: schema migrated to version {} ({})", component, m.version(), m.description());
        } catch (SQLException e) {
            c.rollback();
            throw new MigrationException(component + ": migration " + m.version() + " (" + m.description()
                    + ") failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
