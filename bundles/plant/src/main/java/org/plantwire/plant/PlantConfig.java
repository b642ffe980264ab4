package org.plantwire.plant;

import java.util.List;

import org.plantwire.api.TagPath;

/**
 * A whole plant file.
 *
 * @param name        the file's base name, e.g. {@code woodlands} for {@code woodlands.yaml}
 * @param prefix      the plant's place in the namespace, e.g. {@code acme/woodlands/packaging}
 * @param description free text
 * @param connectors  its connectors (enabled ones only)
 * @param publishers  its publishers (enabled ones only)
 * @param history     what the historian records of its tags
 * @param file        the file it was read from
 */
public record PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                          List<PublisherConfig> publishers, PlantHistory history, String file) {

    public PlantConfig {
        connectors = List.copyOf(connectors);
        publishers = List.copyOf(publishers);
        history = history == null ? new PlantHistory(name, HistoryConfig.DEFAULTS, java.util.Map.of(), file) : history;
    }

    /** A plant recorded with the default history settings (the 1.1 constructor). */
    public PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                       List<PublisherConfig> publishers, String file) {
        this(name, prefix, description, connectors, publishers, null, file);
    }

    public int tagCount() {
        return connectors.stream().mapToInt(c -> c.tags().size()).sum();
    }
}
