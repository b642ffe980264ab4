package org.plantwire.alarms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.access.Actor;
import org.plantwire.access.AuditEntry;
import org.plantwire.access.AuditTrail;
import org.plantwire.access.Role;
import org.plantwire.alarms.AlarmState;
import org.plantwire.api.TagPath;
import org.plantwire.testing.Await;
import org.plantwire.api.TagValue;
import org.plantwire.plant.AlarmConfig;
import org.plantwire.plant.PlantAlarms;
import org.plantwire.tagbus.internal.TagBusImpl;

/**
 * The alarm service on a real tag bus and a real H2 database that is away when the service starts again: the alarms
 * begin from normal, and take up the states the journal records (here a shelving) once the database is back.
 */
class AlarmServiceRestoreTest {

    private static final TagPath LEVEL = TagPath.of("acme/site/tank1/level");
    private static final String ALARM = LEVEL + ":high";
    private static final Actor OPERATOR = new Actor("otto", Role.OPERATOR, "test");

    @TempDir
    Path dir;

    private final TagBusImpl bus = new TagBusImpl();
    private final List<AuditEntry> audited = new ArrayList<>();
    private final AuditTrail audit = new AuditTrail() {
        @Override
        public synchronized void record(AuditEntry entry) {
            audited.add(entry);
        }

        @Override
        public synchronized List<AuditEntry> recent(int limit, String filter) {
            return List.copyOf(audited);
        }
    };
    private final List<AlarmServiceImpl> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(AlarmServiceImpl::deactivate);
    }

    private AlarmServiceImpl start(javax.sql.DataSource ds) {
        AlarmServiceImpl service = new AlarmServiceImpl(bus, audit, ds, dir.resolve("journal-waiting.mv.db"));
        services.add(service);
        service.addPlant(new PlantAlarms("tanks", List.of(new AlarmConfig(LEVEL, "high", 80, 1, 0, 0, 2, "tank high",
                null, null, 3_600_000, 1)), "tanks.yaml"));
        return service;
    }


    @Test
    void aServiceStartedWithoutItsDatabaseTakesUpTheJournalsStatesWhenItReturns() throws Exception {
        boolean[] down = {false};
        javax.sql.DataSource ds = AlarmJournalTest.flaky(AlarmJournalTest.database("restore"), down);
        AlarmServiceImpl first = start(ds);
        bus.publish(LEVEL, TagValue.good(85.0));
        Await.until("active", () -> first.alarm(ALARM).get().state() == AlarmState.UNACK_ACTIVE);
        first.shelve(ALARM, OPERATOR, Duration.ofMinutes(30), "sensor swap");
        first.deactivate();
        services.remove(first);

        down[0] = true; // the server starts again while its database is away
        AlarmServiceImpl second = start(ds);
        assertThat(second.journalProblem()).isPresent();
        assertThat(second.alarm(ALARM).get().shelvedUntil()).as("from normal: not shelved").isZero();

        down[0] = false;
        Await.until("the shelving taken up from the journal", () -> second.alarm(ALARM).get().shelvedUntil() > 0);
        assertThat(second.alarm(ALARM).get().shelveReason()).isEqualTo("sensor swap");
        assertThat(second.alarm(ALARM).get().shelvedBy()).isEqualTo("otto");
        assertThat(second.journalProblem()).isEmpty();
    }
}
