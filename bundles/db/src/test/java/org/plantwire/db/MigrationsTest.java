package org.plantwire.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migrations on an embedded H2 file database (the default plantwire database). */
class MigrationsTest extends MigrationsContract {

    @TempDir
    Path dir;

    @Override
    DataSource database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db"));
        return ds;
    }

    @Test
    void statementsSplitAtLineEndSemicolons() {
        assertThat(Migrations.statements("CREATE TABLE a (x VARCHAR(3) DEFAULT ';');\n-- c\n\nSELECT 1;\nSELECT 2"))
                .containsExactly("CREATE TABLE a (x VARCHAR(3) DEFAULT ';')", "SELECT 1", "SELECT 2");
    }
}
