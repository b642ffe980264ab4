package org.plantwire.itest.exporting;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Component;

/** Connector "export-loop": publishes acme/test/export/speed once at start. */
@Component(service = RoutesBuilder.class, property = "camel.context.name=export-loop")
public class ExportingConnectorRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:export-loop-init?repeatCount=1&delay=0").routeId("export-loop-init")
                .setBody(constant(120.0))
                .to("tag:acme/test/export/speed?connector=export-loop");
    }
}
