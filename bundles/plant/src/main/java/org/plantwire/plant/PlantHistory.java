package org.plantwire.plant;

import java.util.Map;
import java.util.Objects;

import org.plantwire.api.TagPath;

/**
 * A plant's recording settings for the historian: the plant-wide defaults and each mapped tag's own settings (the
 * defaults with what the tag's {@code history:} changes). Registered as an OSGi service per accepted plant file, with
 * the property {@value ConnectorConfig#PLANT_PROPERTY}; re-registered only when it changes.
 *
 * @param plant    the plant's name
 * @param defaults the plant file's {@code history:} section (or {@link HistoryConfig#DEFAULTS})
 * @param tags     every mapped tag of the plant with its settings
 * @param file     the plant file
 */
public record PlantHistory(String plant, HistoryConfig defaults, Map<TagPath, HistoryConfig> tags, String file) {

    public PlantHistory {
        Objects.requireNonNull(plant, "plant");
        defaults = defaults == null ? HistoryConfig.DEFAULTS : defaults;
        tags = Map.copyOf(tags);
    }

    /** The tag's settings, or null when the plant does not map it. */
    public HistoryConfig forTag(TagPath path) {
        return tags.get(path);
    }
}
