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
 * @param mes         its {@code mes:} section ({@link MesConfig#NONE} when it has none)
 * @param alarms      its {@code alarms:} section (none when it has none)
 */
public record PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                          List<PublisherConfig> publishers, PlantHistory history, String file, MesConfig mes,
                          PlantAlarms alarms) {

    public PlantConfig {
        connectors = List.copyOf(connectors);
        publishers = List.copyOf(publishers);
        history = history == null ? new PlantHistory(name, HistoryConfig.DEFAULTS, java.util.Map.of(), file) : history;
        mes = mes == null ? MesConfig.NONE : mes;
        alarms = alarms == null ? new PlantAlarms(name, List.of(), file) : alarms;
    }

    /** A plant with history settings and an MES section, without alarms. */
    public PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                       List<PublisherConfig> publishers, PlantHistory history, String file, MesConfig mes) {
        this(name, prefix, description, connectors, publishers, history, file, mes, null);
    }

    /** A plant with history settings and without an MES section. */
    public PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                       List<PublisherConfig> publishers, PlantHistory history, String file) {
        this(name, prefix, description, connectors, publishers, history, file, MesConfig.NONE);
    }

    /** A plant with an MES section, recorded with the default history settings. */
    public PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                       List<PublisherConfig> publishers, String file, MesConfig mes) {
        this(name, prefix, description, connectors, publishers, null, file, mes);
    }

    /** A plant recorded with the default history settings and without an MES section (the 1.1 constructor). */
    public PlantConfig(String name, TagPath prefix, String description, List<ConnectorConfig> connectors,
                       List<PublisherConfig> publishers, String file) {
        this(name, prefix, description, connectors, publishers, null, file, MesConfig.NONE);
    }

    public int tagCount() {
        return connectors.stream().mapToInt(c -> c.tags().size()).sum();
    }
}
