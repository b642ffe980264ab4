package org.plantwire.plant.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its key path and line, so every value read from a plant file can be reported with
 * {@code file:line: key: reason}. Reading a missing or mistyped value records a problem and returns a default, so
 * one pass finds every problem of a file.
 */
final class Yaml {

    private final Node node;
    private final String key;
    private final Problems problems;

    Yaml(Node node, String key, Problems problems) {
        this.node = node;
        this.key = key;
        this.problems = problems;
    }

    String key() {
        return key;
    }

    int line() {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    void problem(String reason) {
        problems.add(line(), key, reason);
    }

    /** The entries of a mapping, in file order; records a problem for a non-mapping or a key outside {@code known}. */
    Map<String, Yaml> mapping(Set<String> known) {
        Map<String, Yaml> result = new LinkedHashMap<>();
        if (!(node instanceof MappingNode)) {
            problem("expected a mapping (key: value lines)");
            return result;
        }
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                problems.add(t.getKeyNode().getStartMark().getLine() + 1, key, "keys must be plain names");
                continue;
            }
            String name = ((ScalarNode) t.getKeyNode()).getValue();
            String childKey = key.isEmpty() ? name : key + "." + name;
            if (known != null && !known.contains(name)) {
                problems.add(t.getKeyNode().getStartMark().getLine() + 1, childKey,
                        "unknown key (known here: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                continue;
            }
            if (result.containsKey(name)) {
                problems.add(t.getKeyNode().getStartMark().getLine() + 1, childKey, "given twice");
                continue;
            }
            result.put(name, new Yaml(t.getValueNode(), childKey, problems));
        }
        return result;
    }

    /** The items of a sequence; a missing node is an empty list. */
    List<Yaml> sequence() {
        List<Yaml> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        if (!(node instanceof SequenceNode)) {
            problem("expected a list (lines starting with '- ')");
            return result;
        }
        List<Node> items = ((SequenceNode) node).getValue();
        for (int i = 0; i < items.size(); i++) {
            result.add(new Yaml(items.get(i), key + "[" + i + "]", problems));
        }
        return result;
    }

    /** The text of a scalar, or null (and a problem) when it is not one. Null YAML values give null without a problem. */
    String text() {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode)) {
            problem("expected a single value");
            return null;
        }
        String v = ((ScalarNode) node).getValue();
        return v.equals("~") || v.equals("null") ? null : v;
    }

    static String text(Map<String, Yaml> map, String name) {
        Yaml y = map.get(name);
        return y == null ? null : y.text();
    }

    static String required(Map<String, Yaml> map, String name, Yaml parent) {
        String v = text(map, name);
        if (v == null || v.isBlank()) {
            if (!map.containsKey(name)) {
                parent.problems.add(parent.line(), parent.key.isEmpty() ? name : parent.key + "." + name, "is required");
            } else {
                map.get(name).problem("must not be empty");
            }
            return null;
        }
        return v.trim();
    }

    static boolean bool(Map<String, Yaml> map, String name, boolean defaultValue) {
        Yaml y = map.get(name);
        String v = y == null ? null : y.text();
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "on":
                return true;
            case "false": case "no": case "off":
                return false;
            default:
                y.problem("'" + v + "' is not true or false");
                return defaultValue;
        }
    }

    static Double number(Map<String, Yaml> map, String name) {
        Yaml y = map.get(name);
        String v = y == null ? null : y.text();
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            y.problem("'" + v + "' is not a number");
            return null;
        }
    }

    static long whole(Map<String, Yaml> map, String name, long defaultValue, long min, long max) {
        Yaml y = map.get(name);
        String v = y == null ? null : y.text();
        if (v == null) {
            return defaultValue;
        }
        try {
            long l = Long.parseLong(v.trim());
            if (l < min || l > max) {
                y.problem(l + " is out of range " + min + ".." + max);
                return defaultValue;
            }
            return l;
        } catch (NumberFormatException e) {
            y.problem("'" + v + "' is not a whole number");
            return defaultValue;
        }
    }
}
