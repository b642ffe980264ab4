package org.plantwire.mes;

import java.util.List;
import java.util.Optional;

/**
 * The MES of the plants the server knows (their plant files' {@code mes:} sections). An OSGi service.
 * Every change names who makes it ({@code by}, e.g. {@code shell:karaf}); refusals throw {@link MesException}
 * ({@link MesException.Kind#UNAVAILABLE} for every call but {@link #status()} while the MES waits for its database).
 */
public interface MesService {

    /** How the MES stands with its database; answers also while the other calls are refused. */
    MesStatus status();

    List<LineStatus> lines();

    List<Product> products();

    /** Adds a product at run time; refused when the id exists or a line or setpoint is unknown. */
    Product createProduct(Product product, String by);

    /** Orders, newest first; {@code line} null for all lines. */
    List<WorkOrder> orders(String line);

    Optional<WorkOrder> order(String id);

    WorkOrder createOrder(OrderRequest request, String by);

    WorkOrder release(String id, String by);

    /**
     * Dispatches the order to its line: writes the recipe setpoints, the target quantity and the order id to the
     * PLC, checks each by read-back and waits for the PLC's acknowledgement. When any of it fails or times out the
     * order stays RELEASED with the reason, and this throws with it.
     */
    WorkOrder start(String id, String by);

    WorkOrder hold(String id, String reason, String by);

    WorkOrder resume(String id, String by);

    WorkOrder complete(String id, String by);

    WorkOrder abort(String id, String reason, String by);

    /** Material consumed by the order so far: its units made (good and reject) times the bill of materials. */
    List<Material> consumption(String id);

    /** The line's OEE over its current shift (or since the server started, without shifts). */
    Oee lineOee(String line);

    Oee orderOee(String id);

    /** The shift OEE rows of a line, newest first (the current shift first). */
    List<Oee> shiftOee(String line);

    /** Downtime events of a line, newest first; at most {@code limit}. */
    List<DowntimeEvent> downtime(String line, int limit);

    DowntimeEvent assignReason(long downtimeId, String reason, String by);
}
