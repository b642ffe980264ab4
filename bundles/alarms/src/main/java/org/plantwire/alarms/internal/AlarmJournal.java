package org.plantwire.alarms.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmDefinition;
import org.plantwire.alarms.AlarmEvent;
import org.plantwire.alarms.AlarmState;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.plantwire.db.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The alarm journal in the plantwire database ({@code alarm_journal}). Events are first appended to a local file
 * (H2 MVStore, committed with each append, so they survive a restart of the server) and written from there to the
 * database by one thread, in the order they happened; an event leaves the file once the database has committed it.
 * While the database is away, also when it is away as the server starts (the schema is then brought up to date when
 * it comes), events wait in the file, at most {@link #MAX_WAITING} (the oldest dropped and counted beyond that), and
 * are written when it returns. Queries see the written ones and the waiting ones. An event written just before a
 * crash, before the file knew it, may be written twice.
 */
final class AlarmJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmJournal.class);
    static final int MAX_WAITING = 1_000_000;
    private static final int BATCH = 1_000;
    static final String COMPONENT = "alarms";
    /** How far back the journal is read to restore the alarms' states after a restart. */
    static final int RESTORE_EVENTS = 50_000;

    private final DataSource dataSource;
    private final MVStore file;
    /** events not yet in the database, by sequence; guarded by itself for appends and removals */
    private final MVMap<Long, String> waiting;
    private final ObjectMapper json = new ObjectMapper();
    private long next;
    private volatile boolean migrated;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plantwire-alarm-journal");
        t.setDaemon(true);
        return t;
    });
    private long dropped;
    private volatile String problem;

    /** @param waitingFile the file events wait in for the database (created when missing) */
    AlarmJournal(DataSource dataSource, Path waitingFile) {
        this.dataSource = dataSource;
        try {
            Files.createDirectories(waitingFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("alarm journal: cannot create the folder of " + waitingFile + ": " + e, e);
        }
        this.file = new MVStore.Builder().fileName(waitingFile.toString()).open();
        this.waiting = file.openMap("waiting");
        Long last = waiting.lastKey();
        this.next = last == null ? 1 : last + 1;
        if (!waiting.isEmpty()) {
            LOG.info("Alarm journal: {} events from before wait for the database", waiting.size());
        }
        flush(); // brings the schema up to date, or says why not
        writer.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
    }

    void append(List<AlarmEvent> events) {
        synchronized (waiting) {
            for (AlarmEvent e : events) {
                if (waiting.size() >= MAX_WAITING) {
                    waiting.remove(waiting.firstKey());
                    dropped++;
                }
                waiting.put(next++, encode(e));
            }
            file.commit();
        }
        writer.execute(this::flush);
    }

    private String encode(AlarmEvent e) {
        try {
            return json.writeValueAsString(e);
        } catch (IOException ex) {
            throw new IllegalStateException("alarm journal: cannot encode " + e + ": " + ex, ex);
        }
    }

    /** The event, or null when the file holds something that is not one (damaged): it is logged, never written. */
    private AlarmEvent decode(String text) {
        try {
            return json.readValue(text, AlarmEvent.class);
        } catch (IOException | RuntimeException ex) {
            LOG.error("Alarm journal: a waiting event cannot be read and is dropped: {} ({})", text, ex.getMessage());
            return null;
        }
    }

    /** Why the journal cannot write now, or null. */
    String problem() {
        return problem;
    }

    long waitingCount() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    long dropped() {
        synchronized (waiting) {
            return dropped;
        }
    }

    /** Held while events move from memory to the database, so a query never sees one twice or not at all. */
    private final Object moving = new Object();

    private void flush() {
        synchronized (moving) {
            flushNow();
        }
    }

    private void flushNow() {
        if (!migrated) {
            try {
                Migrations.apply(dataSource, COMPONENT, List.of(Migrations.resource(AlarmJournal.class, 1,
                        "alarm journal", "/db/alarms/V1__journal.sql")));
                migrated = true;
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
        }
        List<Long> keys = new ArrayList<>();
        List<AlarmEvent> batch = new ArrayList<>();
        synchronized (waiting) {
            for (Long k = waiting.firstKey(); k != null && batch.size() < BATCH; k = waiting.higherKey(k)) {
                AlarmEvent e = decode(waiting.get(k));
                if (e == null) { // a damaged entry must not stop the writer: set aside and counted
                    waiting.remove(k);
                    dropped++;
                    continue;
                }
                keys.add(k);
                batch.add(e);
            }
        }
        if (batch.isEmpty()) {
            ok(0);
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO alarm_journal (event_time, alarm_id, event_type, state,"
                     + " tag_value, user_name, comment_text) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (AlarmEvent e : batch) {
                ps.setTimestamp(1, new Timestamp(e.time()));
                ps.setString(2, e.alarmId());
                ps.setString(3, e.type().label());
                ps.setString(4, e.state().label());
                ps.setString(5, cut(e.value(), 200));
                ps.setString(6, cut(e.user(), 100));
                ps.setString(7, cut(e.comment(), 1000));
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
            ok(batch.size()); // first: whoever sees no event waiting sees no problem either
            synchronized (waiting) {
                keys.forEach(waiting::remove); // those dropped meanwhile for room are gone already
                file.commit();
            }
        } catch (SQLException | RuntimeException e) {
            failed(e);
        }
        if (batch.size() == BATCH) {
            writer.execute(this::flush); // more wait
        }
    }

    private void ok(int written) {
        if (problem != null) {
            LOG.info("Alarm journal: the database is back{}", written == 0 ? "" : ", waiting events are written");
        }
        problem = null;
    }

    private void failed(Exception e) {
        if (problem == null) {
            LOG.warn("Alarm journal: cannot write to the database ({}); events wait in the journal's file and are "
                    + "written when it returns", e.getMessage());
        }
        problem = e.getMessage();
    }

    /** The newest events first; only those of {@code alarmId} when not null. */
    List<AlarmEvent> recent(int limit, String alarmId) {
        synchronized (moving) {
            return recentNow(limit, alarmId);
        }
    }

    private List<AlarmEvent> recentNow(int limit, String alarmId) {
        List<AlarmEvent> result = new ArrayList<>();
        synchronized (waiting) {
            for (Long k = waiting.lastKey(); k != null && result.size() < limit; k = waiting.lowerKey(k)) {
                AlarmEvent e = decode(waiting.get(k));
                if (e != null && (alarmId == null || alarmId.equals(e.alarmId()))) {
                    result.add(e);
                }
            }
        }
        if (result.size() >= limit) {
            return result;
        }
        String sql = "SELECT event_time, alarm_id, event_type, state, tag_value, user_name, comment_text FROM alarm_journal"
                + (alarmId == null ? "" : " WHERE alarm_id = ?") + " ORDER BY id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(limit - result.size());
            if (alarmId != null) {
                ps.setString(1, alarmId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new AlarmEvent(rs.getTimestamp(1).getTime(), rs.getString(2),
                            AlarmEvent.Type.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                            state(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the alarm journal cannot be read now: " + e.getMessage(), e);
        }
        return result;
    }

    /**
     * Each alarm as the journal last saw it: the state of its newest event, when it last became active, its last
     * acknowledgement, and a shelving that has not ended (SHELVED events carry the end in their value).
     */
    java.util.Map<String, Alarm> lastStates(java.util.Map<String, AlarmDefinition> definitions, long now) {
        java.util.Map<String, Alarm> states = new java.util.HashMap<>();
        List<AlarmEvent> events = new ArrayList<>(recent(RESTORE_EVENTS, null)); // newest first
        java.util.Collections.reverse(events);
        for (AlarmEvent e : events) {
            AlarmDefinition d = definitions.get(e.alarmId());
            if (d == null) {
                continue;
            }
            Alarm a = states.getOrDefault(e.alarmId(), new Alarm(d, AlarmState.NORMAL, null, 0, null, 0, null, 0, null, null,
                    false));
            long activeSince = e.type() == AlarmEvent.Type.ACTIVATED ? e.time() : a.activeSince();
            String ackedBy = e.type() == AlarmEvent.Type.ACKNOWLEDGED ? e.user()
                    : e.type() == AlarmEvent.Type.ACTIVATED ? null : a.ackedBy();
            long ackedAt = e.type() == AlarmEvent.Type.ACKNOWLEDGED ? e.time()
                    : e.type() == AlarmEvent.Type.ACTIVATED ? 0 : a.ackedAt();
            String ackComment = e.type() == AlarmEvent.Type.ACKNOWLEDGED ? e.comment()
                    : e.type() == AlarmEvent.Type.ACTIVATED ? null : a.ackComment();
            long shelvedUntil = a.shelvedUntil();
            String shelvedBy = a.shelvedBy();
            String reason = a.shelveReason();
            if (e.type() == AlarmEvent.Type.SHELVED) {
                shelvedUntil = parseMillis(e.value());
                shelvedBy = e.user();
                reason = e.comment();
            } else if (e.type() == AlarmEvent.Type.UNSHELVED) {
                shelvedUntil = 0;
                shelvedBy = null;
                reason = null;
            }
            states.put(e.alarmId(), new Alarm(d, e.state(), e.type() == AlarmEvent.Type.SHELVED ? a.value() : e.value(),
                    activeSince, ackedBy, ackedAt, ackComment, shelvedUntil > now ? shelvedUntil : 0,
                    shelvedUntil > now ? shelvedBy : null, shelvedUntil > now ? reason : null, false));
        }
        return states;
    }

    private static long parseMillis(String iso) {
        try {
            return iso == null ? 0 : java.time.Instant.parse(iso).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    private static AlarmState state(String label) {
        for (AlarmState s : AlarmState.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalStateException("unknown alarm state in the journal: " + label);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (writer.awaitTermination(5, TimeUnit.SECONDS)) {
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (waiting) {
            file.close();
        }
    }
}
