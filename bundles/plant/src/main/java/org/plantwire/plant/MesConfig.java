package org.plantwire.plant;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.plantwire.api.TagPath;

/**
 * The {@code mes:} section of a plant file: what the MES service needs to know about the plant's lines, products
 * and shifts. Empty ({@link #NONE}) when the file has no such section.
 *
 * @param lines            production lines with their tag bindings
 * @param products         products with ideal cycle times, recipes and bills of material
 * @param shifts           the shift pattern with planned breaks (every day)
 * @param faultReasons     PLC fault code to downtime reason code
 * @param microStopMillis  stops shorter than this are micro-stops (counted, not listed as downtime)
 */
public record MesConfig(List<Line> lines, List<Product> products, List<Shift> shifts, Map<Integer, String> faultReasons,
                        long microStopMillis) {

    public static final MesConfig NONE = new MesConfig(List.of(), List.of(), List.of(), Map.of(), 0);

    public MesConfig {
        lines = List.copyOf(lines);
        products = List.copyOf(products);
        shifts = List.copyOf(shifts);
        faultReasons = Map.copyOf(faultReasons);
    }

    /**
     * A production line (ISA-95 work unit group) and the PLC tags the MES reads and writes.
     *
     * @param name            the line's name, e.g. {@code line1}
     * @param path            its place in the namespace, e.g. {@code acme/woodlands/packaging/line1}
     * @param cells           its work cells (equipment), e.g. filler, capper
     * @param state           machine state tag (integer)
     * @param runningStates   state values that mean "running"; anything else is a stop
     * @param goodCount       good counter tag
     * @param rejectCount     reject counter tag
     * @param counterModulo   where the counters wrap (2^32 for a UInt32 counter)
     * @param faultCode       fault code tag (integer), or null
     * @param orderId         where the order id is written on dispatch (string), or null: no dispatch
     * @param targetQuantity  where the target quantity is written, or null
     * @param orderAck        where the PLC acknowledges an order by echoing its id, or null: no wait
     * @param setpoints       recipe setpoint name to tag
     * @param ackTimeoutMillis how long dispatch waits for the acknowledgement
     * @param autoComplete    complete an order by itself when the target is reached (else on confirmation)
     */
    public record Line(String name, TagPath path, List<String> cells, TagPath state, Set<Long> runningStates,
                       TagPath goodCount, TagPath rejectCount, long counterModulo, TagPath faultCode, TagPath orderId,
                       TagPath targetQuantity, TagPath orderAck, Map<String, TagPath> setpoints, long ackTimeoutMillis,
                       boolean autoComplete) {
        public Line {
            cells = List.copyOf(cells);
            runningStates = Set.copyOf(runningStates);
            setpoints = Map.copyOf(setpoints);
        }
    }

    /**
     * A product.
     *
     * @param id                the product code
     * @param name              free text
     * @param idealCycleSeconds ideal seconds per unit on each line it is made on
     * @param recipe            setpoint name to value, written on dispatch
     * @param bom               bill of materials, per unit made
     */
    public record Product(String id, String name, Map<String, Double> idealCycleSeconds, Map<String, Double> recipe,
                          List<Material> bom) {
        public Product {
            idealCycleSeconds = Map.copyOf(idealCycleSeconds);
            recipe = Map.copyOf(recipe);
            bom = List.copyOf(bom);
        }
    }

    /** A line of a bill of materials: how much of a material one unit of product takes. */
    public record Material(String material, double quantity, String unit) {
    }

    /** A shift of the daily pattern; {@code end} before {@code start} runs past midnight. */
    public record Shift(String name, LocalTime start, LocalTime end, List<Break> breaks) {
        public Shift {
            breaks = List.copyOf(breaks);
        }
    }

    /** A planned break: not planned production time, so not held against availability. */
    public record Break(LocalTime start, LocalTime end) {
    }
}
