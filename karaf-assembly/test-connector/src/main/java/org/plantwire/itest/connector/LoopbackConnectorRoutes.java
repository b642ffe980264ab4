package org.plantwire.itest.connector;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Component;

/**
 * Connector "test-loop": its device is a loopback memory. It publishes acme/test/loop/setpoint (float) and
 * acme/test/loop/mode (text) at start and takes writes to both; the "device" refuses setpoints above 1000.
 */
@Component(service = RoutesBuilder.class, property = "camel.context.name=test-loop")
public class LoopbackConnectorRoutes extends RouteBuilder {

    static final String CONNECTOR = "test-loop";

    @Override
    public void configure() {
        from("timer:test-loop-init?repeatCount=1&delay=0").routeId("test-loop-init")
                .setBody(constant(20.0))
                .to("tag:acme/test/loop/setpoint?connector=" + CONNECTOR + "&protocol=memory&device=loopback")
                .setBody(constant("auto"))
                .to("tag:acme/test/loop/mode?connector=" + CONNECTOR);

        from("tag-write:" + CONNECTOR + "?owns=acme/test/loop/#").routeId("test-loop-write")
                .process(exchange -> {
                    Object value = exchange.getMessage().getBody();
                    if (value instanceof Number && ((Number) value).doubleValue() > 1000) {
                        throw new IllegalStateException("device refused " + value + ": above its range of 1000");
                    }
                })
                // read-back: the loopback device's new value goes into the bus
                .toD("tag:${header.PlantwireTagPath}")
                .setHeader("PlantwireWriteMessage", constant("accepted by the loopback device"));
    }
}
