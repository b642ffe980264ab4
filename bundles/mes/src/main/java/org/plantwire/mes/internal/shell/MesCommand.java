package org.plantwire.mes.internal.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.ShellUtil;
import org.plantwire.mes.MesException;
import org.plantwire.mes.MesService;
import org.plantwire.mes.WorkOrder;

/** What the mes: commands share: the service, who is asking, and how times and figures are shown. */
abstract class MesCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Reference
    MesService mes;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
        } catch (MesException e) {
            // the refusal as the integrator should read it, without a stack trace
            throw new IllegalArgumentException(e.getMessage());
        }
        return null;
    }

    abstract void run() throws Exception;

    static String by() {
        String user = ShellUtil.getCurrentUserName();
        return "shell:" + (user == null ? "unknown" : user);
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String duration(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }

    static void printOrder(String what, WorkOrder o) {
        System.out.println(what + " " + o.id() + ": " + o.state() + " (" + o.product() + " x " + o.quantity() + " on "
                + o.line() + ", good " + o.good() + ", reject " + o.reject() + ")"
                + (o.reason().isEmpty() ? "" : " - " + o.reason()));
    }
}
