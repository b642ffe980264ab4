package org.plantwire.plant;

import java.util.Objects;

import org.plantwire.api.TagPattern;

/**
 * An outbound flow of a plant: every change of the tags matching {@code pattern} is published to
 * {@code <root>/<tag path>} (the unified namespace on MQTT).
 *
 * @param plant    the plant's name
 * @param name     unique name, e.g. {@code uns}
 * @param protocol one of {@link Protocols#PUBLISHERS}
 * @param endpoint the broker, {@code tcp://host:port} or {@code ssl://host:port}
 * @param root     topic prefix, may be empty (then the topic is the tag path)
 * @param pattern  which tags
 * @param qos      MQTT quality of service, 0-2
 * @param retained whether the broker keeps the last value of each topic
 * @param clientId MQTT client id
 * @param security user name, password, TLS
 * @param buffer   bounds and policy of its durable store-and-forward queue
 * @param source   the plant file and line
 */
public record PublisherConfig(String plant, String name, String protocol, String endpoint, String root,
                              TagPattern pattern, int qos, boolean retained, String clientId, SecurityConfig security,
                              BufferConfig buffer, String source) {

    public PublisherConfig {
        Objects.requireNonNull(name, "name");
        root = root == null ? "" : root;
        buffer = buffer == null ? BufferConfig.DEFAULTS : buffer;
    }

    /** A publisher with the default buffer (the 1.0 constructor). */
    public PublisherConfig(String plant, String name, String protocol, String endpoint, String root, TagPattern pattern,
                           int qos, boolean retained, String clientId, SecurityConfig security, String source) {
        this(plant, name, protocol, endpoint, root, pattern, qos, retained, clientId, security, BufferConfig.DEFAULTS, source);
    }

    /** True when the two describe the same publisher; the source line is ignored. */
    public boolean sameAs(PublisherConfig o) {
        return Objects.equals(plant, o.plant) && name.equals(o.name) && protocol.equals(o.protocol)
                && Objects.equals(endpoint, o.endpoint) && root.equals(o.root) && pattern.equals(o.pattern)
                && qos == o.qos && retained == o.retained && Objects.equals(clientId, o.clientId)
                && Objects.equals(security, o.security) && buffer.equals(o.buffer);
    }
}
