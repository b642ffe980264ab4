package org.plantwire.plant.internal;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.plantwire.api.DataType;
import org.plantwire.api.InvalidTagPathException;
import org.plantwire.api.TagPath;
import org.plantwire.plant.MesConfig;
import org.plantwire.plant.TagMapping;

/**
 * Reads and checks a plant file's {@code mes:} section against the tags its connectors map: every binding names a
 * mapped tag of a fitting type, what dispatch writes is writable, recipes name setpoints of the lines they run on,
 * shifts and breaks are valid times.
 */
final class MesSectionParser {

    private static final Set<String> MES = Set.of("lines", "products", "shifts", "faultReasons", "microStopSeconds");
    private static final Set<String> LINE = Set.of("name", "cells", "bindings", "runningStates", "counterBits",
            "ackTimeoutMillis", "completion");
    private static final Set<String> BINDINGS = Set.of("state", "goodCount", "rejectCount", "faultCode", "orderId",
            "targetQuantity", "orderAck", "setpoints");
    private static final Set<String> PRODUCT = Set.of("id", "name", "idealCycleSeconds", "recipe", "bom");
    private static final Set<String> MATERIAL = Set.of("material", "quantity", "unit");
    private static final Set<String> SHIFT = Set.of("name", "start", "end", "breaks");
    private static final Set<String> BREAK = Set.of("start", "end");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private MesSectionParser() {
    }

    static MesConfig parse(Yaml node, TagPath prefix, Map<TagPath, TagMapping> tags) {
        if (node == null) {
            return MesConfig.NONE;
        }
        Map<String, Yaml> m = node.mapping(MES);
        Map<Integer, String> reasons = new LinkedHashMap<>();
        Yaml reasonsNode = m.get("faultReasons");
        if (reasonsNode != null) {
            for (Map.Entry<String, Yaml> e : reasonsNode.mapping(null).entrySet()) {
                String reason = e.getValue().text();
                try {
                    int code = Integer.parseInt(e.getKey().trim());
                    if (reason == null || !ID.matcher(reason.trim()).matches()) {
                        e.getValue().problem("a reason code (letters, digits, '-', '_', '.') is required");
                    } else {
                        reasons.put(code, reason.trim());
                    }
                } catch (NumberFormatException ex) {
                    e.getValue().problem("fault code '" + e.getKey() + "' is not a whole number");
                }
            }
        }
        Double microStop = Yaml.number(m, "microStopSeconds");
        if (microStop != null && microStop < 0) {
            m.get("microStopSeconds").problem("must be >= 0");
        }
        List<MesConfig.Line> lines = new ArrayList<>();
        Set<String> lineNames = new HashSet<>();
        for (Yaml l : m.containsKey("lines") ? m.get("lines").sequence() : List.<Yaml>of()) {
            MesConfig.Line line = line(l, prefix, tags);
            if (line != null && !lineNames.add(line.name())) {
                l.problem("line '" + line.name() + "' is given twice");
            } else if (line != null) {
                lines.add(line);
            }
        }
        Map<String, MesConfig.Line> byName = new HashMap<>();
        lines.forEach(l -> byName.put(l.name(), l));
        List<MesConfig.Product> products = new ArrayList<>();
        Set<String> productIds = new HashSet<>();
        for (Yaml p : m.containsKey("products") ? m.get("products").sequence() : List.<Yaml>of()) {
            MesConfig.Product product = product(p, byName);
            if (product != null && !productIds.add(product.id())) {
                p.problem("product '" + product.id() + "' is given twice");
            } else if (product != null) {
                products.add(product);
            }
        }
        List<MesConfig.Shift> shifts = new ArrayList<>();
        for (Yaml s : m.containsKey("shifts") ? m.get("shifts").sequence() : List.<Yaml>of()) {
            MesConfig.Shift shift = shift(s);
            if (shift != null) {
                shifts.add(shift);
            }
        }
        return new MesConfig(lines, products, shifts, reasons, microStop == null ? 0 : Math.round(microStop * 1000));
    }

    private static MesConfig.Line line(Yaml node, TagPath prefix, Map<TagPath, TagMapping> tags) {
        Map<String, Yaml> l = node.mapping(LINE);
        if (!node.isMapping()) {
            return null;
        }
        String name = Yaml.required(l, "name", node);
        List<String> cells = new ArrayList<>();
        for (Yaml c : l.containsKey("cells") ? l.get("cells").sequence() : List.<Yaml>of()) {
            String cell = c.text();
            if (cell != null) {
                cells.add(cell.trim());
            }
        }
        Set<Long> running = new HashSet<>();
        for (Yaml r : l.containsKey("runningStates") ? l.get("runningStates").sequence() : List.<Yaml>of()) {
            try {
                running.add(Long.parseLong(String.valueOf(r.text()).trim()));
            } catch (NumberFormatException e) {
                r.problem("'" + r.text() + "' is not a whole number");
            }
        }
        if (running.isEmpty()) {
            running.add(2L);
        }
        long bits = Yaml.whole(l, "counterBits", 32, 8, 62);
        long ackTimeout = Yaml.whole(l, "ackTimeoutMillis", 5000, 100, 600_000);
        String completion = Yaml.text(l, "completion");
        if (completion != null && !completion.equals("auto") && !completion.equals("confirm")) {
            l.get("completion").problem("'" + completion + "' is not auto or confirm");
        }
        Yaml bindingsNode = l.get("bindings");
        if (bindingsNode == null) {
            node.problem("bindings: is required (at least state, goodCount and rejectCount)");
            return null;
        }
        Map<String, Yaml> b = bindingsNode.mapping(BINDINGS);
        TagPath state = binding(b, "state", bindingsNode, prefix, tags, true, false, DataType.INTEGER);
        TagPath good = binding(b, "goodCount", bindingsNode, prefix, tags, true, false, DataType.INTEGER);
        TagPath reject = binding(b, "rejectCount", bindingsNode, prefix, tags, true, false, DataType.INTEGER);
        TagPath fault = binding(b, "faultCode", bindingsNode, prefix, tags, false, false, DataType.INTEGER);
        TagPath orderId = binding(b, "orderId", bindingsNode, prefix, tags, false, true, DataType.STRING);
        TagPath target = binding(b, "targetQuantity", bindingsNode, prefix, tags, false, true, DataType.INTEGER);
        TagPath ack = binding(b, "orderAck", bindingsNode, prefix, tags, false, false, DataType.STRING);
        Map<String, TagPath> setpoints = new LinkedHashMap<>();
        Yaml sp = b.get("setpoints");
        if (sp != null) {
            for (Map.Entry<String, Yaml> e : sp.mapping(null).entrySet()) {
                TagPath path = resolve(e.getValue(), prefix, tags, true, null);
                if (path != null) {
                    setpoints.put(e.getKey(), path);
                }
            }
        }
        if (name == null || prefix == null) {
            return null;
        }
        TagPath linePath;
        try {
            linePath = prefix.child(name);
        } catch (InvalidTagPathException e) {
            l.get("name").problem(e.getMessage());
            return null;
        }
        return new MesConfig.Line(name, linePath, cells, state, running, good, reject, 1L << bits, fault, orderId,
                target, ack, setpoints, ackTimeout, !"confirm".equals(completion));
    }

    private static TagPath binding(Map<String, Yaml> b, String key, Yaml parent, TagPath prefix,
                                   Map<TagPath, TagMapping> tags, boolean required, boolean writable, DataType type) {
        Yaml y = b.get(key);
        if (y == null) {
            if (required) {
                parent.problem(key + ": is required");
            }
            return null;
        }
        return resolve(y, prefix, tags, writable, type);
    }

    /** A bound tag: mapped by a connector of this plant, writable when written, of the type the MES expects. */
    private static TagPath resolve(Yaml y, TagPath prefix, Map<TagPath, TagMapping> tags, boolean writable,
                                   DataType type) {
        String text = y.text();
        if (text == null || prefix == null) {
            return null;
        }
        TagPath path;
        try {
            path = TagPath.of(prefix + "/" + text.trim());
        } catch (InvalidTagPathException e) {
            y.problem(e.getMessage());
            return null;
        }
        TagMapping mapping = tags.get(path);
        if (mapping == null) {
            y.problem("tag " + path + " is not mapped by a connector of this plant");
            return null;
        }
        if (writable && !mapping.writable()) {
            y.problem("tag " + path + " must be writable (the MES writes it on dispatch)");
        }
        if (type != null && mapping.type() != type) {
            y.problem("tag " + path + " is " + mapping.type().name().toLowerCase() + ", expected "
                    + type.name().toLowerCase());
        }
        return path;
    }

    private static MesConfig.Product product(Yaml node, Map<String, MesConfig.Line> lines) {
        Map<String, Yaml> p = node.mapping(PRODUCT);
        if (!node.isMapping()) {
            return null;
        }
        String id = Yaml.required(p, "id", node);
        if (id != null && !ID.matcher(id).matches()) {
            p.get("id").problem("'" + id + "' is not a product code (letters, digits, '-', '_', '.')");
        }
        String name = Yaml.text(p, "name");
        Map<String, Double> cycle = new LinkedHashMap<>();
        Set<String> madeOn = new HashSet<>();
        Yaml cycleNode = p.get("idealCycleSeconds");
        if (cycleNode == null) {
            node.problem("idealCycleSeconds: is required ({<line>: <seconds per unit>})");
        } else {
            for (Map.Entry<String, Yaml> e : cycleNode.mapping(null).entrySet()) {
                Double seconds = positive(e.getValue());
                if (!lines.containsKey(e.getKey())) {
                    e.getValue().problem("line '" + e.getKey() + "' is not a line of mes.lines");
                } else {
                    madeOn.add(e.getKey());
                    if (seconds != null) {
                        cycle.put(e.getKey(), seconds);
                    }
                }
            }
        }
        Map<String, Double> recipe = new LinkedHashMap<>();
        Yaml recipeNode = p.get("recipe");
        if (recipeNode != null) {
            for (Map.Entry<String, Yaml> e : recipeNode.mapping(null).entrySet()) {
                Double value = number(e.getValue());
                for (String line : madeOn) {
                    if (!lines.get(line).setpoints().containsKey(e.getKey())) {
                        e.getValue().problem("line '" + line + "' has no setpoint '" + e.getKey() + "' (its setpoints: "
                                + String.join(", ", new java.util.TreeSet<>(lines.get(line).setpoints().keySet())) + ")");
                    }
                }
                if (value != null) {
                    recipe.put(e.getKey(), value);
                }
            }
        }
        List<MesConfig.Material> bom = new ArrayList<>();
        for (Yaml b : p.containsKey("bom") ? p.get("bom").sequence() : List.<Yaml>of()) {
            Map<String, Yaml> mm = b.mapping(MATERIAL);
            String material = Yaml.required(mm, "material", b);
            Double quantity = mm.containsKey("quantity") ? positive(mm.get("quantity")) : null;
            if (!mm.containsKey("quantity")) {
                b.problem("quantity: is required (per unit of product)");
            }
            String unit = Yaml.text(mm, "unit");
            if (material != null && quantity != null) {
                bom.add(new MesConfig.Material(material, quantity, unit == null ? "" : unit.trim()));
            }
        }
        return id == null ? null : new MesConfig.Product(id, name == null ? id : name, cycle, recipe, bom);
    }

    private static MesConfig.Shift shift(Yaml node) {
        Map<String, Yaml> s = node.mapping(SHIFT);
        if (!node.isMapping()) {
            return null;
        }
        String name = Yaml.required(s, "name", node);
        LocalTime start = time(s, "start", node);
        LocalTime end = time(s, "end", node);
        List<MesConfig.Break> breaks = new ArrayList<>();
        for (Yaml b : s.containsKey("breaks") ? s.get("breaks").sequence() : List.<Yaml>of()) {
            Map<String, Yaml> bm = b.mapping(BREAK);
            LocalTime bs = time(bm, "start", b);
            LocalTime be = time(bm, "end", b);
            if (bs != null && be != null) {
                if (!be.isAfter(bs)) {
                    b.problem("a break must end after it starts");
                } else {
                    breaks.add(new MesConfig.Break(bs, be));
                }
            }
        }
        if (name == null || start == null || end == null) {
            return null;
        }
        if (start.equals(end)) {
            node.problem("a shift must not start and end at the same time");
        }
        return new MesConfig.Shift(name, start, end, breaks);
    }

    private static LocalTime time(Map<String, Yaml> map, String key, Yaml parent) {
        String text = Yaml.required(map, key, parent);
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            map.get(key).problem("'" + text + "' is not a time of day (HH:mm)");
            return null;
        }
    }

    private static Double number(Yaml y) {
        String text = y.text();
        try {
            double d = Double.parseDouble(String.valueOf(text).trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        y.problem("'" + text + "' is not a number");
        return null;
    }

    private static Double positive(Yaml y) {
        Double d = number(y);
        if (d != null && d <= 0) {
            y.problem(d + " must be > 0");
            return null;
        }
        return d;
    }
}
