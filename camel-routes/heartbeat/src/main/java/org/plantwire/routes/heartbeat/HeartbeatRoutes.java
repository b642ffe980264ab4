package org.plantwire.routes.heartbeat;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A heartbeat per plant: a counter published to {@code <plant>/plantwire/heartbeat} every period by the
 * connector {@code heartbeat-<site>}. One instance per {@code etc/org.plantwire.route.heartbeat-<name>.cfg}.
 * The route host runs it in its own CamelContext.
 */
@Component(service = RoutesBuilder.class, configurationPid = "org.plantwire.route.heartbeat",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HeartbeatConfig.class, factory = true)
public class HeartbeatRoutes extends RouteBuilder {

    private final String plant;
    private final long periodMillis;

    @Activate
    public HeartbeatRoutes(HeartbeatConfig config) {
        this.plant = config.plant();
        this.periodMillis = config.periodMillis();
    }

    @Override
    public void configure() {
        String site = plant.substring(plant.lastIndexOf('/') + 1);
        String connector = "heartbeat-" + site;
        from("timer:" + connector + "?period=" + periodMillis + "&includeMetadata=true")
                .routeId(connector)
                .setBody(header(Exchange.TIMER_COUNTER))
                .to("tag:" + plant + "/plantwire/heartbeat?connector=" + connector
                        + "&protocol=timer&device=every-" + periodMillis + "ms");
    }
}
