package org.plantwire.historian.internal.command;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.api.InvalidTagPathException;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.historian.Aggregate;
import org.plantwire.historian.Historian;
import org.plantwire.historian.HistoryPoint;

@Command(scope = "scada", name = "history",
        description = "Shows a tag's recorded values over a time range, or with --interval its aggregates per interval"
                + " (time-weighted average, min, max, last, count).")
@Service
public class HistoryCommand implements Action {

    private static final List<String> AGGREGATES = List.of("avg", "min", "max", "last", "count");

    @Argument(index = 0, name = "tag", required = true, description = "The tag's path")
    @Completion(HistoryTagCompleter.class)
    String tag;

    /** Karaf reads options only before the arguments; these are the ones written after the tag. */
    @Argument(index = 1, name = "options", multiValued = true,
            description = "The options may also follow the tag: scada:history <tag> --from -2h --limit 20")
    List<String> trailing;

    @Option(name = "--from", aliases = "-f", description = "Start (default: 1 hour before --to). " + TimeArgs.TIME_FORMS)
    String from;

    @Option(name = "--to", aliases = "-t", description = "End, exclusive (default: now)")
    String to;

    @Option(name = "--limit", aliases = "-n", description = "Most rows shown (default 100)")
    int limit = 100;

    @Option(name = "--interval", aliases = "-i", description = "Aggregate per interval of this length: 10s, 1m, 1h, 1d")
    String interval;

    @Option(name = "--aggregate", aliases = "-a", description = "With --interval: which of avg, min, max, last, count (comma-separated; default all)")
    String aggregate;

    @Reference
    Historian historian;

    @Reference
    TagBus bus;

    @Override
    public Object execute() {
        run(System.out, System.currentTimeMillis(), ZoneId.systemDefault());
        return null;
    }

    void run(PrintStream out, long now, ZoneId zone) {
        takeTrailingOptions();
        TagPath path;
        try {
            path = TagPath.of(tag);
        } catch (InvalidTagPathException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
        }
        long end = to == null ? now : TimeArgs.time("--to", to, now, zone);
        long start = from == null ? end - 3_600_000L : TimeArgs.time("--from", from, now, zone);
        if (start >= end) {
            throw new IllegalArgumentException("--from " + TimeArgs.print(start, zone) + " is not before --to "
                    + TimeArgs.print(end, zone));
        }
        if (aggregate != null && interval == null) {
            throw new IllegalArgumentException("--aggregate needs --interval (e.g. --interval 1m --aggregate avg)");
        }
        if (!historian.tags().contains(path)) {
            throw new IllegalArgumentException(bus.info(path).isPresent()
                    ? "Tag " + path + " has no recorded history (its history is off, or nothing was recorded yet)"
                    : "Unknown tag " + path + ": no history and the tag bus does not know it (see plant:tags)");
        }
        String range = path + " from " + TimeArgs.print(start, zone) + " to " + TimeArgs.print(end, zone);
        if (interval == null) {
            raw(out, path, start, end, range, zone);
        } else {
            aggregates(out, path, start, end, range, zone);
        }
    }

    private void takeTrailingOptions() {
        if (trailing == null) {
            return;
        }
        for (int i = 0; i < trailing.size(); i++) {
            String name = trailing.get(i);
            if (i + 1 >= trailing.size()) {
                throw new IllegalArgumentException(name.startsWith("-") ? name + " needs a value"
                        : "'" + name + "' is not an option; scada:history takes one tag and the options --from, --to, --limit, --interval, --aggregate");
            }
            String value = trailing.get(++i);
            switch (name) {
                case "--from", "-f" -> from = value;
                case "--to", "-t" -> to = value;
                case "--interval", "-i" -> interval = value;
                case "--aggregate", "-a" -> aggregate = value;
                case "--limit", "-n" -> {
                    try {
                        limit = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--limit '" + value + "' is not a whole number");
                    }
                }
                default -> throw new IllegalArgumentException("'" + name + "' is not an option; scada:history takes one tag"
                        + " and the options --from, --to, --limit, --interval, --aggregate");
            }
        }
        trailing = null;
    }

    private void raw(PrintStream out, TagPath path, long start, long end, String range, ZoneId zone) {
        List<HistoryPoint> points = historian.raw(path, start, end, limit + 1);
        ShellTable table = new ShellTable().emptyTableText("No values recorded in this range");
        table.column("Time");
        table.column("Value").alignRight();
        table.column("Quality");
        for (HistoryPoint p : points.subList(0, Math.min(limit, points.size()))) {
            table.addRow().addContent(TimeArgs.print(p.time(), zone), TimeArgs.number(p.value()), p.quality().label());
        }
        table.print(out);
        out.println(Math.min(limit, points.size()) + " values of " + range
                + (points.size() > limit ? "; more follow: raise --limit or narrow the range" : ""));
    }

    private void aggregates(PrintStream out, TagPath path, long start, long end, String range, ZoneId zone) {
        long step = TimeArgs.duration("--interval", interval);
        Set<String> wanted = new LinkedHashSet<>();
        for (String a : (aggregate == null ? String.join(",", AGGREGATES) : aggregate).split(",")) {
            String name = a.trim().toLowerCase(Locale.ROOT);
            if (name.equals("average")) {
                name = "avg";
            }
            if (!AGGREGATES.contains(name)) {
                throw new IllegalArgumentException("--aggregate '" + a.trim() + "' is not an aggregate; use "
                        + String.join(", ", AGGREGATES) + " (comma-separated)");
            }
            wanted.add(name);
        }
        List<Aggregate> rows = historian.aggregate(path, start, end, step);
        ShellTable table = new ShellTable();
        table.column("Interval start");
        for (String w : wanted) {
            table.column(w.equals("avg") ? "Avg (time-weighted)" : w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1)).alignRight();
        }
        int shown = 0;
        for (Aggregate a : rows) {
            if (shown++ == limit) {
                break;
            }
            List<Object> cells = new ArrayList<>();
            cells.add(TimeArgs.print(a.start(), zone));
            for (String w : wanted) {
                cells.add(switch (w) {
                    case "avg" -> TimeArgs.number(a.average());
                    case "min" -> TimeArgs.number(a.min());
                    case "max" -> TimeArgs.number(a.max());
                    case "last" -> a.last() == null ? "-" : TimeArgs.number(a.last().value())
                            + (a.last().quality().isGood() ? "" : " " + a.last().quality().label());
                    default -> Long.toString(a.count());
                });
            }
            table.addRow().addContent(cells);
        }
        table.print(out);
        out.println(Math.min(limit, rows.size()) + " intervals of " + interval.trim()
                + " of " + range + (rows.size() > limit ? "; more follow: raise --limit or narrow the range" : ""));
    }
}
