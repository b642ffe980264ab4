package org.plantwire.mes.internal;

import java.util.ArrayList;
import java.util.List;

import org.plantwire.api.Subscription;
import org.plantwire.api.TagPath;
import org.plantwire.mes.DowntimeEvent;
import org.plantwire.plant.MesConfig;

/**
 * What the MES holds about one line while it runs: its configuration, counter and downtime trackers, the OEE windows
 * of its current shift and current order, the order that has the line and the one being dispatched. Guarded by the
 * service's lock.
 */
final class LineRuntime {

    final String plant;
    final MesConfig.Line config;
    final ShiftCalendar calendar;
    final CounterTracker good;
    final CounterTracker reject;
    final DowntimeTracker downtime;
    final List<Subscription> subscriptions = new ArrayList<>();

    java.time.Instant followingSince;
    ShiftCalendar.ShiftInstance shift;
    OeeWindow shiftWindow;
    OeeWindow orderWindow;
    /** the order that has the line (RUNNING or HELD), or null */
    String activeOrder;
    /** the order being dispatched, or null; its counts wait in pendingGood/pendingReject until it is acknowledged */
    String dispatching;
    long pendingGood;
    long pendingReject;
    DowntimeEvent openStop;
    /** counts changed since the OEE figures were last published */
    boolean oeeDirty;
    long oeePublishedAtMillis;

    LineRuntime(String plant, MesConfig.Line config, MesConfig mes, ShiftCalendar calendar) {
        this.plant = plant;
        this.config = config;
        this.calendar = calendar;
        this.good = new CounterTracker(config.counterModulo());
        this.reject = new CounterTracker(config.counterModulo());
        this.downtime = new DowntimeTracker(config.runningStates(), mes.faultReasons(), mes.microStopMillis());
    }

    String name() {
        return config.name();
    }

    /** A tag the MES publishes for this line: {@code <line>/mes/<leaf>}. */
    TagPath mesTag(String leaf) {
        return config.path().child("mes").child(leaf);
    }

    void close() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }
}
