package org.plantwire.camel.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.tagbus.internal.TagBusSettings;

/** Routes against a real tag bus, without OSGi. */
class TagComponentTest {

    private static final TagPath TEMP = TagPath.of("acme/woodlands/packaging/line1/filler/temperature");
    private static final TagPath SPEED = TagPath.of("acme/woodlands/packaging/line1/filler/speed");

    private TagBusImpl bus;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        bus = new TagBusImpl(TagBusSettings.defaults().withWriteTimeoutMillis(2_000));
        context = new DefaultCamelContext();
        TagComponents.addTo(context, bus);
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        bus.close();
    }

    @Test
    void producerPublishesBodyWithQualityAndSourceTime() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("tag:" + TEMP + "?connector=filler&protocol=opcua&device=opc.tcp://127.0.0.1:4840");
            }
        });
        template.sendBody("direct:in", 21.5f);
        assertThat(bus.read(TEMP)).get().extracting(TagValue::value).isEqualTo(21.5);

        Instant source = Instant.parse("2026-11-28T08:00:00Z");
        template.sendBodyAndHeaders("direct:in", 7, Map.of(TagHeaders.QUALITY, "uncertain(sensor-not-accurate)",
                TagHeaders.SOURCE_TIME, source.toString()));
        TagValue v = bus.read(TEMP).orElseThrow();
        assertThat(v.value()).isEqualTo(7L);
        assertThat(v.quality()).isEqualTo(Quality.UNCERTAIN_SENSOR);
        assertThat(v.sourceTime()).isEqualTo(source.toEpochMilli());

        ConnectorSummary filler = connector("filler");
        assertThat(filler.protocol()).isEqualTo("opcua");
        assertThat(filler.endpoint()).isEqualTo("opc.tcp://127.0.0.1:4840");
        assertThat(filler.status().state()).isEqualTo(ConnectorState.CONNECTED);
        assertThat(filler.status().messages()).isEqualTo(2);
        assertThat(filler.tags()).isEqualTo(1);
        assertThat(bus.info(TEMP).orElseThrow().owner()).isEqualTo("filler");
    }

    @Test
    void badBodiesAndHeadersFailTheExchangeNotTheRoute() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("tag:" + TEMP + "?connector=filler");
            }
        });
        assertThatThrownBy(() -> template.sendBody("direct:in", Map.of("a", 1)))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseMessage("Cannot publish a java.util.ImmutableCollections$Map1 to tag " + TEMP
                        + ": the body must be a boolean, a number or text");
        assertThatThrownBy(() -> template.sendBodyAndHeader("direct:in", 1, TagHeaders.QUALITY, "splendid"))
                .hasRootCauseMessage("Header PlantwireQuality for tag " + TEMP + ": Unknown quality 'splendid'; use one of: "
                        + "good, uncertain(last-known), uncertain(substituted), uncertain(initial-value), uncertain(out-of-range), "
                        + "uncertain(sensor-not-accurate), bad(not-connected), bad(config-error), bad(not-found), "
                        + "bad(device-failure), bad(sensor-failure), bad(comm-failure), bad(out-of-service), bad(type-mismatch)");
        assertThatThrownBy(() -> template.sendBodyAndHeader("direct:in", 1, TagHeaders.SOURCE_TIME, "yesterday"))
                .hasRootCauseMessage("Header PlantwireSourceTime for tag " + TEMP
                        + ": 'yesterday' is neither epoch milliseconds nor an ISO-8601 instant");
        assertThatThrownBy(() -> template.sendBody("direct:in", null))
                .hasRootCauseMessage("No value to publish to tag " + TEMP + ": the message body is empty");

        // the route goes on
        template.sendBody("direct:in", "22.0");
        assertThat(bus.read(TEMP).orElseThrow().value()).isEqualTo("22.0");
        ConnectorSummary filler = connector("filler");
        assertThat(filler.status().errors()).isEqualTo(4);
        assertThat(filler.status().messages()).isEqualTo(1);
        assertThat(filler.status().lastError()).contains("the message body is empty");
    }

    @Test
    void malformedPathInUriIsRejectedWithReason() {
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bad").to("tag:acme/woodlands/line 1/speed");
            }
        })).hasRootCauseMessage("Invalid tag path 'acme/woodlands/line 1/speed': segment 3 ('line 1') contains whitespace"
                + " at position 5; allowed are letters, digits, '-', '_' and '.'");
    }

    @Test
    void consumerReceivesMatchingChangesWithHeaders() throws Exception {
        bus.publish(TEMP, TagValue.good(20.0, 1_000L));
        List<Exchange> received = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tag:acme/+/packaging/line1/#").process(received::add);
            }
        });
        // initial value first
        awaitSize(received, 1);
        bus.publish(SPEED, TagValue.of(120L, Quality.BAD_NOT_CONNECTED));
        bus.publish(TagPath.of("acme/woodlands/packaging/line2/filler/speed"), TagValue.good(1L));
        awaitSize(received, 2);
        Thread.sleep(100);
        assertThat(received).hasSize(2);
        Exchange first = received.get(0);
        assertThat(first.getMessage().getBody()).isEqualTo(20.0);
        assertThat(first.getMessage().getHeader(TagHeaders.PATH)).isEqualTo(TEMP.toString());
        assertThat(first.getMessage().getHeader(TagHeaders.SOURCE_TIME)).isEqualTo(1_000L);
        Exchange second = received.get(1);
        assertThat(second.getMessage().getHeader(TagHeaders.PATH)).isEqualTo(SPEED.toString());
        assertThat(second.getMessage().getHeader(TagHeaders.QUALITY)).isEqualTo("bad(not-connected)");
    }

    @Test
    void consumerRouteThatFailsKeepsConsuming() throws Exception {
        List<Object> received = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tag:acme/woodlands/#?initialValues=false").routeId("picky")
                        .process(e -> {
                            if (e.getMessage().getBody(Double.class) < 0) {
                                throw new IllegalArgumentException("negative");
                            }
                        })
                        .process(e -> received.add(e.getMessage().getBody()));
            }
        });
        bus.publish(TEMP, TagValue.good(1.0));
        bus.publish(TEMP, TagValue.good(-1.0));
        bus.publish(TEMP, TagValue.good(2.0));
        awaitSize(received, 2);
        assertThat(received).containsExactly(1.0, 2.0);
        assertThat(context.getRouteController().getRouteStatus("picky").isStarted()).isTrue();
    }

    @Test
    void writeRouteCarriesOutWritesAndReportsTheOutcome() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish").to("tag:" + TEMP + "?connector=filler");
                from("tag-write:filler?owns=acme/woodlands/packaging/line1/filler/#&protocol=opcua")
                        .choice()
                            .when(simple("${body} > 100")).throwException(new IllegalStateException("Bad_OutOfRange"))
                            .when(simple("${body} < 0"))
                                .setHeader(TagHeaders.WRITE_SUCCESS, constant(false))
                                .setHeader(TagHeaders.WRITE_MESSAGE, constant("Bad_NotWritable"))
                            .otherwise()
                                .toD("tag:${header." + TagHeaders.PATH + "}")
                                .setHeader(TagHeaders.WRITE_MESSAGE, simple("Good (from ${header." + TagHeaders.WRITE_SOURCE + "})"))
                        .end();
            }
        });
        template.sendBody("direct:publish", 20.0);

        WriteResult ok = bus.write(TEMP, "42", "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ok.success()).isTrue();
        assertThat(ok.value()).isEqualTo(42.0);
        assertThat(ok.message()).isEqualTo("Good (from test)");
        assertThat(ok.connector()).isEqualTo("filler");
        assertThat(bus.read(TEMP).orElseThrow().value()).isEqualTo(42.0);

        WriteResult thrown = bus.write(TEMP, 500, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(thrown.success()).isFalse();
        assertThat(thrown.message()).isEqualTo("Bad_OutOfRange");

        WriteResult refused = bus.write(TEMP, -1, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(refused.success()).isFalse();
        assertThat(refused.message()).isEqualTo("Bad_NotWritable");
        assertThat(bus.read(TEMP).orElseThrow().value()).isEqualTo(42.0);

        ConnectorSummary filler = connector("filler");
        assertThat(filler.status().errors()).isEqualTo(2);
        assertThat(filler.status().lastError()).contains("Bad_NotWritable");
    }

    @Test
    void publishOnlyConnectorRefusesWrites() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish").to("tag:" + TEMP + "?connector=sensor");
            }
        });
        template.sendBody("direct:publish", 20.0);
        WriteResult r = bus.write(TEMP, 1, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(r.success()).isFalse();
        assertThat(r.message()).contains("takes no writes");
    }

    @Test
    void stoppingTheConnectorsRoutesLeavesLastKnownValues() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish").routeId("publisher").to("tag:" + TEMP + "?connector=filler");
            }
        });
        template.sendBody("direct:publish", 20.0);
        assertThat(connector("filler")).isNotNull();
        context.getRouteController().stopRoute("publisher");
        context.removeRoute("publisher");
        TagValue v = bus.read(TEMP).orElseThrow();
        assertThat(v.quality()).isEqualTo(Quality.UNCERTAIN_LAST_KNOWN);
        assertThat(v.value()).isEqualTo(20.0);
        assertThat(bus.connectors()).extracting(ConnectorSummary::name).doesNotContain("filler");
    }

    private ConnectorSummary connector(String name) {
        return bus.connectors().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no connector " + name + " in " + bus.connectors()));
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (list.size() < size && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(size);
    }
}
