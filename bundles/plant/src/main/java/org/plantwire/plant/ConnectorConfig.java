package org.plantwire.plant;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One connector of a plant, as its plant file describes it. Registered as an OSGi service while its plant file is
 * loaded and the connector enabled.
 *
 * @param plant    the plant's name (its file's base name)
 * @param prefix   the plant's tag path prefix, e.g. {@code acme/woodlands/packaging}
 * @param name     the connector's unique name, e.g. {@code line1-filler}
 * @param protocol one of {@link Protocols#CONNECTORS}
 * @param endpoint where the device is: {@code opc.tcp://host:port[/path]}, {@code modbus-tcp://host:port},
 *                 {@code tcp://host:port} or {@code ssl://host:port} (MQTT)
 * @param security authentication and encryption
 * @param timing   intervals and time-outs
 * @param limits   request sizes
 * @param options  protocol-specific settings, checked when the file is loaded: Modbus {@code unitId};
 *                 MQTT {@code clientId}, {@code qos}, {@code version} (3.1.1 or 5), {@code cleanSession}
 * @param tags     the tag map
 * @param source   the plant file and line, for messages
 */
public record ConnectorConfig(String plant, String prefix, String name, String protocol, String endpoint,
                              SecurityConfig security, Timing timing, Limits limits, Map<String, String> options,
                              List<TagMapping> tags, String source) {

    /** Service property: the connector's name. */
    public static final String NAME_PROPERTY = "plantwire.connector";
    /** Service property: the connector's protocol. */
    public static final String PROTOCOL_PROPERTY = "plantwire.protocol";
    /** Service property: the plant's name. */
    public static final String PLANT_PROPERTY = "plantwire.plant";

    public ConnectorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        options = Map.copyOf(options == null ? Map.of() : options);
        tags = List.copyOf(tags == null ? List.of() : tags);
    }

    /** A protocol option, or the default. */
    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }

    /** An integer protocol option (validated when the file was loaded), or the default. */
    public int intOption(String key, int defaultValue) {
        String v = options.get(key);
        return v == null ? defaultValue : Integer.parseInt(v.trim());
    }

    /** True when the two describe the same connector; the source line is ignored. */
    public boolean sameAs(ConnectorConfig o) {
        if (!(Objects.equals(plant, o.plant) && Objects.equals(prefix, o.prefix) && name.equals(o.name)
                && protocol.equals(o.protocol) && Objects.equals(endpoint, o.endpoint) && Objects.equals(security, o.security)
                && Objects.equals(timing, o.timing) && Objects.equals(limits, o.limits) && options.equals(o.options)
                && tags.size() == o.tags.size())) {
            return false;
        }
        for (int i = 0; i < tags.size(); i++) {
            if (!tags.get(i).sameAs(o.tags.get(i))) {
                return false;
            }
        }
        return true;
    }
}
