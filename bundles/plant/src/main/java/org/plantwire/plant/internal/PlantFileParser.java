package org.plantwire.plant.internal;

import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.plantwire.api.DataType;
import org.plantwire.api.InvalidTagPathException;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.plant.AlarmConfig;
import org.plantwire.plant.BufferConfig;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.HistoryConfig;
import org.plantwire.plant.Limits;
import org.plantwire.plant.MesConfig;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.PlantAlarms;
import org.plantwire.plant.PlantHistory;
import org.plantwire.plant.Protocols;
import org.plantwire.plant.PublisherConfig;
import org.plantwire.plant.Scaling;
import org.plantwire.plant.SecurityConfig;
import org.plantwire.plant.TagMapping;
import org.plantwire.plant.Timing;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one plant file and checks all of it: structure, names, protocols, endpoints, addresses, types, scaling,
 * limits, duplicate tags and connectors. The result is a {@link PlantConfig} or the complete list of problems; a
 * file with any problem is refused as a whole.
 */
public final class PlantFileParser {

    private static final Set<String> TOP = Set.of("plant", "history", "connectors", "publishers", "mes", "alarms");
    private static final Set<String> PLANT = Set.of("path", "enterprise", "site", "area", "line", "description");
    private static final Set<String> CONNECTOR = Set.of("name", "protocol", "endpoint", "enabled", "description",
            "security", "timing", "limits", "options", "tags");
    private static final Set<String> SECURITY = Set.of("policy", "mode", "username", "password", "trustDir", "tls");
    private static final Set<String> TIMING = Set.of("samplingMillis", "publishingMillis", "pollMillis",
            "requestTimeoutMillis", "reconnectMinMillis", "reconnectMaxMillis");
    private static final Set<String> LIMITS = Set.of("maxItemsPerSubscription", "maxRegistersPerRequest", "maxGap");
    private static final Set<String> TAG = Set.of("path", "address", "type", "unit", "scale", "deadband", "writable",
            "min", "max", "description", "encoding", "wordOrder", "jsonPointer", "history");
    private static final Set<String> SCALE = Set.of("factor", "offset", "rawMin", "rawMax", "min", "max");
    private static final Set<String> PUBLISHER = Set.of("name", "protocol", "endpoint", "enabled", "root", "pattern",
            "qos", "retained", "clientId", "security", "buffer");
    private static final Set<String> BUFFER = Set.of("maxEntries", "maxBytes", "maxAge", "whenFull");
    private static final Set<String> HISTORY = Set.of("enabled", "compression", "deadband", "retention");
    /** Shortest retention: less would drop data while a query reads it. */
    private static final long MIN_RETENTION_MILLIS = 60_000;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            Protocols.OPCUA, Set.of(),
            Protocols.MODBUS_TCP, Set.of("unitId"),
            Protocols.MQTT, Set.of("clientId", "qos", "version", "cleanSession"));

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern NODE_ID = Pattern.compile("(ns=\\d+;)?(i=\\d+|s=.+|g=[0-9a-fA-F-]{36}|b=[A-Za-z0-9+/=]+)");
    private static final Pattern MODBUS_ADDRESS = Pattern.compile("(holding|input|coil|discrete):(\\d{1,5})");
    private static final List<String> OPCUA_POLICIES = List.of("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss");
    private static final List<String> OPCUA_MODES = List.of("None", "Sign", "SignAndEncrypt");
    private static final Map<String, Integer> REGISTER_WIDTH = Map.of("int16", 1, "uint16", 1, "int32", 2, "uint32", 2,
            "float32", 2, "float64", 4);

    private PlantFileParser() {
    }

    /** The outcome: exactly one of {@code plant} and {@code problems} is meaningful. */
    public record Result(PlantConfig plant, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * @param name     the plant's name (the file's base name)
     * @param fileName how messages name the file
     */
    public static Result parse(String name, String fileName, Reader reader) {
        Problems problems = new Problems(fileName);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by Yaml.mapping with the line
            root = new org.yaml.snakeyaml.Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            problems.add(line, "", "not valid YAML: " + e.getProblem());
            return new Result(null, problems.list());
        } catch (RuntimeException e) {
            problems.add(1, "", "cannot be read: " + e.getMessage());
            return new Result(null, problems.list());
        }
        if (root == null) {
            problems.add(1, "", "the file is empty; it needs at least 'plant:' and 'connectors:'");
            return new Result(null, problems.list());
        }
        Yaml top = new Yaml(root, "", problems);
        Map<String, Yaml> sections = top.mapping(TOP);
        Yaml plantNode = sections.get("plant");
        TagPath prefix = null;
        String description = "";
        if (plantNode == null) {
            problems.add(top.line(), "plant", "is required (the plant's place in the namespace: enterprise, site, area)");
        } else {
            Map<String, Yaml> p = plantNode.mapping(PLANT);
            prefix = prefix(p, plantNode);
            description = Yaml.text(p, "description");
        }
        String source = fileName;
        HistoryConfig historyDefaults = history(sections.get("history"), HistoryConfig.DEFAULTS, null);
        Map<TagPath, HistoryConfig> histories = new HashMap<>();
        List<ConnectorConfig> connectors = new ArrayList<>();
        Map<String, Integer> connectorLines = new HashMap<>();
        Map<TagPath, String> tagLines = new HashMap<>();
        Yaml connectorsNode = sections.get("connectors");
        for (Yaml c : connectorsNode == null ? List.<Yaml>of() : connectorsNode.sequence()) {
            ConnectorConfig config = connector(name, prefix, c, source, problems, tagLines, historyDefaults, histories);
            if (config != null) {
                Integer earlier = connectorLines.putIfAbsent(config.name(), c.line());
                if (earlier != null) {
                    c.problem("connector name '" + config.name() + "' is already used on line " + earlier);
                } else if (!config.options().containsKey("disabled")) {
                    connectors.add(config);
                }
            }
        }
        List<PublisherConfig> publishers = new ArrayList<>();
        Yaml publishersNode = sections.get("publishers");
        for (Yaml p : publishersNode == null ? List.<Yaml>of() : publishersNode.sequence()) {
            PublisherConfig config = publisher(name, prefix, p, source, problems);
            if (config != null) {
                Integer earlier = connectorLines.putIfAbsent(config.name(), p.line());
                if (earlier != null) {
                    p.problem("name '" + config.name() + "' is already used on line " + earlier
                            + " (connectors and publishers share one namespace)");
                } else {
                    publishers.add(config);
                }
            }
        }
        if (connectorsNode == null && publishersNode == null && plantNode != null) {
            problems.add(top.line(), "connectors", "a plant needs at least one connector or publisher");
        }
        Map<TagPath, TagMapping> mapped = new HashMap<>();
        connectors.forEach(c -> c.tags().forEach(t -> mapped.put(t.path(), t)));
        MesConfig mes = MesSectionParser.parse(sections.get("mes"), prefix, mapped);
        List<AlarmConfig> alarms = AlarmSectionParser.parse(sections.get("alarms"), prefix, mapped);
        if (!problems.isEmpty()) {
            return new Result(null, problems.list());
        }
        // tags of disabled connectors keep their history settings: their recorded data stays queryable
        return new Result(new PlantConfig(name, prefix, description == null ? "" : description, connectors, publishers,
                new PlantHistory(name, historyDefaults, histories, fileName), fileName, mes,
                new PlantAlarms(name, alarms, fileName)), List.of());
    }

    private static TagPath prefix(Map<String, Yaml> p, Yaml node) {
        String path = Yaml.text(p, "path");
        if (path == null) {
            StringBuilder sb = new StringBuilder();
            for (String level : new String[] {"enterprise", "site", "area", "line"}) {
                String v = Yaml.text(p, level);
                if (v != null) {
                    sb.append(sb.length() == 0 ? "" : "/").append(v.trim());
                } else if (level.equals("enterprise") || level.equals("site")) {
                    node.problem("needs 'path: enterprise/site[/area]' or at least 'enterprise:' and 'site:'");
                    return null;
                }
            }
            path = sb.toString();
        }
        try {
            return TagPath.of(path.trim());
        } catch (InvalidTagPathException e) {
            (p.containsKey("path") ? p.get("path") : node).problem(e.getMessage());
            return null;
        }
    }

    private static ConnectorConfig connector(String plant, TagPath prefix, Yaml node, String file, Problems problems,
                                             Map<TagPath, String> tagLines, HistoryConfig historyDefaults,
                                             Map<TagPath, HistoryConfig> histories) {
        Map<String, Yaml> c = node.mapping(CONNECTOR);
        if (!node.isMapping()) {
            return null;
        }
        String name = name(c, node);
        String protocol = protocol(c, node, Protocols.CONNECTORS, "protocol");
        String endpoint = endpoint(c, node, protocol);
        boolean enabled = Yaml.bool(c, "enabled", true);
        SecurityConfig security = security(c.get("security"), protocol);
        Timing timing = timing(c.get("timing"));
        Limits limits = limits(c.get("limits"));
        Map<String, String> options = options(c.get("options"), protocol);
        List<TagMapping> tags = new ArrayList<>();
        Yaml tagsNode = c.get("tags");
        for (Yaml t : tagsNode == null ? List.<Yaml>of() : tagsNode.sequence()) {
            TagMapping mapping = tag(prefix, protocol, t, historyDefaults, histories);
            if (mapping != null) {
                String earlier = tagLines.putIfAbsent(mapping.path(), "line " + t.line() + " (connector " + name + ")");
                if (earlier != null) {
                    t.problem("tag path " + mapping.path() + " is already mapped on " + earlier);
                } else {
                    tags.add(mapping);
                }
            }
        }
        if (tagsNode == null && protocol != null) {
            problems.add(node.line(), node.key() + ".tags", "a connector needs a tag map (tags:)");
        }
        if (name == null || protocol == null || endpoint == null || prefix == null) {
            return null;
        }
        if (!enabled) {
            options = new LinkedHashMap<>(options);
            options.put("disabled", "true");
        }
        return new ConnectorConfig(plant, prefix.toString(), name, protocol, endpoint, security, timing, limits, options,
                tags, file + ":" + node.line());
    }

    private static String name(Map<String, Yaml> map, Yaml node) {
        String name = Yaml.required(map, "name", node);
        if (name != null && !NAME.matcher(name).matches()) {
            map.get("name").problem("'" + name + "' is not a valid name: use lower-case letters, digits, '-' and '_' (at most 64)");
        }
        return name;
    }

    /** The protocol if it is one of {@code known}, else null (and a problem). */
    private static String protocol(Map<String, Yaml> map, Yaml node, List<String> known, String what) {
        String protocol = Yaml.required(map, "protocol", node);
        if (protocol != null && !known.contains(protocol)) {
            map.get("protocol").problem("unknown " + what + " '" + protocol + "'; use one of " + String.join(", ", known));
            return null;
        }
        return protocol;
    }

    private static String endpoint(Map<String, Yaml> map, Yaml node, String protocol) {
        String endpoint = Yaml.required(map, "endpoint", node);
        if (endpoint != null && protocol != null) {
            checkEndpoint(protocol, endpoint, map.get("endpoint"));
        }
        return endpoint;
    }

    private static void checkEndpoint(String protocol, String endpoint, Yaml node) {
        String expected;
        switch (protocol) {
            case Protocols.OPCUA:
                expected = "opc.tcp://";
                break;
            case Protocols.MODBUS_TCP:
                expected = "modbus-tcp://";
                break;
            default:
                if (endpoint.startsWith("tcp://") || endpoint.startsWith("ssl://")) {
                    checkHostPort(endpoint, node);
                    return;
                }
                node.problem("'" + endpoint + "' is not an MQTT broker address; write tcp://host:port or ssl://host:port");
                return;
        }
        if (!endpoint.startsWith(expected)) {
            node.problem("'" + endpoint + "' is not a " + protocol + " endpoint; write " + expected + "host:port"
                    + (protocol.equals(Protocols.OPCUA) ? "[/path]" : ""));
            return;
        }
        checkHostPort(endpoint, node);
    }

    private static void checkHostPort(String endpoint, Yaml node) {
        try {
            java.net.URI uri = new java.net.URI(endpoint);
            if (uri.getHost() == null) {
                node.problem("'" + endpoint + "' has no host");
            } else if (uri.getPort() > 65535) {
                node.problem("'" + endpoint + "' has an invalid port");
            }
        } catch (java.net.URISyntaxException e) {
            node.problem("'" + endpoint + "' is not a valid address: " + e.getReason());
        }
    }

    private static SecurityConfig security(Yaml node, String protocol) {
        if (node == null) {
            return SecurityConfig.NONE;
        }
        Map<String, Yaml> s = node.mapping(SECURITY);
        String policy = Yaml.text(s, "policy");
        String mode = Yaml.text(s, "mode");
        if (Protocols.OPCUA.equals(protocol)) {
            policy = policy == null ? "None" : policy.trim();
            mode = mode == null ? (policy.equals("None") ? "None" : "SignAndEncrypt") : mode.trim();
            if (!OPCUA_POLICIES.contains(policy)) {
                s.get("policy").problem("unknown security policy '" + policy + "'; use one of " + String.join(", ", OPCUA_POLICIES));
            } else if (!OPCUA_MODES.contains(mode)) {
                s.get("mode").problem("unknown security mode '" + mode + "'; use one of " + String.join(", ", OPCUA_MODES));
            } else if (policy.equals("None") != mode.equals("None")) {
                (s.containsKey("mode") ? s.get("mode") : node).problem("policy " + policy + " and mode " + mode
                        + " do not go together: policy None needs mode None, any other policy Sign or SignAndEncrypt");
            }
        } else if (policy != null || mode != null) {
            node.problem("policy and mode are OPC UA settings; " + protocol + " uses username, password and tls");
        }
        String username = Yaml.text(s, "username");
        String password = Yaml.text(s, "password");
        if (password != null && username == null) {
            node.problem("a password needs a username");
        }
        return new SecurityConfig(policy, mode, username, password, Yaml.text(s, "trustDir"), Yaml.bool(s, "tls", false));
    }

    private static Timing timing(Yaml node) {
        if (node == null) {
            return Timing.DEFAULTS;
        }
        Map<String, Yaml> t = node.mapping(TIMING);
        Timing d = Timing.DEFAULTS;
        long day = 86_400_000L;
        Timing timing = new Timing(
                Yaml.whole(t, "samplingMillis", d.samplingMillis(), 0, day),
                Yaml.whole(t, "publishingMillis", d.publishingMillis(), 1, day),
                Yaml.whole(t, "pollMillis", d.pollMillis(), 10, day),
                Yaml.whole(t, "requestTimeoutMillis", d.requestTimeoutMillis(), 100, 600_000),
                Yaml.whole(t, "reconnectMinMillis", d.reconnectMinMillis(), 10, day),
                Yaml.whole(t, "reconnectMaxMillis", d.reconnectMaxMillis(), 10, day));
        if (timing.reconnectMinMillis() > timing.reconnectMaxMillis()) {
            node.problem("reconnectMinMillis " + timing.reconnectMinMillis() + " is above reconnectMaxMillis "
                    + timing.reconnectMaxMillis());
        }
        return timing;
    }

    private static Limits limits(Yaml node) {
        if (node == null) {
            return Limits.DEFAULTS;
        }
        Map<String, Yaml> l = node.mapping(LIMITS);
        Limits d = Limits.DEFAULTS;
        return new Limits(
                (int) Yaml.whole(l, "maxItemsPerSubscription", d.maxItemsPerSubscription(), 1, 1_000_000),
                (int) Yaml.whole(l, "maxRegistersPerRequest", d.maxRegistersPerRequest(), 1, 125),
                (int) Yaml.whole(l, "maxGap", d.maxGap(), 0, 125));
    }

    private static Map<String, String> options(Yaml node, String protocol) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || protocol == null) {
            return result;
        }
        Map<String, Yaml> o = node.mapping(OPTIONS.get(protocol));
        for (Map.Entry<String, Yaml> e : o.entrySet()) {
            String v = e.getValue().text();
            if (v == null) {
                continue;
            }
            switch (e.getKey()) {
                case "unitId":
                    Yaml.whole(o, "unitId", 1, 0, 255);
                    break;
                case "qos":
                    Yaml.whole(o, "qos", 1, 0, 2);
                    break;
                case "version":
                    if (!v.equals("3.1.1") && !v.equals("5")) {
                        e.getValue().problem("MQTT version '" + v + "' is not supported; use 3.1.1 or 5");
                    }
                    break;
                case "cleanSession":
                    Yaml.bool(o, "cleanSession", false);
                    break;
                default:
                    break;
            }
            result.put(e.getKey(), v.trim());
        }
        return result;
    }

    private static TagMapping tag(TagPath prefix, String protocol, Yaml node, HistoryConfig historyDefaults,
                                  Map<TagPath, HistoryConfig> histories) {
        Map<String, Yaml> t = node.mapping(TAG);
        if (!node.isMapping()) {
            return null;
        }
        String relative = Yaml.required(t, "path", node);
        TagPath path = null;
        if (relative != null && prefix != null) {
            try {
                path = TagPath.of(prefix + "/" + relative);
            } catch (InvalidTagPathException e) {
                t.get("path").problem(e.getMessage());
            }
        }
        String address = Yaml.required(t, "address", node);
        String encoding = Yaml.text(t, "encoding");
        String wordOrder = Yaml.text(t, "wordOrder");
        String jsonPointer = Yaml.text(t, "jsonPointer");
        boolean writable = Yaml.bool(t, "writable", false);
        DataType type = null;
        String typeText = Yaml.text(t, "type");
        if (typeText != null) {
            try {
                type = DataType.parse(typeText);
            } catch (IllegalArgumentException e) {
                t.get("type").problem(e.getMessage());
            }
        }
        if (protocol != null && address != null) {
            switch (protocol) {
                case Protocols.OPCUA:
                    if (!NODE_ID.matcher(address).matches()) {
                        t.get("address").problem("'" + address + "' is not an OPC UA NodeId; write e.g. ns=2;s=Filler/Temperature or ns=0;i=2258");
                    }
                    notFor(t, protocol, "encoding", "wordOrder", "jsonPointer");
                    break;
                case Protocols.MODBUS_TCP:
                    DataType implied = modbus(t, address, encoding, wordOrder, writable, typeText == null);
                    if (type == null) {
                        type = implied;
                    }
                    encoding = encoding == null ? (address.startsWith("coil") || address.startsWith("discrete") ? "bool" : "int16") : encoding;
                    wordOrder = wordOrder == null ? "big" : wordOrder;
                    notFor(t, protocol, "jsonPointer");
                    break;
                default:
                    if (address.contains("+") || address.contains("#")) {
                        t.get("address").problem("'" + address + "': a tag's topic must be exact, without + or #");
                    }
                    if (jsonPointer != null && !jsonPointer.isEmpty() && !jsonPointer.startsWith("/")) {
                        t.get("jsonPointer").problem("'" + jsonPointer + "' is not a JSON pointer; it starts with '/', e.g. /temperature");
                    }
                    notFor(t, protocol, "encoding", "wordOrder");
                    break;
            }
        }
        if (type == null && typeText == null) {
            node.problem("type is required (boolean, integer, float or string)");
        }
        boolean numeric = type == DataType.INTEGER || type == DataType.FLOAT;
        Scaling scaling = scaling(t.get("scale"));
        if (scaling != null && !scaling.isIdentity() && type != null && type != DataType.FLOAT) {
            t.get("scale").problem("a scaled tag must be of type float, not " + type);
        }
        double deadband = 0;
        Double d = Yaml.number(t, "deadband");
        if (d != null) {
            if (d < 0) {
                t.get("deadband").problem("must not be negative");
            } else if (type != null && !numeric) {
                t.get("deadband").problem("only numeric tags have a deadband");
            }
            deadband = d;
        }
        Double min = Yaml.number(t, "min");
        Double max = Yaml.number(t, "max");
        if ((min != null || max != null) && type != null && !numeric) {
            (t.containsKey("min") ? t.get("min") : t.get("max")).problem("only numeric tags have limits");
        }
        if (min != null && max != null && min > max) {
            t.get("min").problem("min " + min + " is above max " + max);
        }
        if (type != null) {
            HistoryConfig history = history(t.get("history"), historyDefaults, type);
            if (path != null) {
                histories.put(path, history);
            }
        }
        if (path == null || address == null || type == null) {
            return null;
        }
        return new TagMapping(path, address, type, protocol != null && protocol.equals(Protocols.MODBUS_TCP) ? encoding : null,
                protocol != null && protocol.equals(Protocols.MODBUS_TCP) ? wordOrder : null,
                jsonPointer == null || jsonPointer.isEmpty() ? null : jsonPointer, Yaml.text(t, "unit"),
                scaling == null ? Scaling.NONE : scaling, deadband, writable, min, max, Yaml.text(t, "description"), node.line());
    }

    private static void notFor(Map<String, Yaml> t, String protocol, String... keys) {
        for (String k : keys) {
            if (t.containsKey(k)) {
                t.get(k).problem("is not a " + protocol + " setting");
            }
        }
    }

    /** Checks a Modbus address and encoding; returns the type the encoding implies. */
    private static DataType modbus(Map<String, Yaml> t, String address, String encoding, String wordOrder,
                                   boolean writable, boolean typeMissing) {
        var m = MODBUS_ADDRESS.matcher(address);
        if (!m.matches()) {
            t.get("address").problem("'" + address + "' is not a Modbus address; write holding:<n>, input:<n>, coil:<n> or discrete:<n> (n = 0..65535)");
            return null;
        }
        String table = m.group(1);
        int offset = Integer.parseInt(m.group(2));
        if (offset > 65535) {
            t.get("address").problem("offset " + offset + " is above 65535");
            return null;
        }
        boolean bits = table.equals("coil") || table.equals("discrete");
        if (writable && (table.equals("input") || table.equals("discrete"))) {
            t.get("writable").problem(table + " " + (bits ? "inputs" : "registers") + " are read-only in Modbus; only holding registers and coils can be written");
        }
        if (bits) {
            if (encoding != null && !encoding.equals("bool")) {
                t.get("encoding").problem(table + "s hold single bits: encoding must be bool (or left out)");
            }
            if (wordOrder != null) {
                t.get("wordOrder").problem("has no meaning for " + table + "s");
            }
            return DataType.BOOLEAN;
        }
        String enc = encoding == null ? "int16" : encoding.toLowerCase(Locale.ROOT);
        Integer width = REGISTER_WIDTH.get(enc);
        if (width == null) {
            (encoding == null ? t.get("address") : t.get("encoding")).problem("unknown register encoding '" + encoding
                    + "'; use int16, uint16, int32, uint32, float32 or float64");
            return null;
        }
        if (offset + width > 65536) {
            t.get("address").problem(enc + " at " + offset + " runs past register 65535");
        }
        if (wordOrder != null && !wordOrder.equals("big") && !wordOrder.equals("little")) {
            t.get("wordOrder").problem("'" + wordOrder + "' is not a word order; use big (most significant word first) or little");
        }
        if (t.containsKey("scale")) {
            return DataType.FLOAT;
        }
        return enc.startsWith("float") ? DataType.FLOAT : DataType.INTEGER;
    }

    private static Scaling scaling(Yaml node) {
        if (node == null) {
            return null;
        }
        Map<String, Yaml> s = node.mapping(SCALE);
        Double factor = Yaml.number(s, "factor");
        Double offset = Yaml.number(s, "offset");
        Double rawMin = Yaml.number(s, "rawMin");
        Double rawMax = Yaml.number(s, "rawMax");
        Double min = Yaml.number(s, "min");
        Double max = Yaml.number(s, "max");
        try {
            if (factor != null || offset != null) {
                if (rawMin != null || rawMax != null || min != null || max != null) {
                    node.problem("give either factor/offset or rawMin/rawMax/min/max, not both");
                    return null;
                }
                return new Scaling(factor == null ? 1 : factor, offset == null ? 0 : offset);
            }
            if (rawMin == null || rawMax == null || min == null || max == null) {
                node.problem("needs factor (and offset) or all four of rawMin, rawMax, min, max");
                return null;
            }
            return Scaling.ofRanges(rawMin, rawMax, min, max);
        } catch (IllegalArgumentException e) {
            node.problem(e.getMessage());
            return null;
        }
    }

    private static PublisherConfig publisher(String plant, TagPath prefix, Yaml node, String file, Problems problems) {
        Map<String, Yaml> p = node.mapping(PUBLISHER);
        if (!node.isMapping()) {
            return null;
        }
        String name = name(p, node);
        String protocol = protocol(p, node, Protocols.PUBLISHERS, "publisher protocol");
        String endpoint = endpoint(p, node, protocol);
        String root = Yaml.text(p, "root");
        if (root != null && (root.contains("+") || root.contains("#") || root.startsWith("/") || root.endsWith("/"))) {
            p.get("root").problem("'" + root + "' is not a topic prefix: no wildcards, no leading or trailing '/'");
        }
        String patternText = Yaml.text(p, "pattern");
        TagPattern pattern = null;
        if (prefix != null) {
            String relative = patternText == null ? "#" : patternText.trim();
            try {
                pattern = TagPattern.of(prefix + "/" + relative);
            } catch (InvalidTagPathException e) {
                p.get("pattern").problem(e.getMessage());
            }
        }
        int qos = (int) Yaml.whole(p, "qos", 1, 0, 2);
        boolean retained = Yaml.bool(p, "retained", true);
        boolean enabled = Yaml.bool(p, "enabled", true);
        String clientId = Yaml.text(p, "clientId");
        SecurityConfig security = security(p.get("security"), protocol);
        BufferConfig buffer = buffer(p.get("buffer"));
        if (name == null || protocol == null || endpoint == null || pattern == null || !enabled) {
            return null;
        }
        return new PublisherConfig(plant, name, protocol, endpoint, root == null ? "" : root, pattern, qos, retained,
                clientId == null ? "plantwire-" + name : clientId, security, buffer, file + ":" + node.line());
    }

    /** {@code buffer: {maxEntries: 1000000, maxBytes: 512MB, maxAge: 24h, whenFull: drop-oldest}}; each key optional. */
    private static BufferConfig buffer(Yaml node) {
        BufferConfig d = BufferConfig.DEFAULTS;
        if (node == null) {
            return d;
        }
        Map<String, Yaml> b = node.mapping(BUFFER);
        long maxEntries = Yaml.whole(b, "maxEntries", d.maxEntries(), 1, 1_000_000_000L);
        long maxBytes = d.maxBytes();
        String size = Yaml.text(b, "maxBytes");
        if (size != null) {
            var m = SIZE.matcher(size.trim());
            long unit = m.matches() ? unit(m.group(2)) : 0;
            if (unit == 0) {
                b.get("maxBytes").problem("'" + size + "' is not a size; write e.g. 512MB, 2GB, 100000KB or a number of bytes");
            } else if (m.group(1).length() > 15 || Long.parseLong(m.group(1)) * unit < 1024 * 1024) {
                b.get("maxBytes").problem("'" + size + "' is below the smallest buffer, 1MB");
            } else {
                maxBytes = Long.parseLong(m.group(1)) * unit;
            }
        }
        long maxAge = duration(b, "maxAge", d.maxAgeMillis(), 1_000, "the shortest age kept, 1s");
        BufferConfig.WhenFull whenFull = d.whenFull();
        String policy = Yaml.text(b, "whenFull");
        if (policy != null) {
            try {
                whenFull = BufferConfig.WhenFull.parse(policy);
            } catch (IllegalArgumentException e) {
                b.get("whenFull").problem(e.getMessage());
            }
        }
        return new BufferConfig(maxEntries, maxBytes, maxAge, whenFull);
    }

    /** A duration such as {@code 24h}, {@code 7d}, {@code 30m}, {@code 90s}, {@code 500ms}; the default if absent or wrong. */
    static long duration(Map<String, Yaml> map, String key, long defaultMillis, long minMillis, String shortest) {
        String text = Yaml.text(map, key);
        if (text == null) {
            return defaultMillis;
        }
        var m = DURATION.matcher(text.trim());
        if (!m.matches() || m.group(1).length() > 12) {
            map.get(key).problem("'" + text + "' is not a duration; write e.g. 24h, 7d, 30m, 90s or 500ms");
            return defaultMillis;
        }
        long millis = Long.parseLong(m.group(1)) * switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        if (millis < minMillis) {
            map.get(key).problem("'" + text + "' is shorter than " + shortest);
            return defaultMillis;
        }
        return millis;
    }

    /**
     * {@code history: {enabled: true, compression: deadband, deadband: 0.5, retention: 30d}} (each key optional, the
     * rest from {@code base}), or {@code history: off} / {@code on}. {@code type} is null for the plant-wide section.
     */
    private static HistoryConfig history(Yaml node, HistoryConfig base, DataType type) {
        if (node == null) {
            return type == null || (base.compression() != HistoryConfig.Compression.SWINGING_DOOR && base.deadband() == 0)
                    || numeric(type) ? base : new HistoryConfig(base.enabled(), HistoryConfig.Compression.DEADBAND, 0,
                    base.retentionMillis()); // the plant's analogue settings do not apply to a boolean or a string
        }
        if (!node.isMapping()) {
            Map<String, Yaml> shorthand = Map.of("history", node);
            boolean on = Yaml.bool(shorthand, "history", base.enabled());
            return new HistoryConfig(on, base.compression(), type == null || numeric(type) ? base.deadband() : 0,
                    base.retentionMillis());
        }
        Map<String, Yaml> h = node.mapping(HISTORY);
        boolean enabled = Yaml.bool(h, "enabled", base.enabled());
        HistoryConfig.Compression compression = base.compression();
        String text = Yaml.text(h, "compression");
        if (text != null) {
            try {
                compression = HistoryConfig.Compression.parse(text);
            } catch (IllegalArgumentException e) {
                h.get("compression").problem(e.getMessage());
            }
        }
        double deadband = base.deadband();
        Double d = Yaml.number(h, "deadband");
        if (d != null) {
            if (d < 0) {
                h.get("deadband").problem("must not be negative");
            } else {
                deadband = d;
            }
        }
        if (type != null && !numeric(type)) {
            if (d != null && d > 0) {
                h.get("deadband").problem("only numeric tags have a history deadband; this tag is " + type);
            } else if (compression == HistoryConfig.Compression.SWINGING_DOOR && text != null) {
                h.get("compression").problem("swinging-door compression is for numeric tags; this tag is " + type);
            }
            deadband = 0;
            compression = compression == HistoryConfig.Compression.SWINGING_DOOR ? HistoryConfig.Compression.DEADBAND : compression;
        }
        if (compression == HistoryConfig.Compression.SWINGING_DOOR && deadband == 0 && (type == null || numeric(type))) {
            (h.containsKey("deadband") ? h.get("deadband") : node).problem("swinging-door compression needs a deadband above 0 (the door's width)");
        }
        long retention = duration(h, "retention", base.retentionMillis(), MIN_RETENTION_MILLIS, "the shortest retention, 1m");
        return new HistoryConfig(enabled, compression, Math.max(0, deadband), retention);
    }

    private static boolean numeric(DataType type) {
        return type == DataType.INTEGER || type == DataType.FLOAT;
    }

    /** Bytes per unit of a size; 0 for an unknown unit. */
    private static long unit(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit.toUpperCase(Locale.ROOT)) {
            case "B" -> 1;
            case "KB" -> 1024L;
            case "MB" -> 1024L * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            case "TB" -> 1024L * 1024 * 1024 * 1024;
            default -> 0;
        };
    }
}
