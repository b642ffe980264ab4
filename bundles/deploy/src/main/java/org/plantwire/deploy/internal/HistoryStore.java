package org.plantwire.deploy.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.plantwire.deploy.HistoryEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The deployment history: one JSON line per attempt, appended, so it survives restarts and reads with any tool. */
final class HistoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final List<HistoryEntry> entries = new ArrayList<>();

    HistoryStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                int n = 0;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        entries.add(json.readValue(line, HistoryEntry.class));
                    } catch (IOException e) {
                        LOG.warn("{}:{}: not a history entry, skipped: {}", file, n, e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.warn("Cannot read the deployment history {}: {}", file, e.toString());
            }
        }
    }

    synchronized void add(HistoryEntry entry) {
        entries.add(entry);
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                w.write(json.writeValueAsString(entry));
                w.newLine();
            }
        } catch (IOException e) {
            LOG.warn("Cannot write the deployment history {}: {}", file, e.toString());
        }
    }

    /** Oldest first; only those concerning {@code connector} unless it is null. */
    synchronized List<HistoryEntry> list(String connector) {
        List<HistoryEntry> list = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (connector == null || e.connectors().contains(connector)) {
                list.add(e);
            }
        }
        return list;
    }
}
