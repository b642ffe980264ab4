package org.plantwire.access.internal;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.access.AuditEntry;
import org.plantwire.access.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The audit trail as JSON lines in one file, appended and forced to disk per entry (actions by people are few, and
 * an audit entry must not be lost to a power cut), never rewritten. The newest entries are also kept in memory for
 * queries; on start they are read back from the file.
 */
@Component(service = AuditTrail.class, configurationPid = "org.plantwire.audit")
@Designate(ocd = AuditConfig.class)
public final class AuditStore implements AuditTrail, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditStore.class);

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final int capacity;
    private final ArrayDeque<AuditEntry> recent = new ArrayDeque<>();
    private final FileOutputStream out;

    @Activate
    public AuditStore(AuditConfig config) throws IOException {
        this(Paths.get(System.getProperty("karaf.data", "data")).resolve(config.file()), config.recentCapacity());
    }

    public AuditStore(Path file, int capacity) throws IOException {
        this.file = file;
        this.capacity = Math.max(1, capacity);
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        keep(json.readValue(line, AuditEntry.class));
                    } catch (IOException e) {
                        // a line cut by a crash while it was written: the rest of the trail stays readable
                        LOG.warn("Audit trail {} line {} unreadable, skipped: {}", file, n, e.getMessage());
                    }
                }
            }
        }
        this.out = new FileOutputStream(file.toFile(), true);
    }

    private void keep(AuditEntry e) {
        recent.addLast(e);
        if (recent.size() > capacity) {
            recent.removeFirst();
        }
    }

    @Override
    public synchronized void record(AuditEntry entry) {
        try {
            out.write((json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit trail " + file + ": " + e.getMessage(), e);
        }
        keep(entry);
        LOG.info("Audit: {} {} {} {} -> {}: {} {}", entry.user(), entry.source(), entry.action(), entry.target(),
                entry.newValue(), entry.result(), entry.message());
    }

    @Override
    public synchronized List<AuditEntry> recent(int limit, String filter) {
        String f = filter == null || filter.isBlank() ? null : filter.toLowerCase(Locale.ROOT);
        List<AuditEntry> found = new ArrayList<>();
        for (Iterator<AuditEntry> it = recent.descendingIterator(); it.hasNext() && found.size() < limit; ) {
            AuditEntry e = it.next();
            if (f == null || contains(e.user(), f) || contains(e.action(), f) || contains(e.target(), f)
                    || contains(e.result(), f) || contains(e.source(), f)) {
                found.add(e);
            }
        }
        return found;
    }

    private static boolean contains(String s, String f) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(f);
    }

    @Override
    @Deactivate
    public synchronized void close() throws IOException {
        out.close();
    }
}
