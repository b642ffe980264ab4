package org.plantwire.simulator.modbus.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.simulator.modbus.CapperLabeller;
import org.plantwire.simulator.modbus.ModbusSimulatorServer;
import org.plantwire.simulator.modbus.WordOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the capper/labeller simulator from {@code etc/org.plantwire.simulator.modbus.cfg} (defaults without it):
 * the machine ticks every {@code tickMillis} and a Modbus TCP server serves it. A configuration change restarts
 * both; {@code bundle:stop} or {@code enabled=false} takes the device off the network at once.
 */
@Component(configurationPid = ModbusSimulatorComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = ModbusSimulatorConfig.class)
public final class ModbusSimulatorComponent {

    static final String PID = "org.plantwire.simulator.modbus";
    private static final Logger LOG = LoggerFactory.getLogger(ModbusSimulatorComponent.class);

    private ScheduledExecutorService ticker;
    private ModbusSimulatorServer server;

    @Activate
    void activate(ModbusSimulatorConfig config) throws IOException {
        if (!config.enabled()) {
            LOG.info("Modbus simulator disabled ({}: enabled=false)", PID);
            return;
        }
        if (config.tickMillis() < 10) {
            throw new IllegalArgumentException(PID + ": tickMillis " + config.tickMillis() + " is below 10 ms");
        }
        WordOrder wordOrder = wordOrder(config.wordOrder());
        CapperLabeller machine = new CapperLabeller(new Random());
        server = new ModbusSimulatorServer(machine, config.bindAddress(), config.port(), config.unitId(), wordOrder);
        server.start();

        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plantwire-modbus-sim-tick");
            thread.setDaemon(true);
            return thread;
        });
        long[] last = {System.nanoTime()};
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // machine time follows the wall clock, so counters keep their rate when a tick is late
            machine.tick(TimeUnit.NANOSECONDS.toMillis(now - last[0]));
            last[0] += TimeUnit.MILLISECONDS.toNanos(TimeUnit.NANOSECONDS.toMillis(now - last[0]));
        }, config.tickMillis(), config.tickMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Modbus simulator (capper/labeller PLC) listening on {}:{}, unit id {}, word order {}, tick {} ms",
                config.bindAddress(), config.port(), config.unitId(), wordOrder, config.tickMillis());
    }

    private static WordOrder wordOrder(String name) {
        try {
            return WordOrder.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": wordOrder '" + name + "' is not one of ABCD, CDAB, BADC, DCBA", e);
        }
    }

    @Deactivate
    void deactivate() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker = null;
        }
        if (server != null) {
            server.stop();
            LOG.info("Modbus simulator on {}:{} stopped", server.bindAddress(), server.port());
            server = null;
        }
    }
}
