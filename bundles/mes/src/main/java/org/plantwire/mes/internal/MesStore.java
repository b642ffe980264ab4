package org.plantwire.mes.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.plantwire.db.Migrations;
import org.plantwire.mes.DowntimeEvent;
import org.plantwire.mes.Material;
import org.plantwire.mes.MesException;
import org.plantwire.mes.Oee;
import org.plantwire.mes.OrderState;
import org.plantwire.mes.Product;
import org.plantwire.mes.Transition;
import org.plantwire.mes.WorkOrder;

/**
 * The MES tables in the plantwire database (schema: {@code db/mes/V*.sql}, applied on start). Plain JDBC with
 * SQL that H2 and PostgreSQL both accept; "upsert" is update-then-insert for the same reason. A database that
 * cannot be reached gives {@link MesException.Kind#UNAVAILABLE}.
 */
final class MesStore {

    static final String COMPONENT = "mes";

    private final DataSource dataSource;

    MesStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    int migrate() {
        return Migrations.apply(dataSource, COMPONENT,
                List.of(Migrations.resource(MesStore.class, 1, "products, orders, downtime, OEE", "/db/mes/V1__mes.sql")));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction. */
    private <T> T tx(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new MesException(MesException.Kind.UNAVAILABLE, "MES database: " + e.getMessage(), e);
        }
    }

    // ---- products ----------------------------------------------------------------------------------

    void saveProduct(Product p) {
        tx(c -> {
            Instant now = Instant.now();
            if (update(c, "UPDATE mes_product SET name = ?, source = ? WHERE id = ?", p.name(), p.source(), p.id()) == 0) {
                update(c, "INSERT INTO mes_product (id, name, source, created_at) VALUES (?, ?, ?, ?)", p.id(), p.name(),
                        p.source(), now);
            }
            for (String table : List.of("mes_product_cycle", "mes_product_recipe", "mes_product_material")) {
                update(c, "DELETE FROM " + table + " WHERE product_id = ?", p.id());
            }
            for (Map.Entry<String, Double> e : p.idealCycleSeconds().entrySet()) {
                update(c, "INSERT INTO mes_product_cycle (product_id, line_name, ideal_cycle_seconds) VALUES (?, ?, ?)",
                        p.id(), e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Double> e : p.recipe().entrySet()) {
                update(c, "INSERT INTO mes_product_recipe (product_id, setpoint, setpoint_value) VALUES (?, ?, ?)",
                        p.id(), e.getKey(), e.getValue());
            }
            int pos = 0;
            for (Material m : p.bom()) {
                update(c, "INSERT INTO mes_product_material (product_id, pos, material, quantity, unit) VALUES (?, ?, ?, ?, ?)",
                        p.id(), pos++, m.material(), m.quantity(), m.unit());
            }
            return null;
        });
    }

    List<Product> products() {
        return tx(c -> {
            Map<String, Map<String, Double>> cycles = new HashMap<>();
            try (ResultSet rs = query(c, "SELECT product_id, line_name, ideal_cycle_seconds FROM mes_product_cycle")) {
                while (rs.next()) {
                    cycles.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getDouble(3));
                }
            }
            Map<String, Map<String, Double>> recipes = new HashMap<>();
            try (ResultSet rs = query(c, "SELECT product_id, setpoint, setpoint_value FROM mes_product_recipe")) {
                while (rs.next()) {
                    recipes.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getDouble(3));
                }
            }
            Map<String, List<Material>> boms = new HashMap<>();
            try (ResultSet rs = query(c, "SELECT product_id, material, quantity, unit FROM mes_product_material ORDER BY product_id, pos")) {
                while (rs.next()) {
                    boms.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Material(rs.getString(2), rs.getDouble(3), rs.getString(4)));
                }
            }
            List<Product> result = new ArrayList<>();
            try (ResultSet rs = query(c, "SELECT id, name, source FROM mes_product ORDER BY id")) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    result.add(new Product(id, rs.getString(2), cycles.getOrDefault(id, Map.of()),
                            recipes.getOrDefault(id, Map.of()), boms.getOrDefault(id, List.of()), rs.getString(3)));
                }
            }
            return result;
        });
    }

    // ---- orders ------------------------------------------------------------------------------------

    /**
     * Writes an order: its row (inserted or updated) and the transitions the database does not have yet. Applying
     * the same order twice changes nothing.
     */
    void saveOrder(WorkOrder o) {
        tx(c -> {
            if (update(c, "UPDATE mes_order SET state = ?, good = ?, reject = ?, reason = ?, started_at = ?, ended_at = ? "
                    + "WHERE id = ?", o.state().name(), o.good(), o.reject(), o.reason(), o.startedAt(), o.endedAt(),
                    o.id()) == 0) {
                update(c, "INSERT INTO mes_order (id, product_id, line_name, quantity, due_at, priority, state, good, "
                        + "reject, reason, created_at, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        o.id(), o.product(), o.line(), o.quantity(), o.due(), o.priority(), o.state().name(), o.good(),
                        o.reject(), o.reason(), o.createdAt(), o.startedAt(), o.endedAt());
            }
            int known;
            try (ResultSet rs = query(c, "SELECT COUNT(*) FROM mes_order_transition WHERE order_id = ?", o.id())) {
                rs.next();
                known = rs.getInt(1);
            }
            for (int i = known; i < o.transitions().size(); i++) {
                Transition t = o.transitions().get(i);
                update(c, "INSERT INTO mes_order_transition (order_id, seq, from_state, to_state, by_who, at_time, note) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", o.id(), i, t.from() == null ? null : t.from().name(),
                        t.to().name(), t.by(), t.at(), t.note() == null ? "" : t.note());
            }
            return null;
        });
    }

    List<WorkOrder> orders() {
        return tx(c -> {
            Map<String, List<Transition>> transitions = new HashMap<>();
            try (ResultSet rs = query(c, "SELECT order_id, from_state, to_state, by_who, at_time, note "
                    + "FROM mes_order_transition ORDER BY order_id, seq")) {
                while (rs.next()) {
                    String from = rs.getString(2);
                    transitions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Transition(
                            from == null ? null : OrderState.valueOf(from), OrderState.valueOf(rs.getString(3)),
                            rs.getString(4), instant(rs, 5), rs.getString(6)));
                }
            }
            List<WorkOrder> result = new ArrayList<>();
            try (ResultSet rs = query(c, "SELECT id, product_id, line_name, quantity, due_at, priority, state, good, "
                    + "reject, reason, created_at, started_at, ended_at FROM mes_order")) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    result.add(new WorkOrder(id, rs.getString(2), rs.getString(3), rs.getLong(4), instant(rs, 5),
                            rs.getInt(6), OrderState.valueOf(rs.getString(7)), rs.getLong(8), rs.getLong(9),
                            rs.getString(10), instant(rs, 11), instant(rs, 12), instant(rs, 13),
                            transitions.getOrDefault(id, List.of())));
                }
            }
            return result;
        });
    }

    // ---- downtime ----------------------------------------------------------------------------------

    long maxDowntimeId() {
        return tx(c -> {
            try (ResultSet rs = query(c, "SELECT MAX(id) FROM mes_downtime")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    void saveDowntime(DowntimeEvent e) {
        tx(c -> {
            if (update(c, "UPDATE mes_downtime SET ended_at = ?, fault_code = ?, reason = ?, reason_by = ? WHERE id = ?",
                    e.end(), e.faultCode(), e.reason(), e.reasonBy(), e.id()) == 0) {
                update(c, "INSERT INTO mes_downtime (id, line_name, order_id, started_at, ended_at, fault_code, reason, "
                        + "reason_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e.id(), e.line(), e.orderId(), e.start(), e.end(),
                        e.faultCode(), e.reason(), e.reasonBy());
            }
            return null;
        });
    }

    void deleteDowntime(long id) {
        tx(c -> update(c, "DELETE FROM mes_downtime WHERE id = ?", id));
    }

    List<DowntimeEvent> downtime(String line, int limit) {
        return tx(c -> {
            List<DowntimeEvent> result = new ArrayList<>();
            try (ResultSet rs = query(c, "SELECT id, line_name, order_id, started_at, ended_at, fault_code, reason, "
                    + "reason_by FROM mes_downtime WHERE line_name = ? ORDER BY started_at DESC, id DESC", line)) {
                while (rs.next() && result.size() < limit) {
                    result.add(downtime(rs));
                }
            }
            return result;
        });
    }

    DowntimeEvent downtime(long id) {
        return tx(c -> {
            try (ResultSet rs = query(c, "SELECT id, line_name, order_id, started_at, ended_at, fault_code, reason, "
                    + "reason_by FROM mes_downtime WHERE id = ?", id)) {
                return rs.next() ? downtime(rs) : null;
            }
        });
    }

    private static DowntimeEvent downtime(ResultSet rs) throws SQLException {
        return new DowntimeEvent(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                rs.getInt(6), rs.getString(7), rs.getString(8));
    }

    // ---- OEE ---------------------------------------------------------------------------------------

    void saveOee(List<Oee> rows) {
        tx(c -> {
            for (Oee o : rows) {
                Object[] values = {o.line(), o.from(), o.to(), o.plannedMillis(), o.runMillis(), o.good(), o.reject(),
                    o.idealMillis(), o.microStops(), o.availability(), o.performance(), o.quality(), o.oee(), o.scope(),
                    o.id()};
                if (update(c, "UPDATE mes_oee SET line_name = ?, from_time = ?, to_time = ?, planned_ms = ?, run_ms = ?, "
                        + "good = ?, reject = ?, ideal_ms = ?, micro_stops = ?, availability = ?, performance = ?, "
                        + "quality = ?, oee = ? WHERE scope = ? AND scope_id = ?", values) == 0) {
                    update(c, "INSERT INTO mes_oee (line_name, from_time, to_time, planned_ms, run_ms, good, reject, "
                            + "ideal_ms, micro_stops, availability, performance, quality, oee, scope, scope_id) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
                }
            }
            return null;
        });
    }

    List<Oee> oee(String scope, String line, int limit) {
        return tx(c -> {
            List<Oee> result = new ArrayList<>();
            try (ResultSet rs = query(c, "SELECT scope, scope_id, line_name, from_time, to_time, planned_ms, run_ms, good, "
                    + "reject, ideal_ms, micro_stops, availability, performance, quality, oee FROM mes_oee "
                    + "WHERE scope = ? AND line_name = ? ORDER BY from_time DESC", scope, line)) {
                while (rs.next() && result.size() < limit) {
                    result.add(new Oee(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getInt(11),
                            rs.getDouble(12), rs.getDouble(13), rs.getDouble(14), rs.getDouble(15)));
                }
            }
            return result;
        });
    }

    // ---- JDBC helpers ------------------------------------------------------------------------------

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** A result set that closes its statement with it. */
    private static ResultSet query(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(c, sql, args);
        ps.closeOnCompletion();
        return ps.executeQuery();
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
