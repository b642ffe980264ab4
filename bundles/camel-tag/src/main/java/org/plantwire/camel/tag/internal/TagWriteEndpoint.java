package org.plantwire.camel.tag.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.plantwire.api.TagPattern;

/**
 * The write side of a connector. Options: {@code owns} (comma separated tag patterns the connector owns and
 * takes writes for), {@code protocol} and {@code device} (how it is shown in {@code plant:connectors}).
 */
public final class TagWriteEndpoint extends ConnectorEndpoint {

    private final String connectorName;
    private String owns;
    private CamelConnector connector;

    TagWriteEndpoint(String uri, TagWriteComponent component, String connectorName) {
        super(uri, component);
        this.connectorName = connectorName;
    }

    void bindConnector(CamelConnector c) {
        this.connector = c;
        c.describe(getProtocol(), getDevice());
        for (TagPattern p : ownedPatterns()) {
            c.claim(p);
        }
    }

    List<TagPattern> ownedPatterns() {
        List<TagPattern> result = new ArrayList<>();
        if (owns != null) {
            for (String part : owns.split(",")) {
                if (!part.isBlank()) {
                    result.add(TagPattern.of(part.trim()));
                }
            }
        }
        return result;
    }

    CamelConnector connector() {
        return connector;
    }

    String connectorName() {
        return connectorName;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("tag-write:" + connectorName
                + " can only be consumed (from); to write a tag use the tag bus or plant:write");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        TagWriteConsumer consumer = new TagWriteConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getOwns() {
        return owns;
    }

    public void setOwns(String owns) {
        this.owns = owns;
    }
}
