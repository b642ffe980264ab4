package org.plantwire.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/** What {@link Migrations} promises, on any database: each test gets an empty one from {@link #database()}. */
abstract class MigrationsContract {

    /** An empty database for one test. */
    abstract DataSource database() throws Exception;

    @Test
    void appliesPendingStepsOnceAndInOrder() throws Exception {
        DataSource ds = database();
        Migration v1 = new Migration(1, "a", "-- table a\nCREATE TABLE a (id INT);\nINSERT INTO a VALUES (1);");
        Migration v2 = new Migration(2, "b", "ALTER TABLE a ADD COLUMN name VARCHAR(10);");
        assertThat(Migrations.apply(ds, "x", List.of(v2, v1))).isEqualTo(2);
        assertThat(Migrations.apply(ds, "x", List.of(v1, v2))).isEqualTo(2); // nothing runs twice
        assertThat(Migrations.version(ds, "other")).isZero();
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM a")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aFailingStepIsRolledBackAndReported() throws Exception {
        DataSource ds = database();
        Migrations.apply(ds, "x", List.of(new Migration(1, "a", "CREATE TABLE a (id INT);")));
        assertThatThrownBy(() -> Migrations.apply(ds, "x", List.of(new Migration(1, "a", "CREATE TABLE a (id INT);"),
                new Migration(2, "bad", "INSERT INTO a VALUES (1);\nCREATE TABLE nonsense nonsense;"))))
                .isInstanceOf(MigrationException.class).hasMessageContaining("x: migration 2 (bad) failed");
        assertThat(Migrations.version(ds, "x")).isEqualTo(1);
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM a")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the failed step's insert was rolled back").isZero();
        }
    }

    @Test
    void aDatabaseNewerThanTheServerIsRefused() throws Exception {
        DataSource ds = database();
        Migrations.apply(ds, "x", List.of(new Migration(1, "a", "CREATE TABLE a (id INT);"),
                new Migration(2, "b", "CREATE TABLE b (id INT);")));
        assertThatThrownBy(() -> Migrations.apply(ds, "x", List.of(new Migration(1, "a", "CREATE TABLE a (id INT);"))))
                .hasMessageContaining("newer than this server knows");
    }
}
