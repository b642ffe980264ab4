package org.plantwire.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.buffer.Buffers;
import org.plantwire.plant.BufferConfig;

@Command(scope = "plant", name = "buffers",
        description = "Lists the durable store-and-forward buffers of the publishers: entries waiting, size, oldest entry,"
                + " appended, forwarded, dropped and expired entries, and which bundle forwards them.")
@Service
public class BuffersCommand implements Action {

    @Reference
    Buffers buffers;

    @Override
    public Object execute() {
        print(buffers.status(), System.currentTimeMillis(), System.out);
        return null;
    }

    static void print(List<BufferStatus> all, long now, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No buffer: no publisher is configured");
        table.column("Name");
        table.column("Entries").alignRight();
        table.column("Bytes").alignRight();
        table.column("On disk").alignRight();
        table.column("Oldest").alignRight();
        table.column("Appended").alignRight();
        table.column("Forwarded").alignRight();
        table.column("Dropped").alignRight();
        table.column("Expired").alignRight();
        table.column("Forwarder");
        table.column("Last error").maxSize(50).wrap();
        for (BufferStatus b : all) {
            String oldest = b.oldestAppendedAt() == 0 ? "-" : Format.age(b.oldestAppendedAt(), now);
            table.addRow().addContent(b.name(), b.entries(), Format.bytes(b.bytes()), Format.bytes(b.fileBytes()), oldest,
                    b.appended(), b.forwarded(), b.dropped() + " (" + b.limits().whenFull().label() + ")", b.expired(),
                    forwarder(b), lastError(b, now));
        }
        table.print(out);
        for (BufferStatus b : all) {
            BufferConfig l = b.limits();
            out.printf("%s: keeps at most %d entries, %s, for %s; when full: %s; file %s%n", b.name(), l.maxEntries(),
                    Format.bytes(l.maxBytes()), Format.duration(l.maxAgeMillis()), l.whenFull().label(), b.file());
        }
    }

    /** The active forwarder's bundle and connection, and how many versions stand by beside it. */
    private static String forwarder(BufferStatus b) {
        if (!b.open()) {
            return "NOT OPEN";
        }
        BufferStatus.Forwarder active = b.forwarders().stream().filter(BufferStatus.Forwarder::active).findFirst().orElse(null);
        long standby = b.forwarders().stream().filter(f -> !f.active()).count();
        String text = active == null ? "none" : "bundle " + active.bundleId() + (active.connected() ? " CONNECTED" : " DISCONNECTED");
        return standby == 0 ? text : text + " (+" + standby + " standing by)";
    }

    private static String lastError(BufferStatus b, long now) {
        if (b.error() != null) {
            return b.error();
        }
        BufferStatus.Forwarder f = b.forwarders().stream().filter(BufferStatus.Forwarder::active).findFirst().orElse(null);
        if (f == null || f.lastError() == null) {
            return "-";
        }
        return f.lastError() + " (" + Format.age(f.lastErrorTime(), now) + " ago)";
    }
}
