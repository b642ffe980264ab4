package org.plantwire.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** Plain JDBC for tests that check what a service wrote to its database. */
public final class Jdbc {

    private Jdbc() {
    }

    /** The rows of a query, each as its columns' text joined by single spaces ({@code null} for SQL NULL). */
    public static List<String> rows(DataSource dataSource, String sql, Object... args) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int col = 1; col <= columns; col++) {
                        row.append(col > 1 ? " " : "").append(rs.getString(col));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }
}
