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
 * @param mes         its {@code mes:} section ({@link MesConfig#NONE} when it has none)
 */
public record PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                          List<PublisherConfig> publishers, String file, MesConfig mes) {

    public PlantConfig {
        connectors = List.copyOf(connectors);
        publishers = List.copyOf(publishers);
        mes = mes == null ? MesConfig.NONE : mes;
    }

    /** A plant without an MES section. */
    public PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                       List<PublisherConfig> publishers, String file) {
        this(name, prefix, description, connectors, publishers, file, MesConfig.NONE);
    }

    public int tagCount() {
        return connectors.stream().mapToInt(c -> c.tags().size()).sum();
    }
}
