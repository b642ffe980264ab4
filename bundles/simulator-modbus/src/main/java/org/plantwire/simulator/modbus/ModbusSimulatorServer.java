package org.plantwire.simulator.modbus;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.plantwire.simulator.modbus.internal.CapperLabellerServices;
import org.plantwire.simulator.modbus.internal.StrictModbusTcpServer;

import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A Modbus TCP server for a {@link CapperLabeller}, answering through the {@link RegisterMap}. It does not
 * advance the machine: whoever owns it calls {@link CapperLabeller#tick(long)}.
 *
 * <p>{@link #stop()} closes the listening socket and every client connection and releases its threads, so a
 * client sees the device go away; {@link #start()} binds again (the way tests take a device off the network
 * and bring it back).
 */
public final class ModbusSimulatorServer implements AutoCloseable {

    private static final long STOP_TIMEOUT_MILLIS = 3_000;

    private final CapperLabeller machine;
    private final String bindAddress;
    private final int port;
    private final int unitId;
    private final WordOrder wordOrder;

    private NioEventLoopGroup eventLoop;
    private ModbusTcpServer server;
    private CapperLabellerServices services;

    public ModbusSimulatorServer(CapperLabeller machine, String bindAddress, int port, int unitId, WordOrder wordOrder) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id " + unitId + " outside 0..255");
        }
        this.machine = machine;
        this.bindAddress = bindAddress;
        this.port = port;
        this.unitId = unitId;
        this.wordOrder = wordOrder;
    }

    /** Binds {@code bindAddress:port}; a no-op when already started. */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        // Own threads, not the library's static shared ones, so stop() leaves nothing running.
        NioEventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("plantwire-modbus-sim-" + port, true));
        CapperLabellerServices newServices = new CapperLabellerServices(machine, unitId, wordOrder);
        NettyTcpServerTransport transport = NettyTcpServerTransport.create(config -> {
            config.bindAddress = bindAddress;
            config.port = port;
            config.eventLoopGroup = loop;
            config.executor = loop;
        });
        ModbusTcpServer newServer = new StrictModbusTcpServer(transport, newServices);
        try {
            newServer.start();
        } catch (ExecutionException e) {
            shutdown(loop);
            throw new IOException("Cannot listen on " + bindAddress + ":" + port + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            shutdown(loop);
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while binding " + bindAddress + ":" + port, e);
        }
        eventLoop = loop;
        server = newServer;
        services = newServices;
    }

    /** Closes the listener and all client connections; a no-op when not started. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (ExecutionException e) {
            // closing failed half-way; the event loop shutdown below closes what is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown(eventLoop);
            server = null;
            eventLoop = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    public int unitId() {
        return unitId;
    }

    public WordOrder wordOrder() {
        return wordOrder;
    }

    public CapperLabeller machine() {
        return machine;
    }

    /**
     * Requests received with this Modbus function code (3 = read holding registers, ...) since the last
     * {@link #start()}, answered or refused; 0 when never started.
     */
    public synchronized long requestCount(int functionCode) {
        return services == null ? 0 : services.requestCount(functionCode);
    }

    private static void shutdown(NioEventLoopGroup loop) {
        loop.shutdownGracefully(0, STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(STOP_TIMEOUT_MILLIS + 500);
    }
}
