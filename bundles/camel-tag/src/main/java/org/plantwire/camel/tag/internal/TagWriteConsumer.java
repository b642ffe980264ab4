package org.plantwire.camel.tag.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.camel.tag.TagHeaders;

/**
 * Turns each write request for the connector into an exchange: body = value (already converted to the tag's
 * type), headers = path and source. The write succeeds when the route completes; an exception, or header
 * {@link TagHeaders#WRITE_SUCCESS} = false, makes it fail with the exception's or
 * {@link TagHeaders#WRITE_MESSAGE}'s words.
 */
final class TagWriteConsumer extends DefaultConsumer implements CamelConnector.WriteHandler {

    TagWriteConsumer(TagWriteEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public TagWriteEndpoint getEndpoint() {
        return (TagWriteEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelConnector connector = getEndpoint().connector();
        connector.setWriteHandler(this);
        connector.endpointStarted();
    }

    @Override
    protected void doStop() throws Exception {
        CamelConnector connector = getEndpoint().connector();
        connector.clearWriteHandler(this);
        connector.endpointStopped();
        super.doStop();
    }

    @Override
    public CompletionStage<WriteResult> write(WriteRequest request) {
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        Message in = exchange.getMessage();
        in.setBody(request.value());
        in.setHeader(TagHeaders.PATH, request.path().toString());
        in.setHeader(TagHeaders.WRITE_SOURCE, request.source());
        getAsyncProcessor().process(exchange, doneSync -> {
            try {
                result.complete(outcome(request, exchange));
            } catch (RuntimeException e) {
                result.complete(WriteResult.failed(request.path(), request.value(), String.valueOf(e.getMessage())));
            } finally {
                releaseExchange(exchange, false);
            }
        });
        return result;
    }

    private static WriteResult outcome(WriteRequest request, Exchange exchange) {
        Exception error = exchange.getException();
        if (error != null) {
            return WriteResult.failed(request.path(), request.value(), message(error));
        }
        Message out = exchange.getMessage();
        Boolean success = out.getHeader(TagHeaders.WRITE_SUCCESS, Boolean.class);
        String message = out.getHeader(TagHeaders.WRITE_MESSAGE, String.class);
        if (Boolean.FALSE.equals(success)) {
            return WriteResult.failed(request.path(), request.value(), message == null ? "refused by the connector" : message);
        }
        return WriteResult.ok(request.path(), request.value(), message == null ? "written" : message);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof org.apache.camel.CamelExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
