package org.plantwire.mes.rest.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.plantwire.mes.MesException;
import org.plantwire.mes.MesException.Kind;
import org.plantwire.mes.MesService;
import org.plantwire.mes.OrderRequest;
import org.plantwire.mes.Product;
import org.plantwire.mes.WorkOrder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * The MES REST API without the servlet: a request (method, path below {@code /api/mes}, query, body) in, a status
 * and a JSON body out. Refusals of the service map to 400 (invalid input), 404 (unknown), 409 (invalid transition,
 * duplicate, dispatch failed), 503 (database); malformed JSON is 400, an unknown path 404, a wrong method 405.
 */
public final class RestApi {

    /** An answer: HTTP status and JSON text. */
    public record Response(int status, String json) {
    }

    private static final List<String> ACTIONS = List.of("release", "start", "hold", "resume", "complete", "abort");

    private final MesService mes;
    private final ObjectMapper json;

    public RestApi(MesService mes) {
        this.mes = mes;
        this.json = new ObjectMapper().registerModule(new SimpleModule().addSerializer(Instant.class,
                ToStringSerializer.instance)).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public Response handle(String method, String path, Map<String, String> query, String body, String by) {
        try {
            return ok(route(method, segments(path), query, body, by));
        } catch (MesException e) {
            return error(e.kind().status(), e.getMessage());
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        } catch (NotFound e) {
            return error(404, e.getMessage());
        } catch (MethodNotAllowed e) {
            return error(405, e.getMessage());
        }
    }

    private static List<String> segments(String path) {
        String p = path == null ? "" : path.replaceAll("^/+|/+$", "");
        return p.isEmpty() ? List.of() : List.of(p.split("/+"));
    }

    private Object route(String method, List<String> s, Map<String, String> query, String body, String by) {
        String first = s.isEmpty() ? "" : s.get(0);
        switch (first) {
            case "status" -> {
                if (s.size() == 1) {
                    return get(method, mes::status);
                }
            }
            case "lines" -> {
                if (s.size() == 1) {
                    return get(method, mes::lines);
                }
                String line = s.get(1);
                if (s.size() == 3 && s.get(2).equals("oee")) {
                    return get(method, () -> mes.lineOee(line));
                }
                if (s.size() == 3 && s.get(2).equals("shifts")) {
                    return get(method, () -> mes.shiftOee(line));
                }
                if (s.size() == 3 && s.get(2).equals("downtime")) {
                    return get(method, () -> mes.downtime(line, intParam(query, "limit", 100)));
                }
            }
            case "products" -> {
                if (s.size() == 1) {
                    if (method.equals("POST")) {
                        return mes.createProduct(product(body), by);
                    }
                    return get(method, mes::products);
                }
            }
            case "orders" -> {
                if (s.size() == 1) {
                    if (method.equals("POST")) {
                        return mes.createOrder(orderRequest(body), by);
                    }
                    return get(method, () -> mes.orders(query.get("line")));
                }
                String id = s.get(1);
                if (s.size() == 2) {
                    return get(method, () -> mes.order(id).orElseThrow(() -> new NotFound("unknown order " + id)));
                }
                if (s.size() == 3 && s.get(2).equals("oee")) {
                    return get(method, () -> mes.orderOee(id));
                }
                if (s.size() == 3 && s.get(2).equals("consumption")) {
                    return get(method, () -> mes.consumption(id));
                }
                if (s.size() == 3 && ACTIONS.contains(s.get(2))) {
                    if (!method.equals("POST")) {
                        throw new MethodNotAllowed(method + " not allowed here: POST to " + s.get(2) + " an order");
                    }
                    return act(id, s.get(2), text(body, "reason"), by);
                }
            }
            case "downtime" -> {
                if (s.size() == 3 && s.get(2).equals("reason")) {
                    if (!method.equals("POST") && !method.equals("PUT")) {
                        throw new MethodNotAllowed(method + " not allowed here: PUT or POST {\"reason\": ...}");
                    }
                    long id;
                    try {
                        id = Long.parseLong(s.get(1));
                    } catch (NumberFormatException e) {
                        throw new BadRequest("downtime id '" + s.get(1) + "' is not a number");
                    }
                    String reason = text(body, "reason");
                    if (reason == null) {
                        throw new BadRequest("\"reason\" is required");
                    }
                    return mes.assignReason(id, reason, by);
                }
            }
            default -> {
                // below
            }
        }
        throw new NotFound("no such resource: /api/mes/" + String.join("/", s));
    }

    private WorkOrder act(String id, String action, String reason, String by) {
        return switch (action) {
            case "release" -> mes.release(id, by);
            case "start" -> mes.start(id, by);
            case "hold" -> mes.hold(id, reason == null ? "" : reason, by);
            case "resume" -> mes.resume(id, by);
            case "complete" -> mes.complete(id, by);
            default -> mes.abort(id, reason == null ? "" : reason, by);
        };
    }

    private interface Getter {
        Object get();
    }

    private static Object get(String method, Getter getter) {
        if (!method.equals("GET")) {
            throw new MethodNotAllowed(method + " not allowed here");
        }
        return getter.get();
    }

    private static int intParam(Map<String, String> query, String name, int defaultValue) {
        String v = query.get(name);
        try {
            return v == null ? defaultValue : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " '" + v + "' is not a number");
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequest("a JSON object is required in the request body");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private String text(String body, String field) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode v = parse(body).get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private OrderRequest orderRequest(String body) {
        JsonNode n = parse(body);
        JsonNode quantity = n.get("quantity");
        if (quantity == null || !quantity.canConvertToLong() || !quantity.isIntegralNumber()) {
            throw new BadRequest("\"quantity\" must be a whole number");
        }
        Instant due = null;
        if (n.hasNonNull("due")) {
            try {
                due = Instant.parse(n.get("due").asText());
            } catch (DateTimeParseException e) {
                throw new BadRequest("\"due\" '" + n.get("due").asText() + "' is not an ISO-8601 instant like 2026-11-28T14:00:00Z");
            }
        }
        JsonNode priority = n.get("priority");
        if (priority != null && !priority.isIntegralNumber()) {
            throw new BadRequest("\"priority\" must be a whole number");
        }
        return new OrderRequest(required(n, "id"), required(n, "product"), required(n, "line"), quantity.asLong(), due,
                priority == null ? 0 : priority.asInt());
    }

    private Product product(String body) {
        try {
            JsonNode n = parse(body);
            Product p = json.treeToValue(n, Product.class);
            return new Product(p.id(), p.name(), orEmpty(p.idealCycleSeconds()), orEmpty(p.recipe()),
                    p.bom() == null ? List.of() : p.bom(), "runtime");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BadRequest("not a product: " + e.getMessage());
        }
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static String required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new BadRequest("\"" + field + "\" is required");
        }
        return v.asText();
    }

    private Response ok(Object value) {
        try {
            return new Response(200, json.writeValueAsString(value));
        } catch (IOException e) {
            return error(500, "cannot write the answer: " + e.getMessage());
        }
    }

    private Response error(int status, String message) {
        ObjectNode n = json.createObjectNode();
        n.put("status", status);
        n.put("error", message);
        return new Response(status, n.toString());
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MethodNotAllowed(String message) {
            super(message);
        }
    }

    /** For the servlet: the query string as a map (last value wins). */
    public static Map<String, String> query(Map<String, String[]> parameters) {
        Map<String, String> result = new LinkedHashMap<>();
        parameters.forEach((k, v) -> result.put(k, v.length == 0 ? "" : v[v.length - 1]));
        return result;
    }
}
