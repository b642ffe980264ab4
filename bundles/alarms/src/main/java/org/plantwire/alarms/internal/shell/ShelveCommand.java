package org.plantwire.alarms.internal.shell;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.access.Actors;
import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmService;

@Command(scope = "scada", name = "shelve",
        description = "Shelves an alarm for a time (e.g. 30m, 2h) with a reason (operator role); it returns by itself. Audited.")
@Service
public class ShelveCommand implements Action {

    @Argument(index = 0, name = "alarm", required = true, description = "The alarm's id")
    String id;

    @Argument(index = 1, name = "duration", required = true, description = "How long: 90s, 30m, 2h")
    String duration;

    @Argument(index = 2, name = "reason", required = true, multiValued = true, description = "Why")
    java.util.List<String> reason;

    @Reference
    AlarmService alarms;

    @Override
    public Object execute() {
        Alarm a = alarms.shelve(id, Actors.current("shell"), parse(duration), String.join(" ", reason));
        System.out.println("Shelved " + id + " until " + AlarmsCommand.TIME.format(java.time.Instant.ofEpochMilli(a.shelvedUntil())));
        return null;
    }

    /** 90s, 30m, 2h, or an ISO-8601 duration. */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.matches("\\d+[smh]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is no duration: use e.g. 90s, 30m, 2h");
        }
    }
}
