package org.plantwire.historian.internal.command;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.historian.Historian;
import org.plantwire.historian.HistorianStatus;

@Command(scope = "scada", name = "historian",
        description = "Shows the historian's state: tags and points held, bytes on disk and per point, oldest and newest"
                + " value, and what retention and the disk cap dropped.")
@Service
public class HistorianCommand implements Action {

    @Reference
    Historian historian;

    @Override
    public Object execute() {
        print(historian.status(), System.currentTimeMillis(), ZoneId.systemDefault(), System.out);
        return null;
    }

    static void print(HistorianStatus s, long now, ZoneId zone, PrintStream out) {
        ShellTable table = new ShellTable().noHeaders();
        table.column("What");
        table.column("Value");
        table.addRow().addContent("File", s.file() + (s.open() ? "" : "  NOT OPEN"));
        table.addRow().addContent("Tags", s.tags());
        table.addRow().addContent("Points", String.format(Locale.ROOT, "%,d", s.points()));
        table.addRow().addContent("Data", TimeArgs.size(s.dataBytes()) + " of a " + TimeArgs.size(s.maxBytes()) + " cap");
        table.addRow().addContent("On disk", TimeArgs.size(s.fileBytes())
                + String.format(Locale.ROOT, " (%.1f bytes per point)", s.bytesPerPoint()));
        table.addRow().addContent("Oldest", TimeArgs.print(s.oldest(), zone));
        table.addRow().addContent("Newest", TimeArgs.print(s.newest(), zone));
        table.addRow().addContent("Recorded", String.format(Locale.ROOT, "%,d", s.recorded()));
        table.addRow().addContent("Left out by compression", String.format(Locale.ROOT, "%,d", s.filtered()));
        table.addRow().addContent("Arrived late (inserted)", String.format(Locale.ROOT, "%,d", s.late()));
        table.addRow().addContent("Dropped by retention", String.format(Locale.ROOT, "%,d", s.droppedByRetention()));
        table.addRow().addContent("Dropped by disk cap", String.format(Locale.ROOT, "%,d", s.droppedByCap()));
        table.addRow().addContent("Dropped by the tag bus", String.format(Locale.ROOT, "%,d", s.busDropped())
                + (s.busDropped() > 0 ? "  (the historian fell behind)" : ""));
        table.addRow().addContent("Last error", s.error() == null ? "-" : s.error());
        table.print(out);
    }
}
