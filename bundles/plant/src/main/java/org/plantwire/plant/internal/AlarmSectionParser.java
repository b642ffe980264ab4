package org.plantwire.plant.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.plantwire.api.DataType;
import org.plantwire.api.InvalidTagPathException;
import org.plantwire.api.TagPath;
import org.plantwire.plant.AlarmConfig;
import org.plantwire.plant.TagMapping;

/**
 * Reads and checks a plant file's {@code alarms:} section: each alarm watches a tag the plant's connectors map, of a
 * type that fits its kind (limits and rates on numbers, {@code boolean} on booleans, {@code state} on integers), with
 * valid limits, delays, priority and suppression.
 */
final class AlarmSectionParser {

    private static final Set<String> ALARM = Set.of("tag", "kind", "limit", "deadband", "onDelay", "offDelay", "priority",
            "message", "suppressWhen", "maxShelve");
    private static final Set<String> SUPPRESS = Set.of("tag", "equals");
    private static final List<String> KINDS = List.of("high-high", "high", "low", "low-low", "boolean", "state",
            "rate-of-change");
    private static final long DEFAULT_MAX_SHELVE = 8 * 3_600_000L;

    private AlarmSectionParser() {
    }

    static List<AlarmConfig> parse(Yaml node, TagPath prefix, Map<TagPath, TagMapping> tags) {
        List<AlarmConfig> alarms = new ArrayList<>();
        if (node == null) {
            return alarms;
        }
        Set<String> ids = new HashSet<>();
        for (Yaml a : node.sequence()) {
            AlarmConfig c = alarm(a, prefix, tags);
            if (c != null && !ids.add(c.tag() + ":" + c.kind())) {
                a.problem("a " + c.kind() + " alarm on " + c.tag() + " is defined already");
            } else if (c != null) {
                alarms.add(c);
            }
        }
        return alarms;
    }

    private static AlarmConfig alarm(Yaml node, TagPath prefix, Map<TagPath, TagMapping> tags) {
        Map<String, Yaml> m = node.mapping(ALARM);
        if (!node.isMapping()) {
            return null;
        }
        TagPath tag = tag(m.get("tag"), node, "tag", prefix, tags);
        String kind = Yaml.required(m, "kind", node);
        if (kind != null && !KINDS.contains(kind)) {
            m.get("kind").problem("'" + kind + "' is not an alarm kind; use " + String.join(", ", KINDS));
            kind = null;
        }
        Double limit = Yaml.number(m, "limit");
        double deadband = m.containsKey("deadband") ? orZero(Yaml.number(m, "deadband")) : 0;
        if (deadband < 0) {
            m.get("deadband").problem("must not be negative");
        }
        long onDelay = PlantFileParser.duration(m, "onDelay", 0, 0, "0ms");
        long offDelay = PlantFileParser.duration(m, "offDelay", 0, 0, "0ms");
        long maxShelve = PlantFileParser.duration(m, "maxShelve", DEFAULT_MAX_SHELVE, 60_000, "the shortest, 1m");
        int priority = (int) Yaml.whole(m, "priority", 3, 1, 4);
        TagPath suppressTag = null;
        Object suppressValue = null;
        Yaml s = m.get("suppressWhen");
        if (s != null) {
            Map<String, Yaml> sm = s.mapping(SUPPRESS);
            suppressTag = tag(sm.get("tag"), s, "tag", prefix, tags);
            suppressValue = Yaml.required(sm, "equals", s);
        }
        if (tag == null || kind == null) {
            return null;
        }
        DataType type = tags.get(tag).type();
        switch (kind) {
            case "boolean" -> {
                if (type != DataType.BOOLEAN) {
                    node.problem("a boolean alarm needs a boolean tag; " + tag + " is " + name(type));
                }
                if (limit == null) {
                    limit = 1.0; // in alarm when true
                } else if (limit != 0 && limit != 1) {
                    m.get("limit").problem("a boolean alarm's limit is 1 (in alarm when true) or 0 (when false)");
                }
            }
            case "state" -> {
                if (type != DataType.INTEGER) {
                    node.problem("a state alarm needs an integer tag; " + tag + " is " + name(type));
                }
                if (limit == null) {
                    node.problem("limit: is required (the state value that is in alarm)");
                }
            }
            default -> {
                if (type != DataType.INTEGER && type != DataType.FLOAT) {
                    node.problem("a " + kind + " alarm needs a numeric tag; " + tag + " is " + name(type));
                }
                if (limit == null) {
                    node.problem("limit: is required");
                } else if (kind.equals("rate-of-change") && limit <= 0) {
                    m.get("limit").problem("a rate-of-change limit (units per second) must be above 0");
                }
            }
        }
        if (limit == null) {
            return null;
        }
        return new AlarmConfig(tag, kind, limit, deadband, onDelay, offDelay, priority, Yaml.text(m, "message"), suppressTag,
                suppressValue, maxShelve, node.line());
    }

    private static TagPath tag(Yaml y, Yaml parent, String key, TagPath prefix, Map<TagPath, TagMapping> tags) {
        if (y == null) {
            parent.problem(key + ": is required");
            return null;
        }
        String text = y.text();
        if (text == null || prefix == null) {
            return null;
        }
        try {
            TagPath path = TagPath.of(prefix + "/" + text.trim());
            if (!tags.containsKey(path)) {
                y.problem("tag " + path + " is not mapped by a connector of this plant");
                return null;
            }
            return path;
        } catch (InvalidTagPathException e) {
            y.problem(e.getMessage());
            return null;
        }
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    private static String name(DataType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
