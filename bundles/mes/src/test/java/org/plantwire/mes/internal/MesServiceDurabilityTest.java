package org.plantwire.mes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.TagPath;
import org.plantwire.testing.Await;
import org.plantwire.api.TagValue;
import org.plantwire.mes.DowntimeEvent;
import org.plantwire.mes.MesException;
import org.plantwire.mes.OrderRequest;
import org.plantwire.mes.OrderState;
import org.plantwire.mes.WorkOrder;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.PlantRegistry;
import org.plantwire.plant.PlantStatus;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;

/**
 * The MES service on a real tag bus and a real H2 database server that is stopped mid-run: counts, machine state
 * changes and order transitions made while it is down wait in the outbox and reach the database, in order, when
 * it returns. Also the order state machine through the service: every refusal changes nothing.
 */
class MesServiceDurabilityTest {

    private static final String PLANT = """
            plant: {enterprise: acme, site: test}
            connectors:
              - name: plc
                protocol: opcua
                endpoint: opc.tcp://127.0.0.1:4840
                tags:
                  - {path: l1/state, address: "ns=2;s=S", type: integer}
                  - {path: l1/fault, address: "ns=2;s=F", type: integer}
                  - {path: l1/good, address: "ns=2;s=G", type: integer}
                  - {path: l1/reject, address: "ns=2;s=R", type: integer}
            mes:
              microStopSeconds: 2
              faultReasons: {101: infeed-jam}
              lines:
                - name: l1
                  bindings: {state: l1/state, faultCode: l1/fault, goodCount: l1/good, rejectCount: l1/reject}
              products:
                - {id: p1, idealCycleSeconds: {l1: 0.5}, bom: [{material: bottle, quantity: 1, unit: pcs}]}
            """;

    @TempDir
    Path dir;

    private Server server;
    private int port;
    private JdbcDataSource ds;
    private MesServiceImpl mes;
    private final TagBusImpl bus = new TagBusImpl();

    @AfterEach
    void stop() {
        if (mes != null) {
            mes.deactivate();
        }
        if (server != null) {
            server.stop();
        }
    }

    private Server startServer(int port) throws Exception {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.resolve("db").toString(),
                "-ifNotExists").start();
    }

    private MesServiceImpl start(JdbcDataSource ds) {
        return start(ds, 60_000); // the tests flush by themselves
    }

    private MesServiceImpl start(JdbcDataSource ds, long flushMillis) {
        PlantConfig plant = PlantFileParser.parse("test", "test.yaml", new StringReader(PLANT)).plant();
        PlantRegistry plants = new PlantRegistry() {
            @Override
            public List<PlantStatus> plants() {
                return List.of(new PlantStatus("test.yaml", plant, 1, 0, List.of()));
            }

            @Override
            public String directory() {
                return dir.toString();
            }

            @Override
            public void reload() {
            }
        };
        return new MesServiceImpl(bus, plants, new MesStore(ds), Clock.systemUTC(), ZoneOffset.UTC,
                config(dir.resolve("outbox.mv.db").toString(), flushMillis));
    }

    private static MesServiceImpl.Config config(String outbox, long flushMillis) {
        return new MesServiceImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MesServiceImpl.Config.class;
            }

            @Override
            public long rescanMillis() {
                return 60_000;
            }

            @Override
            public long flushMillis() {
                return flushMillis;
            }

            @Override
            public String zone() {
                return "UTC";
            }

            @Override
            public String outboxFile() {
                return outbox;
            }
        };
    }

    private void publish(String tag, long value, long sourceTime) {
        bus.publish(TagPath.of("acme/test/l1/" + tag), TagValue.good(value, sourceTime));
    }


    @Test
    void changesMadeWhileTheDatabaseIsDownReachItInOrderWhenItReturns() throws Exception {
        long t0 = runningOrder("O-1", 1_000, 0);
        assertThat(mes.order("O-1").get().state()).isEqualTo(OrderState.RUNNING); // no PLC tags bound: nothing to write
        publish("good", 1_100, t0 + 1_000);
        Await.until("100 counted", () -> mes.order("O-1").get().good() == 100);
        mes.flush();

        server.stop(); // the database goes away
        publish("good", 1_250, t0 + 2_000);
        publish("reject", 5, t0 + 2_000);
        publish("fault", 101, t0 + 3_000);
        publish("state", 3, t0 + 3_000);
        publish("state", 2, t0 + 8_000);
        Await.until("counts while down", () -> mes.order("O-1").get().good() == 250 && mes.order("O-1").get().reject() == 5);
        mes.hold("O-1", "material", "test");
        mes.resume("O-1", "test");
        mes.flush();
        assertThat(mes.status().changesWaiting()).isPositive();
        assertThat(mes.status().databaseDownSince()).isNotNull();
        assertThat(mes.status().ready()).isTrue();
        assertThatThrownBy(() -> mes.downtime("l1", 10)).isInstanceOf(MesException.class)
                .extracting(e -> ((MesException) e).kind()).isEqualTo(MesException.Kind.UNAVAILABLE);

        server = startServer(port); // it returns
        mes.flush();
        assertThat(mes.status().changesWaiting()).isZero();
        assertThat(mes.status().databaseDownSince()).isNull();
        MesStore store = new MesStore(ds);
        WorkOrder stored = store.orders().stream().filter(o -> o.id().equals("O-1")).findFirst().orElseThrow();
        assertThat(stored.good()).isEqualTo(250);
        assertThat(stored.reject()).isEqualTo(5);
        assertThat(stored.transitions()).extracting(t -> t.to()).containsExactly(OrderState.CREATED,
                OrderState.RELEASED, OrderState.RUNNING, OrderState.HELD, OrderState.RUNNING);
        assertThat(stored.transitions().get(3).note()).isEqualTo("material");
        List<DowntimeEvent> stops = store.downtime("l1", 10);
        assertThat(stops).hasSize(1);
        assertThat(stops.get(0).reason()).isEqualTo("infeed-jam");
        assertThat(stops.get(0).durationMillis(null)).isEqualTo(5_000);
    }

    @Test
    void refusedTransitionsChangeNothing() throws Exception {
        server = startServer(0);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mes");
        mes = start(ds);
        mes.createOrder(new OrderRequest("O-2", "p1", "l1", 10, null, 0), "test");
        assertThatThrownBy(() -> mes.start("O-2", "test")).hasMessageContaining("order O-2 is CREATED: cannot start");
        assertThatThrownBy(() -> mes.resume("O-2", "test")).hasMessageContaining("cannot resume");
        assertThatThrownBy(() -> mes.hold("O-2", "", "test")).hasMessageContaining("cannot go to HELD");
        assertThatThrownBy(() -> mes.complete("O-2", "test")).hasMessageContaining("cannot go to COMPLETED");
        assertThatThrownBy(() -> mes.createOrder(new OrderRequest("O-2", "p1", "l1", 10, null, 0), "test"))
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> mes.createOrder(new OrderRequest("O-3", "p1", "l1", 0, null, 0), "test"))
                .hasMessageContaining("quantity must be > 0");
        assertThatThrownBy(() -> mes.createOrder(new OrderRequest("O-3", "p9", "l1", 1, null, 0), "test"))
                .hasMessageContaining("unknown product p9");
        assertThatThrownBy(() -> mes.createOrder(new OrderRequest("O-3", "p1", "l9", 1, null, 0), "test"))
                .hasMessageContaining("unknown line l9");
        assertThat(mes.order("O-2").get().transitions()).hasSize(1);
        assertThat(mes.order("O-3")).isEmpty();
        mes.abort("O-2", "not needed", "test");
        assertThatThrownBy(() -> mes.release("O-2", "test")).hasMessageContaining("(it is finished)");
    }

    private JdbcDataSource dataSource(int port) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:tcp://127.0.0.1:" + port + "/mes");
        return ds;
    }

    private static WorkOrder stored(JdbcDataSource ds, String id) {
        return new MesStore(ds).orders().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    private long runningOrder(String id) throws Exception {
        return runningOrder(id, 0, 0);
    }

    /**
     * Starts a database server (its port in {@link #port}, a data source for it in {@link #ds}) and the MES on a
     * running line whose counters read as given, with the order running; returns "now".
     */
    private long runningOrder(String id, long good, long reject) throws Exception {
        server = startServer(0);
        port = server.getPort();
        ds = dataSource(port);
        mes = start(ds);
        long t0 = System.currentTimeMillis();
        publish("state", 2, t0);
        publish("good", good, t0);
        publish("reject", reject, t0);
        mes.createOrder(new OrderRequest(id, "p1", "l1", 1_000_000, null, 1), "test");
        mes.release(id, "test");
        mes.start(id, "test");
        return t0;
    }

    @Test
    void duringALongOutageTheOutboxHoldsOneEntryPerChangedThing() throws Exception {
        long t0 = runningOrder("O-9");
        mes.flush();

        server.stop();
        for (int i = 1; i <= 20; i++) { // counting, flushed each "second"
            publish("good", i * 10L, t0 + i * 1_000L);
            long expected = i * 10L;
            Await.until("count " + expected, () -> mes.order("O-9").get().good() == expected);
            mes.flush();
        }
        publish("state", 3, t0 + 21_000); // a stop: one more thing
        publish("state", 2, t0 + 30_000);
        Await.until("the stop ended", () -> mes.lines().get(0).running());
        mes.flush();
        // the order, its OEE row, the shift's OEE row and the downtime event: not 20 flushes' worth
        assertThat(mes.status().changesWaiting()).isBetween(3, 5);

        server = startServer(port);
        mes.flush();
        assertThat(mes.status().changesWaiting()).isZero();
        assertThat(stored(ds, "O-9").good()).isEqualTo(200);
        assertThat(stored(ds, "O-9").transitions()).hasSize(3);
        assertThat(new MesStore(ds).downtime("l1", 10)).singleElement()
                .satisfies(e -> assertThat(e.durationMillis(null)).isEqualTo(9_000));
    }

    @Test
    void unitsMadeWhileTheMesWasStoppedAreCreditedAndTheFiguresGoOn() throws Exception {
        long t0 = runningOrder("O-5", 500, 7);
        publish("good", 600, t0 + 1_000);
        publish("reject", 9, t0 + 1_000);
        Await.until("100 good, 2 reject", () -> mes.order("O-5").get().good() == 100 && mes.order("O-5").get().reject() == 2);
        publish("fault", 101, t0 + 2_000);
        publish("state", 3, t0 + 2_000); // stopped when the MES stops
        Await.until("the stop", () -> !mes.lines().get(0).running());
        mes.deactivate();

        publish("good", 640, t0 + 3_000); // the line made 40 more while nobody counted
        mes = start(ds);
        // the restarted MES reads the counter's current value (640) when it subscribes: the 40 are credited
        Await.until("the 40 made while stopped", () -> mes.order("O-5").get().good() == 140);
        publish("good", 650, t0 + 4_000);
        publish("state", 2, t0 + 5_000); // the stop that began before the restart ends
        Await.until("40 + 10 more", () -> mes.order("O-5").get().good() == 150);
        Await.until("running", () -> mes.lines().get(0).running());
        publish("good", 650, t0 + 6_000); // the same reading again counts nothing
        publish("reject", 9, t0 + 6_000);
        mes.flush();
        assertThat(mes.order("O-5").get().good()).isEqualTo(150);
        assertThat(mes.order("O-5").get().reject()).isEqualTo(2);
        // the order's OEE window went on: all its units, not only those since the restart
        assertThat(mes.orderOee("O-5").good()).isEqualTo(150);
        assertThat(mes.orderOee("O-5").reject()).isEqualTo(2);
        assertThat(mes.lineOee("l1").good()).isEqualTo(150);
        // one downtime event for the one stop, closed by the running state after the restart
        List<DowntimeEvent> stops = mes.downtime("l1", 10);
        assertThat(stops).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("infeed-jam");
            assertThat(e.durationMillis(null)).isEqualTo(3_000);
        });
        assertThat(stored(ds, "O-5").good()).isEqualTo(150);
    }

    @Test
    void theMesStartsWhileItsDatabaseIsDownAndServesWhenItReturns() throws Exception {
        long t0 = runningOrder("O-7");
        publish("good", 20, t0 + 1_000);
        Await.until("20 counted", () -> mes.order("O-7").get().good() == 20);
        mes.deactivate();
        server.stop();

        mes = start(ds, 200); // starts although its database is away
        assertThat(mes.status().ready()).isFalse();
        assertThat(mes.status().databaseDownSince()).isNotNull();
        assertThat(mes.status().problem()).isNotEmpty();
        assertThatThrownBy(() -> mes.orders(null)).isInstanceOf(MesException.class)
                .hasMessageContaining("waits for its database")
                .extracting(e -> ((MesException) e).kind()).isEqualTo(MesException.Kind.UNAVAILABLE);
        publish("good", 70, t0 + 2_000); // made while the MES waits

        server = startServer(port);
        Await.until("serving", () -> mes.status().ready());
        assertThat(mes.status().databaseDownSince()).isNull();
        publish("good", 75, t0 + 3_000);
        Await.until("all 75 counted", () -> mes.order("O-7").get().good() == 75);
        assertThat(mes.order("O-7").get().state()).isEqualTo(OrderState.RUNNING);
    }

    @Test
    void aReasonIsAssignedToAnOpenStopWhileTheDatabaseIsAwayAndAMicroStopSaysWhyItIsGone() throws Exception {
        long t0 = runningOrder("O-8");
        server.stop();
        publish("state", 3, t0 + 1_000); // downtime event 1 opens
        Await.until("stopped", () -> !mes.lines().get(0).running());
        assertThat(mes.assignReason(1, "changeover", "test").reason()).isEqualTo("changeover");
        publish("state", 2, t0 + 6_000); // 5 s: a downtime event
        publish("state", 3, t0 + 7_000); // event 2 opens ...
        publish("state", 2, t0 + 7_500); // ... and ends after 0.5 s: a micro-stop
        Await.until("running again", () -> mes.lines().get(0).running() && mes.lines().get(0).microStops() == 1);
        assertThatThrownBy(() -> mes.assignReason(2, "jam", "test")).isInstanceOf(MesException.class)
                .hasMessageContaining("counts as a micro-stop")
                .extracting(e -> ((MesException) e).kind()).isEqualTo(MesException.Kind.NOT_FOUND);

        server = startServer(port);
        mes.flush();
        assertThat(new MesStore(ds).downtime("l1", 10)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("changeover");
            assertThat(e.reasonBy()).isEqualTo("test");
            assertThat(e.durationMillis(null)).isEqualTo(5_000);
        });
    }

    @Test
    void aDamagedLineSnapshotIsSetAsideAndTheLineStartsAfresh() throws Exception {
        try (org.h2.mvstore.MVStore file = new org.h2.mvstore.MVStore.Builder()
                .fileName(dir.resolve("outbox.mv.db").toString()).open()) {
            file.<String, String>openMap("lines").put("l1", "{\"line\": \"l1\", \"goodBase\": \"many\"");
        }
        long t0 = runningOrder("O-6", 40, 0);
        assertThat(mes.lines()).extracting(l -> l.name()).containsExactly("l1");
        publish("good", 55, t0 + 1_000);
        Await.until("15 counted from the first reading", () -> mes.order("O-6").get().good() == 15);
    }
}
