package org.plantwire.simulator.internal;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.simulator.internal.line.FillerLine;
import org.plantwire.simulator.internal.line.LineBehaviour;
import org.plantwire.simulator.internal.opcua.ServerSettings;
import org.plantwire.simulator.internal.opcua.SimulatorServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the filler simulator while {@code etc/org.plantwire.simulator.cfg} exists and says {@code enabled = true}:
 * a tick thread advances the line model every {@code tickMillis} and publishes it through the OPC UA server.
 * A changed configuration restarts it (the line starts afresh); stopping the bundle stops it at once.
 */
@Component(configurationPid = "org.plantwire.simulator", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = SimulatorConfig.class)
public class SimulatorComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorComponent.class);

    private final SimulatorServer server;
    private final ScheduledExecutorService ticker;

    @Activate
    public SimulatorComponent(SimulatorConfig config) throws Exception {
        if (!config.enabled()) {
            LOG.info("Filler simulator disabled (enabled = false in org.plantwire.simulator)");
            server = null;
            ticker = null;
            return;
        }
        long tickMillis = config.tickMillis();
        if (tickMillis < 10) {
            throw new IllegalArgumentException("tickMillis must be >= 10, got " + tickMillis);
        }
        FillerLine line = new FillerLine(config.seed() == 0 ? new Random() : new Random(config.seed()),
                new LineBehaviour(config.meanRunSeconds(), config.faultShare(), config.faultSeconds(),
                        config.idleSeconds(), config.rejectRate()),
                config.autoStart());
        server = SimulatorServer.start(settings(config), line);

        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plantwire-simulator-tick");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> {
            try {
                line.tick(tickMillis);
                server.publish();
            } catch (RuntimeException e) {
                LOG.warn("Simulator tick failed", e); // keep ticking: one bad step must not freeze the line
            }
        }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS); // let a running tick finish before the server goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    static ServerSettings settings(SimulatorConfig config) {
        String hostname = config.hostname().isBlank() ? config.bindAddress() : config.hostname().trim();
        return new ServerSettings(config.bindAddress().trim(), config.opcuaPort(), hostname,
                ServerSettings.parseSecurityPolicies(config.securityPolicies()), config.anonymous(), config.username(),
                config.password(), pkiDir(config.pkiDir()), config.trustAllClients(), config.tickMillis());
    }

    private static Path pkiDir(String configured) {
        if (!configured.isBlank()) {
            return Path.of(configured.trim());
        }
        String data = System.getProperty("karaf.data");
        Path base = data != null ? Path.of(data) : Path.of(System.getProperty("java.io.tmpdir"), "plantwire");
        return base.resolve("simulator").resolve("pki");
    }
}
