package org.plantwire.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.DataType;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.TagValueException;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.Limits;
import org.plantwire.plant.Scaling;
import org.plantwire.plant.SecurityConfig;
import org.plantwire.plant.TagMapping;
import org.plantwire.plant.Timing;
import org.plantwire.tagbus.internal.TagBusImpl;

class ConnectorRuntimeTest {

    private static final TagPath TEMP = TagPath.of("acme/site/line1/motor-temperature");
    private static final TagPath SPEED = TagPath.of("acme/site/line1/speed-setpoint");
    private static final TagPath RUN = TagPath.of("acme/site/line1/run");

    private TagBusImpl bus;
    private ConnectorRuntime runtime;
    private final List<Object> written = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        bus = new TagBusImpl();
        ConnectorConfig config = new ConnectorConfig("site", "acme/site", "capper", "modbus-tcp", "modbus-tcp://127.0.0.1:5020",
                SecurityConfig.NONE, Timing.DEFAULTS, Limits.DEFAULTS, Map.of(), List.of(
                        new TagMapping(TEMP, "input:0", DataType.FLOAT, "int16", "big", null, "degC", new Scaling(0.1, 0), 0.5,
                                false, null, null, "", 1),
                        new TagMapping(SPEED, "holding:0", DataType.FLOAT, "uint16", "big", null, "cpm", new Scaling(0.1, 0), 0,
                                true, 0.0, 600.0, "", 2),
                        new TagMapping(RUN, "coil:0", DataType.BOOLEAN, "bool", null, null, "", Scaling.NONE, 0, true, null,
                                null, "", 3)),
                "test.yaml:1");
        runtime = new ConnectorRuntime(config, bus, (mapping, raw, request) -> {
            written.add(mapping.address() + "=" + raw);
            return CompletableFuture.completedFuture(WriteResult.ok(request.path(), request.value(), "Good"));
        });
        runtime.start();
    }

    @AfterEach
    void tearDown() {
        bus.close();
    }

    @Test
    void tagsAreKnownBadUntilTheDeviceAnswers() {
        assertThat(bus.info(TEMP).orElseThrow().owner()).isEqualTo("capper");
        assertThat(bus.info(TEMP).orElseThrow().definition().unit()).isEqualTo("degC");
        assertThat(bus.read(TEMP).orElseThrow().quality()).isEqualTo(Quality.BAD_NOT_CONNECTED);
        assertThat(bus.read(TEMP).orElseThrow().value()).isNull();
        assertThat(runtime.status().state()).isEqualTo(ConnectorState.STARTING);
    }

    @Test
    void rawValuesAreScaledAndTheDeadbandHolds() {
        runtime.connected();
        TagMapper temp = runtime.mapperForAddress("input:0");
        runtime.publishRaw(temp, 235, Quality.GOOD, 1_000);
        assertThat(bus.read(TEMP).orElseThrow().value()).isEqualTo(23.5);
        assertThat(bus.read(TEMP).orElseThrow().sourceTime()).isEqualTo(1_000);
        runtime.publishRaw(temp, 239, Quality.GOOD, 2_000); // 23.9: within 0.5 of 23.5
        assertThat(bus.read(TEMP).orElseThrow().value()).isEqualTo(23.5);
        runtime.publishRaw(temp, 241, Quality.GOOD, 3_000); // 24.1: beyond
        assertThat((Double) bus.read(TEMP).orElseThrow().value()).isCloseTo(24.1, org.assertj.core.data.Offset.offset(1e-9));
        runtime.publishRaw(temp, 241, Quality.UNCERTAIN_SENSOR, 4_000); // quality change always goes through
        assertThat(bus.read(TEMP).orElseThrow().quality()).isEqualTo(Quality.UNCERTAIN_SENSOR);
        assertThat(runtime.status().messages()).isEqualTo(4);
    }

    @Test
    void aValueThatDoesNotFitMakesThatTagBadAndIsCounted() {
        runtime.connected();
        runtime.publishRaw(runtime.mapperForAddress("coil:0"), true, Quality.GOOD, 0);
        runtime.publishRaw(runtime.mapperForAddress("input:0"), "hot", Quality.GOOD, 0);
        TagValue temp = bus.read(TEMP).orElseThrow();
        assertThat(temp.quality()).isEqualTo(Quality.BAD_TYPE_MISMATCH);
        assertThat(runtime.status().errors()).isEqualTo(1);
        assertThat(runtime.status().lastError())
                .isEqualTo(TEMP + " (input:0): raw value 'hot' is not a number, so it cannot be scaled");
        assertThat(bus.read(RUN).orElseThrow().value()).isEqualTo(true);
    }

    @Test
    void disconnectTurnsEveryTagBadKeepingItsValueAndReconnectRepublishes() {
        runtime.connected();
        TagMapper temp = runtime.mapperForAddress("input:0");
        runtime.publishRaw(temp, 235, Quality.GOOD, 0);
        runtime.disconnected("Connection refused");
        TagValue v = bus.read(TEMP).orElseThrow();
        assertThat(v.quality()).isEqualTo(Quality.BAD_NOT_CONNECTED);
        assertThat(v.value()).isEqualTo(23.5);
        assertThat(runtime.status().state()).isEqualTo(ConnectorState.DISCONNECTED);
        assertThat(runtime.status().lastError()).isEqualTo("Connection refused");
        runtime.connected();
        runtime.publishRaw(temp, 235, Quality.GOOD, 0); // same value as before the outage: published again
        assertThat(bus.read(TEMP).orElseThrow().quality()).isEqualTo(Quality.GOOD);
    }

    @Test
    void writesGoToTheDeviceInRawUnits() throws Exception {
        runtime.connected();
        runtime.publishRaw(runtime.mapperForAddress("holding:0"), 1000, Quality.GOOD, 0);
        WriteResult r = bus.write(SPEED, "42.5", "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(r.success()).isTrue();
        assertThat(r.connector()).isEqualTo("capper");
        assertThat(written).containsExactly("holding:0=425.0");
        assertThatThrownBy(() -> bus.write(SPEED, 601, "test")).isInstanceOf(TagValueException.class)
                .hasMessage("Tag " + SPEED + ": 601.0 is above the maximum 600 cpm");
        assertThatThrownBy(() -> bus.write(TEMP, 1, "test")).hasMessageContaining("not writable");
    }

    @Test
    void writesWhileDisconnectedFailWithTheReason() throws Exception {
        runtime.disconnected("Connection refused");
        WriteResult r = bus.write(RUN, true, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(r.success()).isFalse();
        assertThat(r.message()).isEqualTo("connector capper is DISCONNECTED: Connection refused");
        assertThat(written).isEmpty();
    }

    @Test
    void closingLeavesLastKnownValues() {
        runtime.connected();
        runtime.publishRaw(runtime.mapperForAddress("coil:0"), true, Quality.GOOD, 0);
        runtime.close();
        assertThat(bus.read(RUN).orElseThrow().quality()).isEqualTo(Quality.UNCERTAIN_LAST_KNOWN);
        assertThat(bus.connectors()).isEmpty();
    }
}
