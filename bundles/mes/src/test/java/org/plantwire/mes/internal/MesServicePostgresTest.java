package org.plantwire.mes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.mes.OrderRequest;
import org.plantwire.mes.OrderState;
import org.plantwire.plant.PlantRegistry;
import org.plantwire.plant.PlantStatus;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;
import org.plantwire.testing.Jdbc;
import org.plantwire.testing.Postgres;

/**
 * The MES on a real PostgreSQL server (a private one, {@link Postgres}), through the connection pool the server uses
 * (DBCP2, validated on borrow), with a real tag bus and a parsed plant file: an order, counts and a stop written;
 * PostgreSQL stopped mid-run while counts, a second stop and transitions go on; started again: every row is there, in
 * order, once. What is checked is read with plain JDBC from PostgreSQL. A restarted MES finds it all again and the
 * schema is not migrated twice.
 */
class MesServicePostgresTest {

    private static final String LINE = "acme/pg/pack/";

    @TempDir
    Path dir;

    private Postgres postgres;
    private BasicDataSource pool;
    private MesServiceImpl mes;
    private final TagBusImpl bus = new TagBusImpl();

    @BeforeEach
    void startPostgres() throws Exception {
        assumeFalse(Postgres.skipped(), Postgres.skipReason());
        postgres = Postgres.start();
        // as etc/org.ops4j.datasource-plantwire.cfg configures the server's pool
        pool = new BasicDataSource();
        pool.setUrl(postgres.jdbcUrl());
        pool.setMaxTotal(8);
        pool.setMinIdle(1);
        pool.setTestOnBorrow(true);
        pool.setMaxWait(java.time.Duration.ofSeconds(5));
    }

    @AfterEach
    void stopAll() throws Exception {
        if (mes != null) {
            mes.deactivate();
        }
        if (pool != null) {
            pool.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The one place the service is built (the way OSGi does it, but with the test's store and outbox). */
    private MesServiceImpl startMes(DataSource dataSource) throws Exception {
        PlantStatus plant;
        try (Reader yaml = new InputStreamReader(getClass().getResourceAsStream("/postgres-plant.yaml"),
                StandardCharsets.UTF_8)) {
            plant = new PlantStatus("pg.yaml", PlantFileParser.parse("pg", "pg.yaml", yaml).plant(), 1, 0, List.of());
        }
        // the flush interval is long: the test flushes by itself
        MesServiceImpl.Config config = config(Map.of("flushMillis", 600_000L, "rescanMillis", 600_000L, "zone", "UTC",
                "outboxFile", dir.resolve("outbox.mv.db").toString()));
        return new MesServiceImpl(bus, new OnePlant(plant, dir.toString()), new MesStore(dataSource), Clock.systemUTC(),
                ZoneOffset.UTC, config);
    }

    /** The service's configuration: these values, the defaults of the annotation for everything else. */
    private static MesServiceImpl.Config config(Map<String, Object> values) {
        return (MesServiceImpl.Config) Proxy.newProxyInstance(MesServiceImpl.Config.class.getClassLoader(),
                new Class<?>[] {MesServiceImpl.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> MesServiceImpl.Config.class;
                    case "toString" -> "test config " + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    private record OnePlant(PlantStatus plant, String directory) implements PlantRegistry {
        @Override
        public List<PlantStatus> plants() {
            return List.of(plant);
        }

        @Override
        public void reload() {
        }
    }

    private void publish(String tag, long value, long sourceTime) {
        bus.publish(TagPath.of(LINE + tag), TagValue.good(value, sourceTime));
    }

    /** The PLC reports a fault and the line stands still from {@code from} to {@code to} (source times). */
    private void lineStops(int faultCode, long from, long to) {
        publish("fault", faultCode, from);
        publish("state", 3, from);
        publish("state", 2, to);
        publish("fault", 0, to);
    }

    private List<String> rows(String sql, Object... args) throws SQLException {
        return Jdbc.rows(pool, sql, args);
    }

    @Test
    void everythingMadeWhilePostgresIsDownIsStoredInOrderOnceWhenItReturns() throws Exception {
        mes = startMes(pool);
        long t0 = System.currentTimeMillis() - 60_000;
        publish("state", 2, t0);
        publish("good", 5_000, t0);
        publish("reject", 10, t0);
        mes.createOrder(new OrderRequest("PG-1", "cola-330", "pack", 1_000, null, 3), "alice");
        mes.release("PG-1", "alice");
        assertThat(mes.start("PG-1", "alice").state()).isEqualTo(OrderState.RUNNING);
        publish("good", 5_040, t0 + 1_000);
        publish("reject", 12, t0 + 1_000);
        lineStops(101, t0 + 2_000, t0 + 6_000); // a jam
        Await.until("40 good, 2 rejects and the jam counted", () -> mes.order("PG-1").get().good() == 40
                && mes.order("PG-1").get().reject() == 2 && mes.downtime("pack", 10).size() == 1);
        mes.flush();
        assertThat(rows("SELECT good, reject FROM mes_order WHERE id = ?", "PG-1")).containsExactly("40 2");

        postgres.stop(); // the database goes away mid-run
        publish("good", 5_100, t0 + 7_000);
        lineStops(102, t0 + 8_000, t0 + 11_000); // the capper
        publish("good", 5_175, t0 + 12_000);
        publish("reject", 15, t0 + 12_000);
        Await.until("counts while PostgreSQL is down", () -> mes.order("PG-1").get().good() == 175
                && mes.order("PG-1").get().reject() == 5);
        mes.hold("PG-1", "cans missing", "bob");
        mes.resume("PG-1", "bob");
        mes.flush();
        assertThat(mes.status().changesWaiting()).as("changes waiting in the outbox").isPositive();
        assertThat(mes.status().databaseDownSince()).as("unavailable since").isNotNull();

        postgres.startAgain(); // it returns
        mes.flush();
        assertThat(mes.status().changesWaiting()).isZero();
        assertThat(mes.status().databaseDownSince()).isNull();

        assertThat(rows("SELECT state, good, reject, quantity, priority FROM mes_order")).containsExactly("RUNNING 175 5 1000 3");
        assertThat(rows("SELECT seq, from_state, to_state, by_who FROM mes_order_transition WHERE order_id = ? "
                + "ORDER BY at_time, seq", "PG-1")).containsExactly("0 null CREATED alice", "1 CREATED RELEASED alice",
                "2 RELEASED RUNNING alice", "3 RUNNING HELD bob", "4 HELD RUNNING bob");
        assertThat(rows("SELECT note FROM mes_order_transition WHERE to_state = 'HELD'")).containsExactly("cans missing");
        assertThat(rows("SELECT order_id, fault_code, reason, EXTRACT(EPOCH FROM ended_at - started_at) FROM mes_downtime "
                + "WHERE line_name = ? ORDER BY started_at", "pack"))
                .containsExactly("PG-1 101 infeed-jam 4.000000", "PG-1 102 capper-torque 3.000000");
        assertThat(rows("SELECT COUNT(DISTINCT id), COUNT(*) FROM mes_downtime")).containsExactly("2 2");

        // restarted on the same database: the schema stays as it is, the order and its counts are read back
        mes.deactivate();
        mes = startMes(pool);
        assertThat(rows("SELECT component, version FROM plantwire_schema_version")).containsExactly("mes 1");
        assertThat(mes.order("PG-1").get().good()).isEqualTo(175);
        assertThat(mes.order("PG-1").get().transitions()).hasSize(5);
        assertThat(mes.downtime("pack", 10)).extracting(e -> e.reason()).containsExactly("capper-torque", "infeed-jam");
    }
}
