package org.plantwire.alarms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmDefinition;
import org.plantwire.alarms.AlarmKind;
import org.plantwire.alarms.AlarmState;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.testing.Await;
import org.plantwire.testing.Postgres;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The alarm journal on a real PostgreSQL server (a private one, {@link Postgres}) that is stopped while alarms come
 * and go: the events wait, and when the server is started again they are written in the order they happened, each
 * once. Read back with plain JDBC; a journal opened again on the database restores the alarms' states.
 */
class AlarmJournalPostgresTest {

    @TempDir
    Path dir;

    private static final TagPath LEVEL = TagPath.of("acme/pg/mixing/tank1/level");
    private static final AlarmDefinition HIGH_LEVEL = new AlarmDefinition("level:high", LEVEL, AlarmKind.HIGH, 90, 2, 0,
            0, 1, "tank overflowing", null, null, 3_600_000);

    private Postgres postgres;
    private PGSimpleDataSource ds;
    private final List<AlarmJournal> journals = new ArrayList<>();

    @BeforeEach
    void startPostgres() throws Exception {
        assumeFalse(Postgres.skipped(), Postgres.skipReason());
        postgres = Postgres.start();
        ds = new PGSimpleDataSource();
        ds.setURL(postgres.jdbcUrl());
    }

    @AfterEach
    void stopPostgres() throws Exception {
        journals.forEach(AlarmJournal::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    private AlarmJournal open() {
        AlarmJournal journal = new AlarmJournal(ds, dir.resolve("journal-waiting.mv.db"));
        journals.add(journal);
        return journal;
    }

    private static TagValue level(double v, long t) {
        return new TagValue(v, Quality.GOOD, t, t);
    }

    private List<String> journalRows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_type, state, user_name, event_time FROM alarm_journal ORDER BY id")) {
            long previous = 0;
            while (rs.next()) {
                long time = rs.getTimestamp(4).getTime();
                assertThat(time).as("written in the order they happened").isGreaterThanOrEqualTo(previous);
                previous = time;
                rows.add(rs.getString(1) + " " + rs.getString(2) + (rs.getString(3) == null ? "" : " " + rs.getString(3)));
            }
        }
        return rows;
    }

    @Test
    void eventsMadeWhilePostgresIsDownAreWrittenInOrderOnceWhenItReturns() throws Exception {
        AlarmJournal journal = open();
        AlarmEngine engine = new AlarmEngine(List.of(HIGH_LEVEL));
        long now = System.currentTimeMillis();
        journal.append(engine.onValue(LEVEL, level(95, now), now));
        journal.append(List.of(engine.acknowledge("level:high", "carla", "valve closed", now + 1)));
        Await.until("two events written", () -> journal.waitingCount() == 0);
        assertThat(journalRows()).hasSize(2);

        postgres.stop(); // the database goes away while the tank goes on
        journal.append(engine.onValue(LEVEL, level(80, now + 2), now + 2));
        journal.append(engine.onValue(LEVEL, level(97, now + 3), now + 3));
        journal.append(List.of(engine.shelve("level:high", "dan", 60_000, "sensor cleaning", now + 4)));
        Await.until("the journal says why it cannot write", () -> journal.problem() != null);
        assertThat(journal.waitingCount()).isEqualTo(3);
        assertThat(journal.recent(3, "level:high")).as("queries see the waiting events, newest first")
                .extracting(e -> e.type().label()).containsExactly("shelved", "activated", "returned");

        postgres.startAgain(); // it returns
        Await.until("the waiting events written", () -> journal.waitingCount() == 0);
        assertThat(journal.problem()).isNull();
        assertThat(journal.dropped()).isZero();
        assertThat(journalRows()).containsExactly("activated active-unacknowledged", "acknowledged active-acknowledged carla",
                "returned normal", "activated active-unacknowledged", "shelved active-unacknowledged dan");

        // a restarted server: the schema is not migrated again and the alarm comes back as it was
        journal.close();
        AlarmJournal again = open();
        Alarm restored = again.lastStates(Map.of("level:high", HIGH_LEVEL), now + 5).get("level:high");
        assertThat(restored.state()).isEqualTo(AlarmState.UNACK_ACTIVE);
        assertThat(restored.shelvedBy()).isEqualTo("dan");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM plantwire_schema_version WHERE component = 'alarms'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
