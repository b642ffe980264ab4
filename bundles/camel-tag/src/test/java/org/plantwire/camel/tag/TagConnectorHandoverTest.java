package org.plantwire.camel.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.Quality;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.tagbus.internal.SwitchBoardImpl;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.tagbus.internal.TagBusSettings;

/**
 * Two versions of a route bundle that defines its own connector ({@code to("tag:..?connector=")} and
 * {@code from("tag-write:..")}), each in its own CamelContext, on a real tag bus and switch board.
 */
class TagConnectorHandoverTest {

    private static final TagPath COUNT = TagPath.of("acme/woodlands/packaging/line1/filler/count");
    private static final TagPath SETPOINT = TagPath.of("acme/woodlands/packaging/line1/filler/setpoint");

    private final TagBusImpl bus = new TagBusImpl(TagBusSettings.defaults().withWriteTimeoutMillis(2_000));
    private final SwitchBoardImpl board = new SwitchBoardImpl();
    private final List<CamelContext> contexts = new ArrayList<>();
    private final List<Long> counts = new CopyOnWriteArrayList<>();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final Subscription subscription = bus.subscribe(TagPattern.of(COUNT.toString()), (p, v) -> {
        if (v.quality() == Quality.GOOD) {
            counts.add((Long) v.value());
        }
    }, "test", 10_000, false);

    @AfterEach
    void stop() throws Exception {
        for (CamelContext c : contexts) {
            c.stop();
        }
        subscription.close();
        bus.close();
    }

    /** One version of the route bundle: a device feed into the bus and the connector's write route. */
    private ProducerTemplate version(long bundleId) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        TagComponents.addTo(context, bus, board, bundleId);
        context.start();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:count").to("tag:" + COUNT + "?connector=filler&protocol=opcua");
                from("direct:setpoint").to("tag:" + SETPOINT + "?connector=filler");
                from("tag-write:filler?owns=acme/woodlands/packaging/line1/filler/setpoint")
                        .process(e -> writes.add("v" + bundleId + ":" + e.getMessage().getBody()));
            }
        });
        return context.createProducerTemplate();
    }

    private static void count(ProducerTemplate version, long n) {
        version.sendBodyAndHeaders("direct:count", n, Map.of(TagHeaders.SOURCE_TIME, 1000 + n));
    }

    private WriteResult write(long value) throws Exception {
        return bus.write(SETPOINT, value, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private List<Long> awaitCounts(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (counts.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50); // room for a duplicate to show up
        return new ArrayList<>(counts);
    }

    @Test
    void aSecondVersionStandsByTakesOverWithoutDuplicatesAndHandsBack() throws Exception {
        ProducerTemplate v1 = version(1);
        ProducerTemplate v2 = version(2);
        assertThat(board.seats()).extracting(SwitchBoard.SeatInfo::bundleId, SwitchBoard.SeatInfo::active,
                SwitchBoard.SeatInfo::ready).containsExactly(org.assertj.core.groups.Tuple.tuple(1L, true, true),
                org.assertj.core.groups.Tuple.tuple(2L, false, true));

        // both versions see the device; only the active one reaches the bus and gets the writes
        v1.sendBody("direct:setpoint", 0L);
        v2.sendBody("direct:setpoint", 0L);
        for (long n = 1; n <= 5; n++) {
            count(v1, n);
        }
        for (long n = 1; n <= 7; n++) {
            count(v2, n); // ahead of v1 by two
        }
        assertThat(bus.read(COUNT).orElseThrow().value()).isEqualTo(5L);
        assertThat(write(10).success()).isTrue();
        assertThat(writes).containsExactly("v1:10");
        assertThat(bus.connectors()).hasSize(1);

        board.handOver("filler", 2);
        count(v1, 6); // the old version's late value goes nowhere
        count(v2, 8);
        assertThat(awaitCounts(8)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(write(20).success()).isTrue();
        assertThat(writes).containsExactly("v1:10", "v2:20");
        assertThat(bus.info(COUNT).orElseThrow().owner()).isEqualTo("filler");

        // hand back: v1 is behind (7, 8 were delivered by v2), then goes on
        count(v1, 7);
        board.handOver("filler", 1);
        count(v1, 8);
        count(v1, 9);
        count(v2, 10); // nowhere
        assertThat(awaitCounts(9)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(write(30).success()).isTrue();
        assertThat(writes).containsExactly("v1:10", "v2:20", "v1:30");

        // the active version stops: the standby one takes over by itself, its tags stay good
        count(v2, 10);
        contexts.get(0).stop();
        assertThat(awaitCounts(10)).endsWith(9L, 10L);
        assertThat(bus.read(COUNT).orElseThrow().quality()).isEqualTo(Quality.GOOD);
        assertThat(board.seats()).extracting(SwitchBoard.SeatInfo::bundleId, SwitchBoard.SeatInfo::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, true));
        assertThat(write(40).success()).isTrue();
        assertThat(writes).endsWith("v2:40");
    }
}
