package org.plantwire.alarms.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayDeque;
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
import org.plantwire.db.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm journal in the plantwire database ({@code alarm_journal}). Events are written by one thread in the order
 * they happened; while the database is away they wait in memory (at most {@link #MAX_WAITING}, the oldest dropped
 * and counted beyond that) and are written when it returns. Queries see the written ones and the waiting ones.
 */
final class AlarmJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmJournal.class);
    static final int MAX_WAITING = 100_000;
    static final String COMPONENT = "alarms";
    /** How far back the journal is read to restore the alarms' states after a restart. */
    static final int RESTORE_EVENTS = 50_000;

    private final DataSource dataSource;
    private final ArrayDeque<AlarmEvent> waiting = new ArrayDeque<>();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plantwire-alarm-journal");
        t.setDaemon(true);
        return t;
    });
    private long dropped;
    private volatile String problem;

    AlarmJournal(DataSource dataSource) {
        this.dataSource = dataSource;
        Migrations.apply(dataSource, COMPONENT,
                List.of(Migrations.resource(AlarmJournal.class, 1, "alarm journal", "/db/alarms/V1__journal.sql")));
        writer.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
    }

    void append(List<AlarmEvent> events) {
        synchronized (waiting) {
            for (AlarmEvent e : events) {
                if (waiting.size() >= MAX_WAITING) {
                    waiting.removeFirst();
                    dropped++;
                }
                waiting.addLast(e);
            }
        }
        writer.execute(this::flush);
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
        List<AlarmEvent> batch;
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(waiting);
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
            synchronized (waiting) {
                for (int i = 0; i < batch.size() && !waiting.isEmpty(); i++) {
                    waiting.removeFirst();
                }
            }
            if (problem != null) {
                LOG.info("Alarm journal: the database is back, {} waiting events written", batch.size());
            }
            problem = null;
        } catch (SQLException | RuntimeException e) {
            if (problem == null) {
                LOG.warn("Alarm journal: cannot write to the database ({}); events wait and are written when it returns",
                        e.getMessage());
            }
            problem = e.getMessage();
        }
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
            var it = waiting.descendingIterator();
            while (it.hasNext() && result.size() < limit) {
                AlarmEvent e = it.next();
                if (alarmId == null || alarmId.equals(e.alarmId())) {
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
    }
}
