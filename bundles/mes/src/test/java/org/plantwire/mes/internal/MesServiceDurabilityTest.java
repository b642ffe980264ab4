package org.plantwire.mes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.TagPath;
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
                config(dir.resolve("outbox.mv.db").toString()));
    }

    private static MesServiceImpl.Config config(String outbox) {
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
                return 60_000; // the test flushes by itself
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

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void changesMadeWhileTheDatabaseIsDownReachItInOrderWhenItReturns() throws Exception {
        server = startServer(0);
        int port = server.getPort();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:tcp://127.0.0.1:" + port + "/mes");
        mes = start(ds);
        long t0 = System.currentTimeMillis();
        publish("state", 2, t0);
        publish("good", 1_000, t0);
        publish("reject", 0, t0);
        mes.createOrder(new OrderRequest("O-1", "p1", "l1", 500, null, 1), "test");
        mes.release("O-1", "test");
        assertThat(mes.start("O-1", "test").state()).isEqualTo(OrderState.RUNNING); // no PLC tags bound: nothing to write
        publish("good", 1_100, t0 + 1_000);
        waitFor("100 counted", () -> mes.order("O-1").get().good() == 100);
        mes.flush();

        server.stop(); // the database goes away
        publish("good", 1_250, t0 + 2_000);
        publish("reject", 5, t0 + 2_000);
        publish("fault", 101, t0 + 3_000);
        publish("state", 3, t0 + 3_000);
        publish("state", 2, t0 + 8_000);
        waitFor("counts while down", () -> mes.order("O-1").get().good() == 250 && mes.order("O-1").get().reject() == 5);
        mes.hold("O-1", "material", "test");
        mes.resume("O-1", "test");
        mes.flush();
        assertThat(mes.outboxStatus()[0]).isPositive();
        assertThat(mes.outboxStatus()[1]).isPositive();
        assertThatThrownBy(() -> mes.downtime("l1", 10)).isInstanceOf(MesException.class)
                .extracting(e -> ((MesException) e).kind()).isEqualTo(MesException.Kind.UNAVAILABLE);

        server = startServer(port); // it returns
        mes.flush();
        assertThat(mes.outboxStatus()[0]).isZero();
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
}
