package org.plantwire.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    private JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db"));
        return ds;
    }

    @Test
    void appliesPendingStepsOnceAndInOrder() throws Exception {
        JdbcDataSource ds = h2();
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
    void aFailingStepIsRolledBackAndReported() {
        JdbcDataSource ds = h2();
        Migrations.apply(ds, "x", List.of(new Migration(1, "a", "CREATE TABLE a (id INT);")));
        assertThatThrownBy(() -> Migrations.apply(ds, "x", List.of(new Migration(1, "a", "CREATE TABLE a (id INT);"),
                new Migration(2, "bad", "INSERT INTO a VALUES (1);\nCREATE TABLE nonsense nonsense;"))))
                .isInstanceOf(MigrationException.class).hasMessageContaining("x: migration 2 (bad) failed");
        assertThat(Migrations.version(ds, "x")).isEqualTo(1);
    }

    @Test
    void aDatabaseNewerThanTheServerIsRefused() {
        JdbcDataSource ds = h2();
        Migrations.apply(ds, "x", List.of(new Migration(1, "a", "CREATE TABLE a (id INT);"),
                new Migration(2, "b", "CREATE TABLE b (id INT);")));
        assertThatThrownBy(() -> Migrations.apply(ds, "x", List.of(new Migration(1, "a", "CREATE TABLE a (id INT);"))))
                .hasMessageContaining("newer than this server knows");
    }

    @Test
    void statementsSplitAtLineEndSemicolons() {
        assertThat(Migrations.statements("CREATE TABLE a (x VARCHAR(3) DEFAULT ';');\n-- c\n\nSELECT 1;\nSELECT 2"))
                .containsExactly("CREATE TABLE a (x VARCHAR(3) DEFAULT ';')", "SELECT 1", "SELECT 2");
    }
}
