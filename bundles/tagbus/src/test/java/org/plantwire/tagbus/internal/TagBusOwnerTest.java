package org.plantwire.tagbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.DataType;
import org.plantwire.api.Quality;
import org.plantwire.api.Registration;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagEvent;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagNotWritableException;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.api.TagValueException;
import org.plantwire.api.UnknownTagException;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.WriteRequest;

class TagBusOwnerTest {

    private static final TagPath SETPOINT = TagPath.of("acme/site1/line1/oven/setpoint");
    private static final TagPath TEMP = TagPath.of("acme/site1/line1/oven/temperature");
    private static final TagPath COUNT = TagPath.of("acme/site1/line1/oven/count");
    private static final TagPath LEVEL = TagPath.of("acme/site1/line1/oven/level");

    private final TagBusImpl bus = new TagBusImpl(TagBusSettings.defaults().withWriteTimeoutMillis(300));

    private final TestOwner oven = new TestOwner("line1-oven-opcua", "acme/site1/line1/oven/#",
            TagDefinition.writable(SETPOINT, DataType.FLOAT, "degC").withLimits(0.0, 250.0),
            TagDefinition.readOnly(TEMP, DataType.FLOAT, "degC"),
            TagDefinition.writable(LEVEL, DataType.FLOAT, "%"));

    @AfterEach
    void close() {
        bus.close();
    }

    private static WriteResult result(CompletionStage<WriteResult> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void replacingAnOwnerMovesItsTagsInOneStepWithoutUncertainValues() throws Exception {
        Registration old = bus.registerOwner(oven);
        TestOwner other = new TestOwner("line1-all", "acme/site1/line1/#");
        bus.registerOwner(other); // registered later: the oven keeps precedence, also after the replacement
        bus.publish(TEMP, TagValue.good(80.5));
        Recorder events = new Recorder();
        bus.subscribe(TagPattern.of("acme/#"), events, "test", 0, false);

        TestOwner ovenV2 = new TestOwner("line1-oven-opcua", "acme/site1/line1/oven/#",
                TagDefinition.writable(SETPOINT, DataType.FLOAT, "degC").withLimits(0.0, 250.0),
                TagDefinition.readOnly(TEMP, DataType.FLOAT, "degC"));
        Registration v2 = bus.replaceOwner(ovenV2);

        assertThat(bus.read(TEMP).orElseThrow().quality()).isEqualTo(Quality.GOOD);
        assertThat(bus.info(TEMP).orElseThrow().owner()).isEqualTo("line1-oven-opcua");
        assertThat(bus.connectors()).extracting(ConnectorSummary::name).containsExactly("line1-all", "line1-oven-opcua");
        assertThat(result(bus.write(SETPOINT, 100.0, "test")).success()).isTrue();
        assertThat(ovenV2.writes).hasSize(1);
        assertThat(oven.writes).isEmpty();
        assertThat(bus.info(LEVEL).orElseThrow().owner()).isEqualTo("line1-oven-opcua"); // claimed by pattern

        old.close(); // the displaced registration owns nothing: closing it changes nothing
        assertThat(bus.read(TEMP).orElseThrow().quality()).isEqualTo(Quality.GOOD);
        assertThat(bus.info(TEMP).orElseThrow().owner()).isEqualTo("line1-oven-opcua");
        Thread.sleep(100);
        assertThat(events.events()).isEmpty();

        v2.close();
        assertThat(bus.read(TEMP).orElseThrow().quality()).isEqualTo(Quality.UNCERTAIN_LAST_KNOWN);
        assertThat(bus.info(TEMP).orElseThrow().owner()).isEqualTo("line1-all");
    }

    @Test
    void replaceWithNoLiveOwnerRegisters() {
        bus.replaceOwner(oven);
        assertThat(bus.info(SETPOINT).orElseThrow().owner()).isEqualTo("line1-oven-opcua");
        assertThatThrownBy(() -> bus.registerOwner(new TestOwner("line1-oven-opcua", "x/#")))
                .hasMessageContaining("registered already");
    }

    @Test
    void ownerDefinesTagsAndOwnsWhatItClaims() {
        bus.publish(COUNT, 5L); // before the owner: claimed once it registers
        bus.publish(TagPath.of("acme/site1/line2/x/y"), 1);
        bus.registerOwner(oven);

        TagInfo sp = bus.info(SETPOINT).orElseThrow();
        assertThat(sp.value()).isNull(); // defined, no value yet
        assertThat(sp.owner()).isEqualTo("line1-oven-opcua");
        assertThat(sp.definition().unit()).isEqualTo("degC");
        assertThat(sp.type()).isEqualTo(DataType.FLOAT);
        assertThat(bus.read(SETPOINT)).isEmpty();
        assertThat(bus.info(COUNT).orElseThrow().owner()).isEqualTo("line1-oven-opcua");
        assertThat(bus.info(TagPath.of("acme/site1/line2/x/y")).orElseThrow().owner()).isNull();
        assertThat(bus.tags(TagPattern.of("acme/site1/line1/oven/#"))).extracting(TagInfo::path)
                .containsExactly(COUNT, LEVEL, SETPOINT, TEMP);

        TestOwner b = new TestOwner("b-modbus", "acme/site2/#");
        b.status = new ConnectorStatus(ConnectorState.DISCONNECTED, 10, 2, "connection refused", 1234);
        bus.registerOwner(b);
        assertThat(bus.connectors()).extracting(ConnectorSummary::name).containsExactly("b-modbus", "line1-oven-opcua");
        ConnectorSummary first = bus.connectors().get(0);
        assertThat(first.tags()).isZero();
        assertThat(first.status().lastError()).isEqualTo("connection refused");
        assertThat(first.protocol()).isEqualTo("test");
        assertThat(first.endpoint()).isEqualTo("test://b-modbus");
        assertThat(bus.connectors().get(1).tags()).isEqualTo(4);
    }

    @Test
    void duplicateOwnerNameIsRefused() {
        bus.registerOwner(oven);
        assertThatThrownBy(() -> bus.registerOwner(new TestOwner("line1-oven-opcua", "acme/#")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A connector named 'line1-oven-opcua' is registered already");
        assertThat(bus.connectors()).hasSize(1);
    }

    @Test
    void writeIsConvertedAndRoutedToTheOwner() throws Exception {
        bus.registerOwner(oven);
        bus.publish(SETPOINT, 180.0);
        WriteResult r = result(bus.write(SETPOINT, "200", "shell:karaf"));
        assertThat(r.success()).isTrue();
        assertThat(r.connector()).isEqualTo("line1-oven-opcua");
        assertThat(r.message()).isEqualTo("done");
        assertThat(r.durationMillis()).isGreaterThanOrEqualTo(0);
        WriteRequest req = oven.writes.get(0);
        assertThat(req.path()).isEqualTo(SETPOINT);
        assertThat(req.value()).isEqualTo(200.0); // converted to the tag's type
        assertThat(req.current().value()).isEqualTo(180.0);
        assertThat(req.source()).isEqualTo("shell:karaf");
    }

    @Test
    void withoutDefinitionTheCurrentValueGivesTheType() throws Exception {
        bus.registerOwner(oven);
        bus.publish(COUNT, 5L);
        assertThat(result(bus.write(COUNT, "7", "mes")).success()).isTrue();
        assertThat(oven.writes.get(0).value()).isEqualTo(7L);
        assertThatThrownBy(() -> bus.write(COUNT, "7.5", "mes")).isInstanceOf(TagValueException.class)
                .hasMessage("Tag " + COUNT + " is of type integer: '7.5' is not an integer (it has a fractional part)");
        assertThat(oven.writes).hasSize(1);

        // neither definition nor value: passed through as given
        TagPath free = TagPath.of("acme/site1/line1/oven/free");
        oven.definitions.put(free, TagDefinition.writable(free, DataType.STRING, ""));
        oven.definitions.remove(free);
        bus.publish(free, TagValue.of(null, Quality.BAD_NOT_CONNECTED));
        assertThat(result(bus.write(free, 3, "mes")).success()).isTrue();
        assertThat(oven.writes.get(1).value()).isEqualTo(3);
    }

    @Test
    void unknownTagIsReportedOnReadAndWrite() {
        bus.registerOwner(oven);
        TagPath unknown = TagPath.of("acme/site1/line1/oven/nothing");
        assertThat(bus.read(unknown)).isEmpty();
        assertThat(bus.info(unknown)).isEmpty();
        assertThatThrownBy(() -> bus.write(unknown, 1, "shell:karaf")).isInstanceOf(UnknownTagException.class)
                .hasMessageContaining("Unknown tag " + unknown);
        assertThat(oven.writes).isEmpty();
    }

    @Test
    void unownedTagIsNotWritable() {
        TagPath orphan = TagPath.of("acme/site9/x/y");
        bus.publish(orphan, 1.0);
        assertThatThrownBy(() -> bus.write(orphan, 2.0, "mes")).isInstanceOf(TagNotWritableException.class)
                .hasMessage("Tag acme/site9/x/y is not writable: no connector owns it");
    }

    @Test
    void readOnlyTagIsNotWritable() {
        bus.registerOwner(oven);
        bus.publish(TEMP, 20.0);
        assertThatThrownBy(() -> bus.write(TEMP, 25.0, "mes")).isInstanceOf(TagNotWritableException.class)
                .hasMessageContaining("read-only").hasMessageContaining("line1-oven-opcua");
        assertThat(oven.writes).isEmpty();
    }

    @Test
    void wrongTypeAndOutOfLimitsAreRefusedBeforeTheOwner() {
        bus.registerOwner(oven);
        assertThatThrownBy(() -> bus.write(SETPOINT, "abc", "mes")).isInstanceOf(TagValueException.class)
                .hasMessage("Tag " + SETPOINT + " is of type float: 'abc' is not a float");
        assertThatThrownBy(() -> bus.write(SETPOINT, 300, "mes")).isInstanceOf(TagValueException.class)
                .hasMessage("Tag " + SETPOINT + ": 300.0 is above the maximum 250 degC");
        assertThatThrownBy(() -> bus.write(SETPOINT, null, "mes")).isInstanceOf(TagValueException.class)
                .hasMessageContaining("a value is required");
        assertThat(oven.writes).isEmpty();
    }

    @Test
    void ownerThatFailsGivesAFailedResultAndTheBusStaysHealthy() throws Exception {
        bus.registerOwner(oven);
        Recorder rec = new Recorder();
        bus.subscribe(TagPattern.all(), rec, "rec", 100, false);

        oven.answer = r -> {
            throw new IllegalStateException("PLC refused: write protected");
        };
        WriteResult thrown = result(bus.write(SETPOINT, 100, "mes"));
        assertThat(thrown.success()).isFalse();
        assertThat(thrown.message()).isEqualTo("PLC refused: write protected");
        assertThat(thrown.connector()).isEqualTo("line1-oven-opcua");
        assertThat(thrown.value()).isEqualTo(100.0);

        oven.answer = r -> CompletableFuture.failedFuture(new IOException("Bad_NodeIdUnknown"));
        WriteResult failed = result(bus.write(SETPOINT, 100, "mes"));
        assertThat(failed.success()).isFalse();
        assertThat(failed.message()).isEqualTo("Bad_NodeIdUnknown");

        oven.answer = r -> CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException("async trouble");
        });
        WriteResult async = result(bus.write(SETPOINT, 100, "mes"));
        assertThat(async.message()).isEqualTo("async trouble"); // CompletionException unwrapped

        oven.answer = r -> null;
        assertThat(result(bus.write(SETPOINT, 100, "mes")).message()).contains("gave no answer");

        oven.answer = r -> CompletableFuture.completedFuture(WriteResult.failed(r.path(), r.value(), "Bad_OutOfRange"));
        WriteResult refused = result(bus.write(SETPOINT, 100, "mes"));
        assertThat(refused.success()).isFalse();
        assertThat(refused.message()).isEqualTo("Bad_OutOfRange");
        assertThat(refused.connector()).isEqualTo("line1-oven-opcua");

        bus.publish(SETPOINT, 1.0);
        assertThat(rec.awaitSize(1).values()).containsExactly(1.0);
    }

    @Test
    void ownerThatNeverAnswersTimesOut() throws Exception {
        bus.registerOwner(oven);
        oven.answer = r -> new CompletableFuture<>();
        WriteResult r = result(bus.write(SETPOINT, 100, "mes"));
        assertThat(r.success()).isFalse();
        assertThat(r.message()).isEqualTo("no answer from connector line1-oven-opcua within 300 ms");
        assertThat(r.connector()).isEqualTo("line1-oven-opcua");
        assertThat(r.durationMillis()).isGreaterThanOrEqualTo(250);
    }

    @Test
    void pendingWritesFailWhenTheBusStops() throws Exception {
        TagBusImpl other = new TagBusImpl(TagBusSettings.defaults());
        other.registerOwner(oven);
        oven.answer = r -> new CompletableFuture<>();
        CompletionStage<WriteResult> pending = other.write(SETPOINT, 1, "mes");
        other.close();
        assertThat(result(pending).message()).contains("the tag bus stopped");
    }

    @Test
    void ownerThatThrowsEverywhereDoesNotBreakTheBus() throws Exception {
        TestOwner broken = new TestOwner("broken", "acme/#") {
            @Override
            public boolean owns(TagPath path) {
                throw new IllegalStateException("owns broke");
            }

            @Override
            public ConnectorStatus status() {
                throw new IllegalStateException("status broke");
            }

            @Override
            public Iterable<TagDefinition> definitions() {
                throw new IllegalStateException("definitions broke");
            }
        };
        bus.registerOwner(broken);
        bus.publish(COUNT, 1L);
        assertThat(bus.info(COUNT).orElseThrow().owner()).isNull();
        ConnectorSummary s = bus.connectors().get(0);
        assertThat(s.status().state()).isEqualTo(ConnectorState.FAILED);
        assertThat(s.status().lastError()).contains("status broke");
        assertThatThrownBy(() -> bus.write(COUNT, 2L, "mes")).isInstanceOf(TagNotWritableException.class);
    }

    @Test
    void whenTheOwnerGoesAwayItsTagsTurnUncertainLastKnown() throws Exception {
        Registration reg = bus.registerOwner(oven);
        bus.publish(SETPOINT, 180.0);
        bus.publish(COUNT, TagValue.good(42L, 1000L));
        TagPath other = TagPath.of("acme/site1/line2/x/y");
        bus.publish(other, 7);
        Recorder rec = new Recorder();
        bus.subscribe(TagPattern.all(), rec, "watcher", 100, false);

        reg.close();
        reg.close(); // idempotent

        rec.awaitSize(2);
        assertThat(rec.paths()).containsExactlyInAnyOrder(SETPOINT.toString(), COUNT.toString());
        for (TagEvent e : rec.events()) {
            assertThat(e.value().quality()).isEqualTo(Quality.UNCERTAIN_LAST_KNOWN);
        }
        TagValue count = bus.read(COUNT).orElseThrow();
        assertThat(count.value()).isEqualTo(42L);
        assertThat(count.quality()).isEqualTo(Quality.UNCERTAIN_LAST_KNOWN);
        assertThat(count.sourceTime()).isEqualTo(1000L);
        assertThat(bus.read(other).orElseThrow().quality()).isEqualTo(Quality.GOOD);

        // owner cleared; tags without a value just lose it
        assertThat(bus.info(COUNT).orElseThrow().owner()).isNull();
        assertThat(bus.info(LEVEL).orElseThrow().owner()).isNull();
        assertThat(bus.read(LEVEL)).isEmpty();
        assertThat(bus.connectors()).isEmpty();
        assertThatThrownBy(() -> bus.write(SETPOINT, 1, "mes")).isInstanceOf(TagNotWritableException.class)
                .hasMessageContaining("no connector owns it");

        // the upgraded connector takes them back
        TestOwner upgraded = new TestOwner("line1-oven-opcua", "acme/site1/line1/oven/#");
        bus.registerOwner(upgraded);
        assertThat(bus.info(COUNT).orElseThrow().owner()).isEqualTo("line1-oven-opcua");
        assertThat(result(bus.write(COUNT, 1, "mes")).success()).isTrue();
        assertThat(upgraded.writes).hasSize(1);
    }

    @Test
    void earlierRegisteredOwnerWinsAConflict() throws Exception {
        TestOwner first = new TestOwner("first", "acme/site1/#");
        TestOwner second = new TestOwner("second", "acme/site1/line1/#");
        Registration r1 = bus.registerOwner(first);
        bus.registerOwner(second);
        bus.publish(COUNT, 1L);
        assertThat(bus.info(COUNT).orElseThrow().owner()).isEqualTo("first");
        result(bus.write(COUNT, 2, "mes"));
        assertThat(first.writes).hasSize(1);
        assertThat(second.writes).isEmpty();
        assertThat(bus.connectors()).extracting(ConnectorSummary::tags).containsExactly(1, 0);

        r1.close();
        assertThat(bus.info(COUNT).orElseThrow().owner()).isEqualTo("second");
        assertThat(bus.read(COUNT).orElseThrow().quality()).isEqualTo(Quality.UNCERTAIN_LAST_KNOWN);
        result(bus.write(COUNT, 3, "mes"));
        assertThat(second.writes).hasSize(1);
    }
}
