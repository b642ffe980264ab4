package org.plantwire.mes.internal.shell;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.OrderRequest;

@Command(scope = "mes", name = "order-create", description = "Creates a work order (state CREATED).")
@Service
public class OrderCreateCommand extends MesCommand {

    @Argument(index = 0, name = "id", required = true, description = "Order id, e.g. WO-1001")
    String id;

    @Argument(index = 1, name = "product", required = true, description = "Product id (see mes:products)")
    String product;

    @Argument(index = 2, name = "quantity", required = true, description = "Good units to make, > 0")
    long quantity;

    @Argument(index = 3, name = "line", required = true, description = "Line name, e.g. line1")
    String line;

    @Option(name = "--due", description = "Due date and time, e.g. 2026-11-28T14:00 (server time zone)")
    String due;

    @Option(name = "--priority", aliases = "-p", description = "Priority, higher first (default 0)")
    int priority;

    @Override
    void run() {
        Instant dueAt = null;
        if (due != null) {
            try {
                dueAt = LocalDateTime.parse(due).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--due '" + due + "' is not a date and time like 2026-11-28T14:00");
            }
        }
        printOrder("Created", mes.createOrder(new OrderRequest(id, product, line, quantity, dueAt, priority), by()));
    }
}
