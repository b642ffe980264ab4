package org.plantwire.camel.tag.internal;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.camel.tag.TagHeaders;

/**
 * Subscribes to the tags matching a pattern and feeds each change into the route: body = value, headers =
 * path, quality label, source and received time. Runs on the subscription's own thread, so a slow route only
 * fills its own queue (oldest dropped and counted by the bus), never the publishers.
 */
final class TagConsumer extends DefaultConsumer {

    private final TagPattern pattern;
    private Subscription subscription;

    TagConsumer(TagEndpoint endpoint, Processor processor, TagPattern pattern) {
        super(endpoint, processor);
        this.pattern = pattern;
    }

    @Override
    public TagEndpoint getEndpoint() {
        return (TagEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        TagEndpoint endpoint = getEndpoint();
        String name = getRouteId() != null ? getRouteId() : endpoint.getEndpointKey();
        subscription = endpoint.getComponent().bus().subscribe(pattern, this::deliver, "camel-" + name,
                endpoint.getQueueCapacity(), endpoint.isInitialValues());
    }

    @Override
    protected void doStop() throws Exception {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        super.doStop();
    }

    private void deliver(TagPath path, TagValue value) {
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getMessage();
            message.setBody(value.value());
            message.setHeader(TagHeaders.PATH, path.toString());
            message.setHeader(TagHeaders.QUALITY, value.quality().label());
            message.setHeader(TagHeaders.SOURCE_TIME, value.sourceTime());
            message.setHeader(TagHeaders.RECEIVED_TIME, value.receivedTime());
            message.setHeader(TagHeaders.VALUE, value);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing tag " + path, exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
