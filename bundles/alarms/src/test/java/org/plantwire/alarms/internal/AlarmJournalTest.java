package org.plantwire.alarms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmDefinition;
import org.plantwire.alarms.AlarmEvent;
import org.plantwire.alarms.AlarmKind;
import org.plantwire.alarms.AlarmState;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/**
 * The journal in a real (in-memory H2) database, and an alarm engine restarted from it: an alarm active and
 * unacknowledged when the server stopped is still waiting for its acknowledgement after the restart, and returns as
 * returned-unacknowledged when its value has gone back; an acknowledgement and a shelving survive the restart.
 */
class AlarmJournalTest {

    @TempDir
    Path dir;

    private AlarmJournal journal(javax.sql.DataSource ds) {
        return new AlarmJournal(ds, dir.resolve("journal-waiting.mv.db"));
    }

    private static final TagPath TEMP = TagPath.of("acme/site/line1/filler/temperature");
    private static final TagPath PRESSURE = TagPath.of("acme/site/line1/filler/pressure");
    private static final long HOUR = 3_600_000;

    static JdbcDataSource database(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static List<AlarmDefinition> definitions() {
        return List.of(new AlarmDefinition("t:high", TEMP, AlarmKind.HIGH, 80, 1, 0, 0, 2, "hot", null, null, HOUR),
                new AlarmDefinition("p:high", PRESSURE, AlarmKind.HIGH, 5, 0, 0, 0, 3, "pressure", null, null, HOUR));
    }

    private static TagValue good(double v, long t) {
        return new TagValue(v, Quality.GOOD, t, t);
    }

    private static void awaitWritten(AlarmJournal journal) throws InterruptedException {
        long end = System.currentTimeMillis() + 5_000;
        while (journal.waitingCount() > 0 && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(journal.waitingCount()).isZero();
    }

    @Test
    void statesSurviveARestart() throws Exception {
        JdbcDataSource ds = database("restart");
        long now = System.currentTimeMillis();
        AlarmJournal journal = journal(ds);
        AlarmEngine engine = new AlarmEngine(definitions());
        journal.append(engine.onValue(TEMP, good(85, now), now));
        journal.append(engine.onValue(PRESSURE, good(6, now), now));
        journal.append(List.of(engine.acknowledge("p:high", "otto", "valve checked", now + 1)));
        journal.append(List.of(engine.shelve("p:high", "otto", 60_000, "sensor swap", now + 2)));
        awaitWritten(journal);
        journal.close();

        // restarted: a new journal on the same database, a new engine restored from it
        AlarmJournal again = journal(ds);
        Map<String, Alarm> last = again.lastStates(Map.of("t:high", definitions().get(0), "p:high", definitions().get(1)),
                now + 3);
        AlarmEngine restarted = new AlarmEngine(definitions());
        last.values().forEach(restarted::restore);
        assertThat(restarted.alarm("t:high").state()).isEqualTo(AlarmState.UNACK_ACTIVE);
        assertThat(restarted.alarm("t:high").activeSince()).isEqualTo(now);
        Alarm p = restarted.alarm("p:high");
        assertThat(p.state()).isEqualTo(AlarmState.ACK_ACTIVE);
        assertThat(p.ackedBy()).isEqualTo("otto");
        assertThat(p.ackComment()).isEqualTo("valve checked");
        assertThat(p.shelvedUntil()).isEqualTo(now + 2 + 60_000);
        assertThat(p.shelveReason()).isEqualTo("sensor swap");

        // the temperature went back while the server was down: the alarm returns and still wants its acknowledgement
        List<AlarmEvent> events = restarted.onValue(TEMP, good(70, now + 10), now + 10);
        assertThat(events).extracting(AlarmEvent::type).containsExactly(AlarmEvent.Type.RETURNED);
        assertThat(restarted.alarm("t:high").state()).isEqualTo(AlarmState.RTN_UNACK);
        assertThat(restarted.onValue(PRESSURE, good(6.5, now + 10), now + 10)).as("still in alarm: no new activation").isEmpty();
        again.close();
    }

    @Test
    void theJournalReadsBackNewestFirstWithWhatIsStillWaiting() throws Exception {
        AlarmJournal journal = journal(database("order"));
        AlarmEngine engine = new AlarmEngine(definitions());
        long now = System.currentTimeMillis();
        journal.append(engine.onValue(TEMP, good(85, now), now));
        journal.append(engine.onValue(TEMP, good(75, now + 1), now + 1));
        journal.append(List.of(engine.acknowledge("t:high", "ann", "<b>seen</b>", now + 2)));
        List<AlarmEvent> recent = journal.recent(10, "t:high");
        assertThat(recent).extracting(e -> e.type().label()).containsExactly("acknowledged", "returned", "activated");
        assertThat(recent.get(0).comment()).isEqualTo("<b>seen</b>");
        awaitWritten(journal);
        assertThat(journal.recent(10, "t:high")).hasSize(3);
        assertThat(journal.recent(10, "p:high")).isEmpty();
        journal.close();
    }

    /** A database that can be taken away ({@code down[0] = true}) and brought back. */
    static javax.sql.DataSource flaky(JdbcDataSource real, boolean[] down) {
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(AlarmJournalTest.class.getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (down[0] && method.getName().equals("getConnection")) {
                        throw new java.sql.SQLException("Connection refused (test: database down)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void eventsWaitWhileTheDatabaseIsAwayAndArriveInOrderWhenItReturns() throws Exception {
        boolean[] down = {false};
        AlarmJournal journal = journal(flaky(database("flaky"), down));
        AlarmEngine engine = new AlarmEngine(definitions());
        long now = System.currentTimeMillis();
        down[0] = true;
        journal.append(engine.onValue(TEMP, good(85, now), now));
        journal.append(engine.onValue(TEMP, good(70, now + 1), now + 1));
        long end = System.currentTimeMillis() + 5_000;
        while (journal.problem() == null && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(journal.problem()).contains("database down");
        assertThat(journal.waitingCount()).isEqualTo(2);
        assertThat(journal.dropped()).isZero();

        down[0] = false;
        awaitWritten(journal);
        assertThat(journal.problem()).isNull();
        assertThat(journal.recent(10, "t:high")).extracting(e -> e.type().label()).containsExactly("returned", "activated");
        journal.close();
    }

    @Test
    void eventsWaitingForTheDatabaseSurviveARestartAndTheJournalStartsWithoutIt() throws Exception {
        boolean[] down = {true};
        javax.sql.DataSource ds = flaky(database("restart-down"), down);
        AlarmJournal journal = journal(ds); // the database is away as the server starts: no schema yet
        assertThat(journal.problem()).contains("database down");
        AlarmEngine engine = new AlarmEngine(definitions());
        long now = System.currentTimeMillis();
        journal.append(engine.onValue(TEMP, good(85, now), now));
        journal.append(List.of(engine.acknowledge("t:high", "ann", "seen", now + 1)));
        assertThat(journal.recent(2, null)).extracting(e -> e.type().label()).containsExactly("acknowledged", "activated");
        journal.close(); // the server stops before the database returns

        AlarmJournal again = journal(ds);
        assertThat(again.waitingCount()).isEqualTo(2);
        again.append(engine.onValue(TEMP, good(70, now + 2), now + 2));
        down[0] = false;
        awaitWritten(again);
        assertThat(again.problem()).isNull();
        assertThat(again.recent(10, "t:high")).extracting(e -> e.type().label())
                .containsExactly("returned", "acknowledged", "activated");
        assertThat(again.recent(10, "t:high").get(1).user()).isEqualTo("ann");
        again.close();
    }

    @Test
    void aDamagedWaitingEventIsSetAsideAndTheOthersAreWritten() throws Exception {
        boolean[] down = {true};
        javax.sql.DataSource ds = flaky(database("damaged"), down);
        AlarmJournal journal = journal(ds);
        AlarmEngine engine = new AlarmEngine(definitions());
        long now = System.currentTimeMillis();
        journal.append(engine.onValue(TEMP, good(85, now), now));
        journal.close();
        try (org.h2.mvstore.MVStore file = new org.h2.mvstore.MVStore.Builder()
                .fileName(dir.resolve("journal-waiting.mv.db").toString()).open()) {
            file.<Long, String>openMap("waiting").put(0L, "{not an event"); // ahead of the good one
        }

        down[0] = false;
        AlarmJournal again = journal(ds);
        awaitWritten(again);
        assertThat(again.dropped()).isEqualTo(1);
        assertThat(again.problem()).isNull();
        assertThat(again.recent(10, "t:high")).extracting(e -> e.type().label()).containsExactly("activated");
        again.close();
    }
}
