package org.plantwire.routes.modbus;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.plantwire.plant.ConnectorConfig;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.TimeoutScheduler;
import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * The connection to one Modbus TCP device (digitalpetri modbus 2.1). The connector reconnects it itself (with its
 * own back-off, not the library's), and every thread it uses is its own, stopped with it, so nothing is left behind
 * when the connector bundle stops or is upgraded.
 */
final class ModbusDevice implements AutoCloseable {

    private final String host;
    private final int port;
    private final int unitId;
    private final EventLoopGroup eventLoop;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final ModbusTcpClient client;

    ModbusDevice(ConnectorConfig config) {
        URI uri = URI.create(config.endpoint());
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 502 : uri.getPort();
        this.unitId = config.intOption("unitId", 1);
        String name = "plantwire-modbus-" + config.name();
        this.eventLoop = new NioEventLoopGroup(1, threads(name + "-io"));
        this.executor = Executors.newSingleThreadExecutor(threads(name));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads(name + "-timeouts"));
        Duration timeout = Duration.ofMillis(config.timing().requestTimeoutMillis());
        NettyTcpClientTransport transport = NettyTcpClientTransport.create(cfg -> {
            cfg.hostname = host;
            cfg.port = port;
            cfg.connectTimeout = timeout;
            cfg.connectPersistent = false; // the connector reconnects with the plant file's back-off
            cfg.eventLoopGroup = eventLoop;
            cfg.executor = executor;
        });
        this.client = ModbusTcpClient.create(transport, cfg -> {
            cfg.requestTimeout = timeout;
            cfg.timeoutScheduler = TimeoutScheduler.create(executor, scheduler);
        });
    }

    ModbusTcpClient client() {
        return client;
    }

    int unitId() {
        return unitId;
    }

    String address() {
        return host + ":" + port;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    void connect() throws Exception {
        client.connect();
    }

    void disconnectQuietly() {
        try {
            client.disconnectAsync().toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // going away anyway
        }
    }

    @Override
    public void close() {
        disconnectQuietly();
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    /** What a failed request means to an integrator, e.g. {@code device answered exception 2 (illegal data address)}. */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ModbusResponseException) {
            int code = ((ModbusResponseException) t).getExceptionCode();
            return "device answered exception " + code + ExceptionCode.from(code)
                    .map(c -> " (" + c.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")").orElse("");
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
