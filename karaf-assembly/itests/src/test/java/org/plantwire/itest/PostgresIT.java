package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeFalse;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.AfterClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.mes.MesService;
import org.plantwire.mes.OrderState;
import org.plantwire.mes.WorkOrder;
import org.plantwire.testing.Jdbc;
import org.plantwire.testing.Postgres;

/**
 * The real distribution on PostgreSQL: the plantwire DataSource (etc/org.ops4j.datasource-plantwire.cfg, pooled by
 * DBCP2) points at a private PostgreSQL server that the test driver starts before Karaf boots. An order runs on the
 * simulated line; PostgreSQL is stopped while it counts and started again; when the order completes, the good count
 * and the history in PostgreSQL are the MES's own: nothing lost, nothing twice.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresIT extends PlantwireTestSupport {

    private static final String DIR_PROPERTY = "plantwire.itest.postgresDir";
    /** started by the test driver (this class's configuration runs there), stopped when it is done */
    private static Postgres driverSide;

    private static final TagPath ORDER_ACK = TagPath.of("acme/woodlands/packaging/line1/filler/order/ack");

    @Inject
    protected MesService mes;

    @Inject
    protected TagBus bus;

    @Inject
    @Filter("(dataSourceName=plantwire)")
    protected DataSource dataSource;

    @Configuration
    public Option[] config() throws Exception {
        if (Postgres.skipped()) { // the test inside Karaf is told so and skips
            return OptionUtils.combine(distribution("postgres", 11), systemProperty(Postgres.SKIP_PROPERTY).value("true"));
        }
        synchronized (PostgresIT.class) {
            if (driverSide == null) {
                driverSide = Postgres.start();
                Postgres started = driverSide;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started)));
            }
        }
        String ds = "etc/org.ops4j.datasource-plantwire.cfg";
        String sim = "etc/org.plantwire.simulator.cfg";
        return OptionUtils.combine(distribution("postgres", 11),
                editConfigurationFilePut(ds, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver"),
                editConfigurationFilePut(ds, "url", "jdbc:postgresql://127.0.0.1:" + driverSide.port() + "/"
                        + Postgres.DATABASE),
                editConfigurationFilePut(ds, "user", Postgres.USER),
                editConfigurationFilePut(ds, "password", "unused"), // the test server trusts 127.0.0.1
                // a line that runs steadily (no faults, no idle spells): 10 bottles a second at the recipe's speed
                editConfigurationFilePut(sim, "meanRunSeconds", "0"),
                systemProperty(DIR_PROPERTY).value(driverSide.directory().toString()));
    }

    @AfterClass
    public static void stopPostgres() {
        closeQuietly(driverSide);
        driverSide = null;
    }

    private static void closeQuietly(Postgres postgres) {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (Exception e) {
            System.err.println("PostgresIT: stopping the test PostgreSQL: " + e);
        }
    }

    @Test
    public void theMesCountsThroughAPostgresOutageWithNothingLost() throws Exception {
        assumeFalse(Postgres.skipReason(), Postgres.skipped());
        // deleted here, at the end: the test driver's JVM may be ended before its shutdown hook is through
        try (Postgres postgres = Postgres.attach(Paths.get(required(DIR_PROPERTY)))) {
            runsThroughAnOutage(postgres);
        }
    }

    private void runsThroughAnOutage(Postgres postgres) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
        }
        awaitBooted();
        waitFor("MES follows line1", 60_000, () -> mes.lines().stream().anyMatch(l -> l.name().equals("line1")));
        waitFor("filler connected", 60_000, () -> bus.connectors().stream().anyMatch(c -> c.name().equals("line1-filler")
                && c.status().state() == ConnectorState.CONNECTED));
        waitFor("filler's order tags", 60_000, () -> bus.read(ORDER_ACK).map(v -> v.quality() == Quality.GOOD).orElse(false));
        shell("mes:order-create PG-1 water-500 300 line1");
        shell("mes:order-release PG-1");
        String started = shell("mes:order-start PG-1");
        assertTrue(started, started.contains("Order PG-1: RUNNING"));
        waitFor("counts rise", 60_000, () -> good() >= 50);
        waitFor("counts reach PostgreSQL", 10_000, () -> storedGood() >= 50);

        postgres.stop(); // the database goes away while the line runs
        try {
            long atStop = good();
            waitFor("counts go on while PostgreSQL is down", 30_000, () -> good() >= atStop + 50);
            try {
                shell("mes:downtime line1");
                fail("mes:downtime should say the database is unavailable");
            } catch (ShellCommandException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("MES database"));
            }
        } finally {
            postgres.startAgain(); // it returns
        }

        waitFor("the order completes at its quantity", 60_000,
                () -> mes.order("PG-1").get().state() == OrderState.COMPLETED);
        assertTrue(mes.order("PG-1").get().toString(), good() >= 300);
        waitFor("PostgreSQL has the MES's final count", 30_000, () -> storedGood() == good());
        WorkOrder done = mes.order("PG-1").get();
        List<String> history = rows("SELECT seq, to_state FROM mes_order_transition WHERE order_id = 'PG-1' ORDER BY seq");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < done.transitions().size(); i++) {
            expected.add(i + " " + done.transitions().get(i).to());
        }
        assertEquals(expected, history);
        assertEquals(List.of(done.good() + " " + done.reject() + " COMPLETED"),
                rows("SELECT good, reject, state FROM mes_order WHERE id = 'PG-1'"));
    }

    private long good() {
        return mes.order("PG-1").map(WorkOrder::good).orElse(0L);
    }

    /** The order's good count in PostgreSQL, -1 while it cannot be read. */
    private long storedGood() {
        try {
            List<String> row = rows("SELECT good FROM mes_order WHERE id = 'PG-1'");
            return row.isEmpty() ? -1 : Long.parseLong(row.get(0));
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Plain JDBC on the server's DataSource (PostgreSQL). */
    private List<String> rows(String sql) throws SQLException {
        return Jdbc.rows(dataSource, sql);
    }
}
