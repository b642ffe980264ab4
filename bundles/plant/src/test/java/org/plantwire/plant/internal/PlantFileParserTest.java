package org.plantwire.plant.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.plantwire.api.DataType;
import org.plantwire.api.TagPath;
import org.plantwire.plant.BufferConfig;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.HistoryConfig;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.TagMapping;

class PlantFileParserTest {

    private static PlantFileParser.Result parse(String yaml) {
        return PlantFileParser.parse("test", "test.yaml", new StringReader(yaml));
    }

    private static final String HEAD = "plant: {enterprise: acme, site: woodlands, area: packaging}\n";

    @Test
    void theShippedDemoPlantIsValid() throws IOException {
        Path file = Paths.get("../../etc/plants/woodlands.yaml");
        PlantFileParser.Result r = PlantFileParser.parse("woodlands", "woodlands.yaml", Files.newBufferedReader(file));
        assertThat(r.problems()).isEmpty();
        PlantConfig plant = r.plant();
        assertThat(plant.prefix()).isEqualTo(TagPath.of("acme/woodlands/packaging"));
        assertThat(plant.connectors()).extracting(ConnectorConfig::name).containsExactly("line1-filler", "line1-capper");
        assertThat(plant.publishers()).hasSize(1);
        assertThat(plant.publishers().get(0).pattern().toString()).isEqualTo("acme/woodlands/packaging/#");
        ConnectorConfig capper = plant.connectors().get(1);
        TagMapping motor = capper.tags().stream().filter(t -> t.address().equals("input:0")).findFirst().orElseThrow();
        assertThat(motor.path()).isEqualTo(TagPath.of("acme/woodlands/packaging/line1/capper/motor-temperature"));
        assertThat(motor.scaling().toEngineering(235)).isEqualTo(23.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(motor.encoding()).isEqualTo("int16");
        assertThat(motor.wordOrder()).isEqualTo("big");
        assertThat(capper.intOption("unitId", 0)).isEqualTo(1);
        TagMapping run = capper.tags().stream().filter(t -> t.address().equals("coil:0")).findFirst().orElseThrow();
        assertThat(run.type()).isEqualTo(DataType.BOOLEAN);
        assertThat(run.encoding()).isEqualTo("bool");
    }

    @Test
    void aCompleteOpcUaConnector() {
        PlantFileParser.Result r = parse(HEAD + """
                connectors:
                  - name: filler
                    protocol: opcua
                    endpoint: opc.tcp://127.0.0.1:4840
                    security: {policy: Basic256Sha256, username: operator, password: secret}
                    tags:
                      - path: line1/filler/temperature
                        address: ns=2;s=Filler/Temperature
                        type: float
                        unit: degC
                        scale: {rawMin: 0, rawMax: 27648, min: 0, max: 100}
                        writable: true
                        min: 0
                        max: 95
                """);
        assertThat(r.problems()).isEmpty();
        ConnectorConfig c = r.plant().connectors().get(0);
        assertThat(c.security().mode()).isEqualTo("SignAndEncrypt");
        assertThat(c.security().toString()).doesNotContain("secret");
        TagMapping t = c.tags().get(0);
        assertThat(t.scaling().toEngineering(27648)).isEqualTo(100.0);
        assertThat(t.definition().writable()).isTrue();
        assertThat(t.definition().max()).isEqualTo(95.0);
    }

    @Test
    void duplicateTagPathIsRejectedNamingBothLines() {
        PlantFileParser.Result r = parse(HEAD + """
                connectors:
                  - name: a
                    protocol: opcua
                    endpoint: opc.tcp://127.0.0.1:4840
                    tags:
                      - {path: line1/x, address: "ns=2;s=X", type: float}
                  - name: b
                    protocol: opcua
                    endpoint: opc.tcp://127.0.0.1:4841
                    tags:
                      - {path: line1/x, address: "ns=2;s=Y", type: float}
                """);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).containsExactly(
                "test.yaml:12: connectors[1].tags[0]: tag path acme/woodlands/packaging/line1/x is already mapped on line 7 (connector a)");
    }

    @Test
    void unknownProtocolIsRejectedWithTheKnownOnes() {
        PlantFileParser.Result r = parse(HEAD + """
                connectors:
                  - name: a
                    protocol: profinet
                    endpoint: x
                    tags: []
                """);
        assertThat(r.problems()).containsExactly(
                "test.yaml:4: connectors[0].protocol: unknown protocol 'profinet'; use one of opcua, modbus-tcp, mqtt");
    }

    @Test
    void everyProblemOfAFileIsListedWithLineAndKey() {
        PlantFileParser.Result r = parse(HEAD + """
                connectors:
                  - name: Capper 1
                    protocol: modbus-tcp
                    endpoint: tcp://127.0.0.1:502
                    timing: {pollMilis: 100}
                    tags:
                      - {path: line1/a, address: "holding:70000", type: integer}
                      - {path: line1/b, address: "input:0", encoding: float32, writable: true}
                      - {path: line1/c, address: "coil:3", encoding: int16}
                      - {path: line1/d, address: "holding:4", encoding: int24}
                      - {path: "line1/e f", address: "holding:5", type: flot}
                      - {path: line1/g, address: "holding:6", scale: {factor: 0}}
                      - {path: line1/h, address: "holding:65535", encoding: uint32}
                      - {path: line1/i, address: "holding:7", encoding: uint16, type: boolean, deadband: 1}
                """);
        assertThat(r.plant()).isNull();
        assertThat(r.problems()).containsExactly(
                "test.yaml:3: connectors[0].name: 'Capper 1' is not a valid name: use lower-case letters, digits, '-' and '_' (at most 64)",
                "test.yaml:5: connectors[0].endpoint: 'tcp://127.0.0.1:502' is not a modbus-tcp endpoint; write modbus-tcp://host:port",
                "test.yaml:6: connectors[0].timing.pollMilis: unknown key (known here: pollMillis, publishingMillis, "
                        + "reconnectMaxMillis, reconnectMinMillis, requestTimeoutMillis, samplingMillis)",
                "test.yaml:8: connectors[0].tags[0].address: offset 70000 is above 65535",
                "test.yaml:9: connectors[0].tags[1].writable: input registers are read-only in Modbus; only holding registers and coils can be written",
                "test.yaml:10: connectors[0].tags[2].encoding: coils hold single bits: encoding must be bool (or left out)",
                "test.yaml:11: connectors[0].tags[3].encoding: unknown register encoding 'int24'; use int16, uint16, int32, uint32, float32 or float64",
                "test.yaml:11: connectors[0].tags[3]: type is required (boolean, integer, float or string)",
                "test.yaml:12: connectors[0].tags[4].path: Invalid tag path 'acme/woodlands/packaging/line1/e f': segment 5 ('e f') "
                        + "contains whitespace at position 2; allowed are letters, digits, '-', '_' and '.'",
                "test.yaml:12: connectors[0].tags[4].type: Unknown data type 'flot'; use boolean, integer, float or string",
                "test.yaml:13: connectors[0].tags[5].scale: a scale needs a finite, non-zero factor and a finite offset",
                "test.yaml:14: connectors[0].tags[6].address: uint32 at 65535 runs past register 65535",
                "test.yaml:15: connectors[0].tags[7].deadband: only numeric tags have a deadband");
    }

    @Test
    void mqttAndOpcUaAddressesAreChecked() {
        PlantFileParser.Result r = parse(HEAD + """
                connectors:
                  - name: devices
                    protocol: mqtt
                    endpoint: mqtt://127.0.0.1
                    options: {qos: 3, version: 4}
                    tags:
                      - {path: line1/ph, address: "devices/+/ph", jsonPointer: ph, type: float}
                  - name: filler
                    protocol: opcua
                    endpoint: opc.tcp://127.0.0.1:4840
                    security: {policy: Basic128, mode: None}
                    tags:
                      - {path: line1/t, address: "Filler.Temperature", type: float, encoding: int16}
                publishers:
                  - {name: devices, protocol: mqtt, endpoint: tcp://127.0.0.1:1883, root: "uns/#"}
                """);
        assertThat(r.problems()).containsExactly(
                "test.yaml:5: connectors[0].endpoint: 'mqtt://127.0.0.1' is not an MQTT broker address; write tcp://host:port or ssl://host:port",
                "test.yaml:6: connectors[0].options.qos: 3 is out of range 0..2",
                "test.yaml:6: connectors[0].options.version: MQTT version '4' is not supported; use 3.1.1 or 5",
                "test.yaml:8: connectors[0].tags[0].address: 'devices/+/ph': a tag's topic must be exact, without + or #",
                "test.yaml:8: connectors[0].tags[0].jsonPointer: 'ph' is not a JSON pointer; it starts with '/', e.g. /temperature",
                "test.yaml:12: connectors[1].security.policy: unknown security policy 'Basic128'; use one of None, Basic256Sha256, "
                        + "Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss",
                "test.yaml:14: connectors[1].tags[0].address: 'Filler.Temperature' is not an OPC UA NodeId; write e.g. "
                        + "ns=2;s=Filler/Temperature or ns=0;i=2258",
                "test.yaml:14: connectors[1].tags[0].encoding: is not a opcua setting",
                "test.yaml:16: publishers[0].root: 'uns/#' is not a topic prefix: no wildcards, no leading or trailing '/'",
                "test.yaml:16: publishers[0]: name 'devices' is already used on line 3 (connectors and publishers share one namespace)");
    }

    @Test
    void aPublisherBufferHasDefaultsAndTakesSizesDurationsAndAPolicy() {
        PlantFileParser.Result r = parse(HEAD + """
                publishers:
                  - {name: plain, protocol: mqtt, endpoint: tcp://127.0.0.1:1883}
                  - name: bounded
                    protocol: mqtt
                    endpoint: tcp://127.0.0.1:1883
                    buffer: {maxEntries: 5000, maxBytes: 64MB, maxAge: 2h, whenFull: drop-newest}
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.plant().publishers().get(0).buffer()).isEqualTo(BufferConfig.DEFAULTS);
        assertThat(r.plant().publishers().get(1).buffer()).isEqualTo(
                new BufferConfig(5000, 64L * 1024 * 1024, 7_200_000L, BufferConfig.WhenFull.DROP_NEWEST));
        assertThat(BufferConfig.DEFAULTS).isEqualTo(
                new BufferConfig(1_000_000, 512L * 1024 * 1024, 86_400_000L, BufferConfig.WhenFull.DROP_OLDEST));
    }

    @Test
    void badBufferSettingsAreReportedWithLineAndKey() {
        PlantFileParser.Result r = parse(HEAD + """
                publishers:
                  - name: uns
                    protocol: mqtt
                    endpoint: tcp://127.0.0.1:1883
                    buffer: {maxEntries: 0, maxBytes: 12 parsecs, maxAge: soon, whenFull: block, size: 3}
                """);
        assertThat(r.problems()).containsExactly(
                "test.yaml:6: publishers[0].buffer.size: unknown key (known here: maxAge, maxBytes, maxEntries, whenFull)",
                "test.yaml:6: publishers[0].buffer.maxEntries: 0 is out of range 1..1000000000",
                "test.yaml:6: publishers[0].buffer.maxBytes: '12 parsecs' is not a size; write e.g. 512MB, 2GB, 100000KB or a number of bytes",
                "test.yaml:6: publishers[0].buffer.maxAge: 'soon' is not a duration; write e.g. 24h, 7d, 30m, 90s or 500ms",
                "test.yaml:6: publishers[0].buffer.whenFull: 'block' is not a policy; use drop-oldest or drop-newest");
        assertThat(parse(HEAD + """
                publishers:
                  - {name: uns, protocol: mqtt, endpoint: tcp://127.0.0.1:1883, buffer: {maxBytes: 1000, maxAge: 10ms}}
                """).problems()).containsExactly(
                "test.yaml:3: publishers[0].buffer.maxBytes: '1000' is below the smallest buffer, 1MB",
                "test.yaml:3: publishers[0].buffer.maxAge: '10ms' is shorter than the shortest age kept, 1s");
    }

    @Test
    void brokenYamlAndEmptyFiles() {
        assertThat(parse("plant: {enterprise: acme\nconnectors: [").problems()).hasSize(1)
                .first().asString().startsWith("test.yaml:2: not valid YAML: ");
        assertThat(parse("").problems()).containsExactly(
                "test.yaml:1: the file is empty; it needs at least 'plant:' and 'connectors:'");
        assertThat(parse("plant: {enterprise: acme}\n").problems()).containsExactly(
                "test.yaml:1: plant: needs 'path: enterprise/site[/area]' or at least 'enterprise:' and 'site:'",
                "test.yaml:1: connectors: a plant needs at least one connector or publisher");
    }

    @Test
    void disabledConnectorsAreLeftOut() {
        PlantFileParser.Result r = parse(HEAD + """
                connectors:
                  - name: a
                    protocol: opcua
                    endpoint: opc.tcp://127.0.0.1:4840
                    enabled: false
                    tags:
                      - {path: line1/x, address: "ns=2;s=X", type: float}
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.plant().connectors()).isEmpty();
    }

    @Test
    void historySettingsComeFromThePlantAndEachTag() {
        PlantFileParser.Result r = parse(HEAD + """
                history: {compression: deadband, deadband: 0.2, retention: 7d}
                connectors:
                  - name: filler
                    protocol: opcua
                    endpoint: opc.tcp://127.0.0.1:4840
                    tags:
                      - {path: a/temperature, address: "ns=2;s=T", type: float}
                      - {path: a/pressure, address: "ns=2;s=P", type: float, history: {compression: swinging-door, deadband: 0.5, retention: 90d}}
                      - {path: a/running, address: "ns=2;s=R", type: boolean}
                      - {path: a/recipe, address: "ns=2;s=S", type: string, history: off}
                """);
        assertThat(r.problems()).isEmpty();
        org.plantwire.plant.PlantHistory h = r.plant().history();
        assertThat(h.defaults()).isEqualTo(new HistoryConfig(true, HistoryConfig.Compression.DEADBAND, 0.2, 7 * 86_400_000L));
        assertThat(h.forTag(TagPath.of("acme/woodlands/packaging/a/temperature"))).isEqualTo(h.defaults());
        assertThat(h.forTag(TagPath.of("acme/woodlands/packaging/a/pressure")))
                .isEqualTo(new HistoryConfig(true, HistoryConfig.Compression.SWINGING_DOOR, 0.5, 90 * 86_400_000L));
        // the plant's analogue deadband does not apply to a boolean
        assertThat(h.forTag(TagPath.of("acme/woodlands/packaging/a/running")))
                .isEqualTo(new HistoryConfig(true, HistoryConfig.Compression.DEADBAND, 0, 7 * 86_400_000L));
        assertThat(h.forTag(TagPath.of("acme/woodlands/packaging/a/recipe")).enabled()).isFalse();
        assertThat(h.forTag(TagPath.of("acme/woodlands/packaging/unknown"))).isNull();
    }

    @Test
    void badHistorySettingsNameTheFileLineAndKey() {
        PlantFileParser.Result r = parse(HEAD + """
                history: {retention: forever, compression: zip}
                connectors:
                  - name: filler
                    protocol: opcua
                    endpoint: opc.tcp://127.0.0.1:4840
                    tags:
                      - {path: a/t, address: "ns=2;s=T", type: float, history: {deadband: -1, retention: 10s}}
                      - {path: a/s, address: "ns=2;s=S", type: string, history: {deadband: 2}}
                      - {path: a/u, address: "ns=2;s=U", type: float, history: {compression: swinging-door, color: red}}
                """);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).containsExactly(
                "test.yaml:2: history.compression: 'zip' is not a compression; use none, deadband or swinging-door",
                "test.yaml:2: history.retention: 'forever' is not a duration; write e.g. 24h, 7d, 30m, 90s or 500ms",
                "test.yaml:8: connectors[0].tags[0].history.deadband: must not be negative",
                "test.yaml:8: connectors[0].tags[0].history.retention: '10s' is shorter than the shortest retention, 1m",
                "test.yaml:9: connectors[0].tags[1].history.deadband: only numeric tags have a history deadband; this tag is string",
                "test.yaml:10: connectors[0].tags[2].history.color: unknown key (known here: compression, deadband, enabled, retention)",
                "test.yaml:10: connectors[0].tags[2].history: swinging-door compression needs a deadband above 0 (the door's width)");
    }

    @Test
    void theDemoPlantsMesSection() throws IOException {
        Path file = Paths.get("../../etc/plants/woodlands.yaml");
        org.plantwire.plant.MesConfig mes = PlantFileParser.parse("woodlands", "woodlands.yaml",
                Files.newBufferedReader(file)).plant().mes();
        assertThat(mes.lines()).hasSize(1);
        org.plantwire.plant.MesConfig.Line line = mes.lines().get(0);
        assertThat(line.path()).isEqualTo(TagPath.of("acme/woodlands/packaging/line1"));
        assertThat(line.goodCount()).isEqualTo(TagPath.of("acme/woodlands/packaging/line1/filler/good-count"));
        assertThat(line.counterModulo()).isEqualTo(1L << 32);
        assertThat(line.setpoints()).containsKeys("temperature", "speed");
        assertThat(mes.products()).extracting(org.plantwire.plant.MesConfig.Product::id).containsExactly("water-500", "juice-1000");
        assertThat(mes.products().get(0).bom()).hasSize(3);
        assertThat(mes.faultReasons()).containsEntry(101, "infeed-jam");
        assertThat(mes.shifts()).hasSize(3);
        assertThat(mes.microStopMillis()).isEqualTo(2000);
    }

    private static final String MES_CONNECTOR = """
            connectors:
              - name: filler
                protocol: opcua
                endpoint: opc.tcp://127.0.0.1:4840
                tags:
                  - {path: l1/state, address: "ns=2;s=S", type: integer}
                  - {path: l1/good, address: "ns=2;s=G", type: integer}
                  - {path: l1/reject, address: "ns=2;s=R", type: integer}
                  - {path: l1/speed, address: "ns=2;s=V", type: float, writable: true, min: 0, max: 600}
                  - {path: l1/temp, address: "ns=2;s=T", type: float}
            """;

    @Test
    void mesBindingsAreCheckedAgainstTheMappedTags() {
        PlantFileParser.Result r = parse(HEAD + MES_CONNECTOR + """
                mes:
                  lines:
                    - name: l1
                      bindings:
                        state: l1/state
                        goodCount: l1/ghost
                        rejectCount: l1/speed
                        orderId: l1/temp
                        setpoints: {speed: l1/speed, temp: l1/temp}
                  products:
                    - {id: p1, idealCycleSeconds: {l1: 0, l9: 1}, recipe: {pressure: 3}, bom: [{material: m}]}
                  shifts:
                    - {name: s, start: "25:00", end: "06:00", breaks: [{start: "10:00", end: "09:00"}]}
                  faultReasons: {x: jam}
                """);
        assertThat(r.ok()).isFalse();
        assertThat(String.join("\n", r.problems()))
                .contains("tag acme/woodlands/packaging/l1/ghost is not mapped by a connector of this plant")
                .contains("tag acme/woodlands/packaging/l1/speed is float, expected integer")
                .contains("tag acme/woodlands/packaging/l1/temp must be writable")
                .contains("tag acme/woodlands/packaging/l1/temp is float, expected string")
                .contains("0.0 must be > 0")
                .contains("line 'l9' is not a line of mes.lines")
                .contains("line 'l1' has no setpoint 'pressure'")
                .contains("quantity: is required")
                .contains("'25:00' is not a time of day")
                .contains("a break must end after it starts")
                .contains("fault code 'x' is not a whole number");
    }

    @Test
    void aPlantWithoutMesSectionHasNone() {
        PlantFileParser.Result r = parse(HEAD + MES_CONNECTOR);
        assertThat(r.problems()).isEmpty();
        assertThat(r.plant().mes()).isEqualTo(org.plantwire.plant.MesConfig.NONE);
    }

    private static final String ALARM_TAGS = """
            connectors:
              - name: filler
                protocol: opcua
                endpoint: opc.tcp://127.0.0.1:4840
                tags:
                  - {path: l1/temperature, address: "ns=2;s=T", type: float}
                  - {path: l1/state, address: "ns=2;s=S", type: integer}
                  - {path: l1/fault, address: "ns=2;s=F", type: boolean}
                  - {path: l1/recipe, address: "ns=2;s=R", type: string}
            """;

    @Test
    void alarmsAreReadWithTheirDefaults() {
        PlantFileParser.Result r = parse(HEAD + ALARM_TAGS + """
                alarms:
                  - {tag: l1/temperature, kind: high, limit: 80, deadband: 1, onDelay: 2s, offDelay: 500ms, priority: 2,
                     message: hot, suppressWhen: {tag: l1/state, equals: 0}, maxShelve: 30m}
                  - {tag: l1/fault, kind: boolean}
                  - {tag: l1/state, kind: state, limit: 3}
                """);
        assertThat(r.problems()).isEmpty();
        java.util.List<org.plantwire.plant.AlarmConfig> alarms = r.plant().alarms().alarms();
        assertThat(alarms).hasSize(3);
        org.plantwire.plant.AlarmConfig hot = alarms.get(0);
        assertThat(hot.tag()).isEqualTo(TagPath.of("acme/woodlands/packaging/l1/temperature"));
        assertThat(hot).extracting(org.plantwire.plant.AlarmConfig::kind, org.plantwire.plant.AlarmConfig::limit,
                org.plantwire.plant.AlarmConfig::deadband, org.plantwire.plant.AlarmConfig::onDelayMillis,
                org.plantwire.plant.AlarmConfig::offDelayMillis, org.plantwire.plant.AlarmConfig::priority,
                org.plantwire.plant.AlarmConfig::message, org.plantwire.plant.AlarmConfig::suppressValue,
                org.plantwire.plant.AlarmConfig::maxShelveMillis)
                .containsExactly("high", 80.0, 1.0, 2_000L, 500L, 2, "hot", "0", 1_800_000L);
        assertThat(hot.suppressTag()).isEqualTo(TagPath.of("acme/woodlands/packaging/l1/state"));
        assertThat(alarms.get(1)).extracting(org.plantwire.plant.AlarmConfig::limit, org.plantwire.plant.AlarmConfig::priority,
                org.plantwire.plant.AlarmConfig::maxShelveMillis).containsExactly(1.0, 3, 8 * 3_600_000L);
    }

    @Test
    void badAlarmsNameTheFileLineAndKey() {
        PlantFileParser.Result r = parse(HEAD + ALARM_TAGS + """
                alarms:
                  - {tag: l1/nowhere, kind: high, limit: 1}
                  - {tag: l1/temperature, kind: scorching, limit: 1}
                  - {tag: l1/recipe, kind: high, limit: 1}
                  - {tag: l1/temperature, kind: boolean}
                  - {tag: l1/temperature, kind: low}
                  - {tag: l1/temperature, kind: high, limit: 1, deadband: -2, priority: 7, onDelay: soon}
                  - {tag: l1/temperature, kind: rate-of-change, limit: 0}
                  - {tag: l1/fault, kind: boolean, limit: 2, color: red}
                  - {tag: l1/state, kind: state, limit: 3}
                  - {tag: l1/state, kind: state, limit: 4}
                """);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).containsExactly(
                "test.yaml:12: alarms[0].tag: tag acme/woodlands/packaging/l1/nowhere is not mapped by a connector of this plant",
                "test.yaml:13: alarms[1].kind: 'scorching' is not an alarm kind; use high-high, high, low, low-low, boolean, state, rate-of-change",
                "test.yaml:14: alarms[2]: a high alarm needs a numeric tag; acme/woodlands/packaging/l1/recipe is string",
                "test.yaml:15: alarms[3]: a boolean alarm needs a boolean tag; acme/woodlands/packaging/l1/temperature is float",
                "test.yaml:16: alarms[4]: limit: is required",
                "test.yaml:17: alarms[5].deadband: must not be negative",
                "test.yaml:17: alarms[5].onDelay: 'soon' is not a duration; write e.g. 24h, 7d, 30m, 90s or 500ms",
                "test.yaml:17: alarms[5].priority: 7 is out of range 1..4",
                "test.yaml:18: alarms[6].limit: a rate-of-change limit (units per second) must be above 0",
                "test.yaml:19: alarms[7].color: unknown key (known here: deadband, kind, limit, maxShelve, message, offDelay, onDelay, priority, suppressWhen, tag)",
                "test.yaml:19: alarms[7].limit: a boolean alarm's limit is 1 (in alarm when true) or 0 (when false)",
                "test.yaml:21: alarms[9]: a state alarm on acme/woodlands/packaging/l1/state is defined already");
    }
}
