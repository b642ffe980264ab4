package org.plantwire.deadletter.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.api.DeadLetter;
import org.plantwire.api.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The newest {@code capacity} dead letters, in memory and in a JSON-lines file under data/, so they survive a
 * restart. The file is compacted to what is kept whenever it holds twice the capacity.
 */
@Component(service = DeadLetters.class, configurationPid = "org.plantwire.deadletter",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DeadLetterConfig.class)
public final class DeadLetterStore implements DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final ObjectMapper json = new ObjectMapper();
    private final ArrayDeque<DeadLetter> letters = new ArrayDeque<>();
    private final int capacity;
    private final Path file;
    private BufferedWriter out;
    private int linesInFile;
    private long forgotten;

    @Activate
    public DeadLetterStore(DeadLetterConfig config) {
        this(Paths.get(System.getProperty("karaf.data", "data")).resolve(config.file()), config.capacity());
    }

    public DeadLetterStore(Path file, int capacity) {
        this.file = file;
        this.capacity = Math.max(1, capacity);
        load();
    }

    private synchronized void load() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    linesInFile++;
                    try {
                        keep(json.readValue(line, DeadLetter.class));
                    } catch (IOException e) {
                        LOG.warn("Skipping an unreadable line of {}: {}", file, e.getMessage());
                    }
                }
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.error("Dead letters cannot be kept on disk ({}): {}; they are kept in memory only", file, e.getMessage());
        }
    }

    @Deactivate
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("Closing {}: {}", file, e.getMessage());
            }
            out = null;
        }
    }

    @Override
    public synchronized void add(DeadLetter letter) {
        keep(letter);
        if (out == null) {
            return;
        }
        try {
            out.write(json.writeValueAsString(letter));
            out.newLine();
            out.flush();
            if (++linesInFile > 2 * capacity) {
                compact();
            }
        } catch (IOException e) {
            LOG.warn("Cannot write dead letter to {}: {}", file, e.getMessage());
        }
    }

    private void keep(DeadLetter letter) {
        letters.addLast(letter);
        if (letters.size() > capacity) {
            letters.removeFirst();
            if (++forgotten % 1000 == 1) {
                LOG.warn("Dead letters are over capacity ({}); the oldest are forgotten ({} so far)", capacity, forgotten);
            }
        }
    }

    /** Rewrites the file with what is kept now. */
    private void compact() throws IOException {
        out.close();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (DeadLetter l : letters) {
                w.write(json.writeValueAsString(l));
                w.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        linesInFile = letters.size();
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized List<DeadLetter> list(String connector, int max) {
        List<DeadLetter> result = new ArrayList<>();
        Iterator<DeadLetter> it = letters.descendingIterator();
        while (it.hasNext() && result.size() < max) {
            DeadLetter l = it.next();
            if (connector == null || connector.equals(l.connector())) {
                result.add(0, l);
            }
        }
        return result;
    }

    @Override
    public synchronized int count(String connector) {
        if (connector == null) {
            return letters.size();
        }
        return (int) letters.stream().filter(l -> connector.equals(l.connector())).count();
    }

    @Override
    public synchronized int clear(String connector) {
        int before = letters.size();
        letters.removeIf(l -> connector == null || connector.equals(l.connector()));
        try {
            if (out != null) {
                compact();
            }
        } catch (IOException e) {
            LOG.warn("Cannot rewrite {}: {}", file, e.getMessage());
        }
        return before - letters.size();
    }
}
