package org.plantwire.plant;

import java.util.List;

/**
 * Where a plant file stands, for {@code plant:plants} and {@code plant:connectors}.
 *
 * @param file         the file
 * @param plant        the running configuration, or null when none was ever accepted
 * @param loadedAt     when the running configuration was accepted (epoch ms), 0 if never
 * @param rejectedAt   when the last attempt was rejected (epoch ms), 0 if the last attempt succeeded
 * @param errors       why the last attempt was rejected: one line per problem, each naming file, line and key
 */
public record PlantStatus(String file, PlantConfig plant, long loadedAt, long rejectedAt, List<String> errors) {

    public PlantStatus {
        errors = List.copyOf(errors);
    }

    /** True when the file's last version was rejected (the previous configuration, if any, still runs). */
    public boolean rejected() {
        return rejectedAt > 0;
    }
}
