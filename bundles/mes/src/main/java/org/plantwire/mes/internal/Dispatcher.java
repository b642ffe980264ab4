package org.plantwire.mes.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.plantwire.api.Quality;
import org.plantwire.access.Actor;
import org.plantwire.access.Role;
import org.plantwire.access.SetpointWriter;
import org.plantwire.access.WriteOutcome;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagException;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.TagValueException;
import org.plantwire.api.WriteResult;
import org.plantwire.mes.MesException;
import org.plantwire.mes.MesException.Kind;
import org.plantwire.mes.Product;
import org.plantwire.mes.WorkOrder;
import org.plantwire.plant.MesConfig;

/**
 * Sends a work order down to its line's PLC through the tag bus: the recipe setpoints, the target quantity, then
 * the order id (the PLC takes the order when its id arrives); each write is checked by reading the tag back, then
 * the PLC's acknowledgement is awaited. Everything is checked against the tags' types and ranges before the first
 * write, so a recipe value out of range writes nothing.
 */
final class Dispatcher {

    /** One write of a dispatch, with its value already converted to the tag's type. */
    record Write(TagPath path, Object value, String what) {
    }

    private static final long POLL_MILLIS = 20;

    private final TagBus bus;
    private final Clock clock;
    /** Checks, writes, reads back and audits each write (as every write in the server); null: the bus directly. */
    private final SetpointWriter writer;

    Dispatcher(TagBus bus, Clock clock) {
        this(bus, clock, null);
    }

    Dispatcher(TagBus bus, Clock clock, SetpointWriter writer) {
        this.bus = bus;
        this.clock = clock;
        this.writer = writer;
    }

    /** The writes for an order, checked; refuses (nothing written) what the tags would not take. */
    static List<Write> plan(TagBus bus, MesConfig.Line line, Product product, WorkOrder o) {
        if (product == null) {
            throw new MesException(Kind.INVALID, "order " + o.id() + ": unknown product " + o.product());
        }
        List<Write> writes = new ArrayList<>();
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(product.recipe()).entrySet()) {
            TagPath path = line.setpoints().get(e.getKey());
            if (path == null) {
                throw new MesException(Kind.INVALID, "order " + o.id() + ": line " + line.name() + " has no setpoint "
                        + e.getKey() + " for the recipe of " + product.id());
            }
            writes.add(checked(bus, o, path, e.getValue(), "recipe setpoint " + e.getKey()));
        }
        if (line.targetQuantity() != null) {
            writes.add(checked(bus, o, line.targetQuantity(), o.quantity(), "target quantity"));
        }
        if (line.orderId() != null) {
            writes.add(checked(bus, o, line.orderId(), o.id(), "order id"));
        }
        return writes;
    }

    private static Write checked(TagBus bus, WorkOrder o, TagPath path, Object value, String what) {
        TagInfo info = bus.info(path).orElseThrow(() -> new MesException(Kind.CONFLICT, "order " + o.id() + ": tag "
                + path + " (" + what + ") is not on the tag bus; is the line's connector running?"));
        TagDefinition definition = info.definition();
        if (definition == null || !definition.writable() || info.owner() == null) {
            throw new MesException(Kind.CONFLICT, "order " + o.id() + ": tag " + path + " (" + what
                    + ") cannot be written now (no connector owns it or it is read-only)");
        }
        try {
            return new Write(path, definition.convertForWrite(value), what);
        } catch (TagValueException e) {
            throw new MesException(Kind.INVALID, "order " + o.id() + ": " + what + " " + value
                    + " refused, nothing was written: " + e.getMessage());
        }
    }

    /** Carries out the plan; null when the PLC took the order, else why not. */
    String run(List<Write> plan, MesConfig.Line line, String orderId, String by) {
        long timeout = line.ackTimeoutMillis();
        for (Write w : plan) {
            if (writer != null) {
                String failure = writeAudited(w, by, timeout);
                if (failure != null) {
                    return failure;
                }
                continue;
            }
            WriteResult result;
            try {
                result = bus.write(w.path(), w.value(), "mes:" + by).toCompletableFuture()
                        .get(timeout, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException | InterruptedException | TagException e) {
                return failure(w, e, timeout);
            }
            if (!result.success()) {
                return "the PLC refused the " + w.what() + " " + w.value() + " at " + w.path() + ": " + result.message();
            }
            TagValue back = await(w.path(), w.value(), timeout);
            if (back == null || !same(back.value(), w.value())) {
                return "read-back of the " + w.what() + " at " + w.path() + " gave "
                        + (back == null ? "nothing" : back.value()) + ", expected " + w.value() + " (waited " + timeout + " ms)";
            }
        }
        if (line.orderAck() != null) {
            TagValue ack = await(line.orderAck(), orderId, timeout);
            if (ack == null || !same(ack.value(), orderId)) {
                return "the PLC did not acknowledge order " + orderId + " within " + timeout + " ms (" + line.orderAck()
                        + " shows '" + (ack == null ? "" : ack.value()) + "')";
            }
        }
        return null;
    }

    /** Why a write did not complete. */
    private static String failure(Write w, Exception e, long timeout) {
        if (e instanceof TimeoutException) {
            return "writing the " + w.what() + " to " + w.path() + " got no answer within " + timeout + " ms";
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return "interrupted while writing the " + w.what();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return "writing the " + w.what() + " to " + w.path() + " failed: " + cause.getMessage();
    }

    /** One write through the setpoint writer, as the MES acting for {@code by}; null when read back, else why not. */
    private String writeAudited(Write w, String by, long timeout) {
        WriteOutcome o;
        try {
            o = writer.write(new Actor(by, Role.ENGINEER, "mes"), w.path(), w.value()).toCompletableFuture()
                    .get(timeout + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            return failure(w, e, timeout);
        }
        return switch (o.result()) {
            case CONFIRMED -> null;
            case UNCONFIRMED -> "read-back of the " + w.what() + " at " + w.path() + " failed: " + o.message();
            case FAILED -> "the PLC refused the " + w.what() + " " + w.value() + " at " + w.path() + ": " + o.message();
            case REFUSED -> "writing the " + w.what() + " to " + w.path() + " was refused: " + o.message();
        };
    }

    /** Polls the tag until it shows {@code expected} with good quality; the last value seen when time runs out. */
    private TagValue await(TagPath path, Object expected, long timeoutMillis) {
        long deadline = clock.millis() + timeoutMillis;
        TagValue last;
        while (true) {
            last = bus.read(path).orElse(null);
            if (last != null && last.quality() == Quality.GOOD && same(last.value(), expected)) {
                return last;
            }
            if (clock.millis() >= deadline) {
                return last;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
    }

    static boolean same(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number e) {
            return Math.abs(a.doubleValue() - e.doubleValue()) <= 1e-9 * Math.max(1, Math.abs(e.doubleValue()));
        }
        return Objects.equals(actual, expected);
    }
}
