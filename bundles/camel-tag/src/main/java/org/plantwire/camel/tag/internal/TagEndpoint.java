package org.plantwire.camel.tag.internal;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;

/**
 * A tag path (producer) or tag pattern (consumer). Options:
 * <ul>
 * <li>{@code connector}: the connector that publishes here (producer); it then owns the tag and counts the messages</li>
 * <li>{@code protocol}, {@code device}: how that connector is shown in {@code plant:connectors}</li>
 * <li>{@code queueCapacity}: the consumer's subscription queue (0 = the bus default)</li>
 * <li>{@code initialValues}: whether the consumer first receives the current values (default true)</li>
 * </ul>
 */
public final class TagEndpoint extends ConnectorEndpoint {

    private final String target;
    private String connector;
    private int queueCapacity;
    private boolean initialValues = true;
    private CamelConnector boundConnector;

    TagEndpoint(String uri, TagComponent component, String target) {
        super(uri, component);
        this.target = target;
    }

    @Override
    public TagComponent getComponent() {
        return (TagComponent) super.getComponent();
    }

    /** Claims the tag for its connector as soon as the endpoint exists, before any route starts publishing. */
    void bindConnector() {
        if (connector != null && !connector.isBlank()) {
            boundConnector = getComponent().connector(connector);
            boundConnector.describe(getProtocol(), getDevice());
            boundConnector.claim(TagPattern.of(path().toString()));
        }
    }

    TagPath path() {
        return TagPath.of(target);
    }

    TagPattern pattern() {
        return TagPattern.of(target);
    }

    CamelConnector boundConnector() {
        return boundConnector;
    }

    @Override
    public Producer createProducer() {
        return new TagProducer(this, path());
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        TagConsumer consumer = new TagConsumer(this, processor, pattern());
        configureConsumer(consumer);
        return consumer;
    }

    public String getConnector() {
        return connector;
    }

    public void setConnector(String connector) {
        this.connector = connector;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public boolean isInitialValues() {
        return initialValues;
    }

    public void setInitialValues(boolean initialValues) {
        this.initialValues = initialValues;
    }
}
