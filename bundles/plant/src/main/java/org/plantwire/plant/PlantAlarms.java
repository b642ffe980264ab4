package org.plantwire.plant;

import java.util.List;
import java.util.Objects;

/**
 * A plant's alarms (its plant file's {@code alarms:} section). Registered as an OSGi service per accepted plant file
 * that has alarms, with the property {@value ConnectorConfig#PLANT_PROPERTY}; re-registered only when they change.
 *
 * @param plant  the plant's name
 * @param alarms its alarms
 * @param file   the plant file
 */
public record PlantAlarms(String plant, List<AlarmConfig> alarms, String file) {

    public PlantAlarms {
        Objects.requireNonNull(plant, "plant");
        alarms = List.copyOf(alarms);
    }
}
