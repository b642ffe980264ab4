package org.plantwire.mes;

import java.util.List;
import java.util.Map;

/**
 * A product the plant makes.
 *
 * @param idealCycleSeconds ideal seconds per unit, per line it is made on
 * @param recipe            setpoint name to value, written to the line's PLC when an order starts
 * @param bom               bill of materials, per unit
 * @param source            {@code plant} (from a plant file) or {@code runtime} (created through the service)
 */
public record Product(String id, String name, Map<String, Double> idealCycleSeconds, Map<String, Double> recipe,
                      List<Material> bom, String source) {

    public Product {
        idealCycleSeconds = Map.copyOf(idealCycleSeconds);
        recipe = Map.copyOf(recipe);
        bom = List.copyOf(bom);
    }
}
