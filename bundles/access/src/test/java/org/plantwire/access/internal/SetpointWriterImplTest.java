package org.plantwire.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.access.Actor;
import org.plantwire.access.AuditEntry;
import org.plantwire.access.Role;
import org.plantwire.access.WriteOutcome;
import org.plantwire.access.WriteOutcome.Result;
import org.plantwire.api.DataType;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.TagOwner;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.tagbus.internal.TagBusImpl;

/**
 * Role checks, the bus's own checks, read-back and the audit trail, on the real tag bus with a device that takes
 * writes: it echoes a written speed back as the tag's new value (as a PLC read back would), keeps quiet about a
 * written temperature (write-only), and refuses a mode of "manual".
 */
class SetpointWriterImplTest {

    private static final TagPath SPEED = TagPath.of("acme/site/line1/filler/setpoints/speed");
    private static final TagPath TEMP = TagPath.of("acme/site/line1/filler/setpoints/temperature");
    private static final TagPath MODE = TagPath.of("acme/site/line1/filler/mode");
    private static final TagPath STATE = TagPath.of("acme/site/line1/filler/state");

    @TempDir
    Path dir;

    private final TagBusImpl bus = new TagBusImpl();
    private AuditStore audit;
    private SetpointWriterImpl writer;

    @BeforeEach
    void setUp() throws Exception {
        audit = new AuditStore(dir.resolve("audit.jsonl"), 100);
        writer = new SetpointWriterImpl(bus, audit, config(new String[] {"acme/nowhere/#, acme/+/line1/+/setpoints/#"}, 300));
        bus.registerOwner(new Device());
        bus.publish(SPEED, TagValue.good(100.0));
        bus.publish(TEMP, TagValue.good(70.0));
        bus.publish(MODE, TagValue.good("auto"));
        bus.publish(STATE, TagValue.good(2L));
    }

    @AfterEach
    void tearDown() throws Exception {
        writer.deactivate();
        audit.close();
        bus.close();
    }

    private WriteOutcome write(Actor actor, TagPath path, Object value) throws Exception {
        return writer.write(actor, path, value).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Actor as(Role role) {
        return new Actor(role == null ? "nobody" : role.roleName() + "1", role, "test");
    }

    @Test
    void operatorWritesOperatorWritableTagsAndIsConfirmedByReadBack() throws Exception {
        WriteOutcome o = write(as(Role.OPERATOR), SPEED, "250");
        assertThat(o.result()).isEqualTo(Result.CONFIRMED);
        assertThat(o.oldValue()).isEqualTo(100.0);
        assertThat(o.newValue()).isEqualTo(250.0);
        assertThat(o.connector()).isEqualTo("filler");
        AuditEntry e = audit.recent(1, null).get(0);
        assertThat(e).extracting(AuditEntry::user, AuditEntry::role, AuditEntry::source, AuditEntry::action,
                AuditEntry::target, AuditEntry::oldValue, AuditEntry::newValue, AuditEntry::result)
                .containsExactly("operator1", "operator", "test", "write", SPEED.toString(), "100.0", "250.0", "confirmed");
    }

    @Test
    void rolesBelowTheTagsAreRefusedAndAudited() throws Exception {
        assertThat(write(as(Role.VIEWER), SPEED, 250).result()).isEqualTo(Result.REFUSED);
        assertThat(write(as(null), SPEED, 250).message()).contains("takes the operator role, nobody has none");
        WriteOutcome o = write(as(Role.OPERATOR), MODE, "semi");
        assertThat(o.result()).isEqualTo(Result.REFUSED);
        assertThat(o.message()).isEqualTo("operator1 may not write " + MODE + ": it takes the engineer role, operator1 has the operator role");
        assertThat(bus.read(SPEED).orElseThrow().value()).isEqualTo(100.0);
        assertThat(bus.read(MODE).orElseThrow().value()).isEqualTo("auto");
        assertThat(audit.recent(10, "refused")).hasSize(3);
        assertThat(writer.roleToWrite(SPEED)).isEqualTo(Role.OPERATOR);
        assertThat(writer.roleToWrite(MODE)).isEqualTo(Role.ENGINEER);
    }

    @Test
    void theBussChecksRefuseEvenAnAdmin() throws Exception {
        Actor admin = as(Role.ADMIN);
        assertThat(write(admin, SPEED, 900).message()).contains("900");  // above the limit of 600
        assertThat(write(admin, SPEED, "fast").result()).isEqualTo(Result.REFUSED);
        assertThat(write(admin, STATE, 3).message()).contains("read-only");
        assertThat(write(admin, TagPath.of("acme/site/nowhere"), 1).result()).isEqualTo(Result.REFUSED);
        assertThat(audit.recent(10, null)).extracting(AuditEntry::result).containsOnly("refused").hasSize(4);
    }

    @Test
    void deviceRefusalIsFailedAndWriteOnlyTagIsUnconfirmed() throws Exception {
        WriteOutcome failed = write(as(Role.ENGINEER), MODE, "manual");
        assertThat(failed.result()).isEqualTo(Result.FAILED);
        assertThat(failed.message()).isEqualTo("manual mode is locked out");
        WriteOutcome unconfirmed = write(as(Role.ENGINEER), TEMP, 80);
        assertThat(unconfirmed.result()).isEqualTo(Result.UNCONFIRMED);
        assertThat(unconfirmed.written()).isTrue();
        assertThat(unconfirmed.message()).contains("read back 70.0");
        assertThat(audit.recent(10, null)).extracting(AuditEntry::result).containsExactly("unconfirmed", "failed");
    }

    @Test
    void theTrailSurvivesARestart() throws Exception {
        write(as(Role.OPERATOR), SPEED, 300);
        write(as(Role.VIEWER), SPEED, 310);
        audit.close();
        AuditStore again = new AuditStore(dir.resolve("audit.jsonl"), 100);
        List<AuditEntry> entries = again.recent(10, null);
        assertThat(entries).extracting(AuditEntry::user, AuditEntry::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("viewer1", "refused"),
                        org.assertj.core.groups.Tuple.tuple("operator1", "confirmed"));
        assertThat(again.recent(10, "viewer")).hasSize(1);
        again.close();
    }

    @Test
    void floatsReadBackWithinTheirPrecision() {
        assertThat(SetpointWriterImpl.same(72.3, (double) 72.3f)).isTrue();
        assertThat(SetpointWriterImpl.same(72.3, 72.4)).isFalse();
        assertThat(SetpointWriterImpl.same(5L, 5.0)).isTrue();
        assertThat(SetpointWriterImpl.same("a", "a")).isTrue();
    }

    /** The filler's PLC. */
    private final class Device implements TagOwner {
        @Override
        public String name() {
            return "filler";
        }

        @Override
        public String protocol() {
            return "test";
        }

        @Override
        public String endpoint() {
            return "memory";
        }

        @Override
        public boolean owns(TagPath path) {
            return path.toString().startsWith("acme/site/line1/filler/");
        }

        @Override
        public TagDefinition definition(TagPath path) {
            if (path.equals(SPEED)) {
                return TagDefinition.writable(path, DataType.FLOAT, "bpm").withLimits(0.0, 600.0);
            } else if (path.equals(TEMP)) {
                return TagDefinition.writable(path, DataType.FLOAT, "degC");
            } else if (path.equals(MODE)) {
                return TagDefinition.writable(path, DataType.STRING, "");
            }
            return TagDefinition.readOnly(path, DataType.INTEGER, "");
        }

        @Override
        public CompletionStage<WriteResult> write(WriteRequest request) {
            if ("manual".equals(request.value())) {
                return CompletableFuture.completedFuture(WriteResult.failed(request.path(), request.value(), "manual mode is locked out"));
            }
            if (request.path().equals(SPEED)) {
                bus.publish(SPEED, TagValue.good(request.value()));
            }
            return CompletableFuture.completedFuture(WriteResult.ok(request.path(), request.value(), "accepted"));
        }

        @Override
        public ConnectorStatus status() {
            return ConnectorStatus.of(ConnectorState.CONNECTED);
        }
    }

    private static AccessConfig config(String[] operatorWritable, long readBackMillis) {
        return new AccessConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AccessConfig.class;
            }

            @Override
            public String[] operatorWritable() {
                return operatorWritable;
            }

            @Override
            public long readBackMillis() {
                return readBackMillis;
            }
        };
    }
}
