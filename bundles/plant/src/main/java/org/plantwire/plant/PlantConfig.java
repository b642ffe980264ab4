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
 * @param file        the file it was read from
 */
public record PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                          List<PublisherConfig> publishers, String file) {

    public PlantConfig {
        connectors = List.copyOf(connectors);
        publishers = List.copyOf(publishers);
    }

    public int tagCount() {
        return connectors.stream().mapToInt(c -> c.tags().size()).sum();
    }
}
