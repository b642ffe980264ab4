package org.plantwire.routes.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLSocketFactory;

import org.apache.camel.support.service.ServiceSupport;
import org.plantwire.plant.SecurityConfig;

/**
 * What the MQTT 3.1.1 and MQTT 5 sessions share: the broker address ({@code tls: true} makes {@code tcp://} into
 * {@code ssl://}), the TLS trust, the first connect retried by the caller until it works (Paho reconnects by itself
 * after that), a first try when started, and closing the client whatever its state when stopped.
 */
abstract class AbstractMqttSession extends ServiceSupport implements MqttClientSession {

    protected final String brokerUrl;
    /** Plain-TCP clients connect through it, so a hand-over can prepare their connect; null with TLS. */
    protected final HeldConnect heldConnect;
    /** A connect prepared for a hand-over, its CONNECT held back until {@link #ensureConnected}. */
    private CompletableFuture<Void> prepared;
    private volatile String lastError;
    private volatile boolean everConnected;
    private volatile boolean connectOnStart = true;

    protected AbstractMqttSession(String brokerUrl, SecurityConfig security) {
        this.brokerUrl = brokerUrl(brokerUrl, security);
        this.heldConnect = this.brokerUrl.startsWith("tcp://") ? new HeldConnect() : null;
    }

    /** The address to connect to: {@code tls: true} makes {@code tcp://} into {@code ssl://}. */
    static String brokerUrl(String endpoint, SecurityConfig security) {
        return security.tls() && endpoint.startsWith("tcp://") ? "ssl://" + endpoint.substring(6) : endpoint;
    }

    /** The socket factory trusting the plant file's CAs, or null for the JVM's (or no TLS). */
    protected final SSLSocketFactory socketFactory(SecurityConfig security) {
        return socketFactory(brokerUrl, security);
    }

    static SSLSocketFactory socketFactory(String brokerUrl, SecurityConfig security) {
        if (!brokerUrl.startsWith("ssl://") || security.trustDir() == null) {
            return null;
        }
        try {
            return TlsTrust.socketFactory(security.trustDir());
        } catch (Exception e) {
            throw new IllegalStateException("TLS trust for " + brokerUrl + ": " + e.getMessage(), e);
        }
    }

    /** Connects the client once; throws with the broker's words when it cannot. */
    protected abstract void connect() throws Exception;

    /** Disconnects (or forcibly drops) and closes the client. */
    protected abstract void closeClient();

    /** Disconnects, letting the messages in hand finish first; the client can connect again. */
    protected abstract void disconnect() throws Exception;

    @Override
    public synchronized void prepareConnect() {
        if (heldConnect == null || prepared != null || isConnected() || !isRunAllowed()) {
            return;
        }
        heldConnect.hold();
        CompletableFuture<Void> connecting = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                connect();
                connecting.complete(null);
            } catch (Throwable e) {
                connecting.completeExceptionally(e);
            }
        }, "plantwire-mqtt-prepare " + brokerUrl);
        t.setDaemon(true);
        t.start();
        prepared = connecting;
    }

    @Override
    public boolean awaitPrepared(long millis) throws InterruptedException {
        return heldConnect != null && heldConnect.awaitWaiting(millis);
    }

    /** Lets a prepared connect send its CONNECT and waits for the answer; false when there was none or it failed. */
    private boolean completePrepared() {
        CompletableFuture<Void> connecting = prepared;
        if (connecting == null) {
            return false;
        }
        prepared = null;
        heldConnect.open();
        try {
            connecting.get(60, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            lastError = "cannot connect to " + brokerUrl + ": " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            lastError = "no answer to CONNECT from " + brokerUrl + " in 60 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Fails a prepared connect that will not be needed: nothing reaches the broker. */
    private void cancelPrepared() {
        CompletableFuture<Void> connecting = prepared;
        if (connecting != null) {
            prepared = null;
            heldConnect.cancel();
            try {
                connecting.get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // failed, as asked
            }
        }
    }

    @Override
    public synchronized void release() {
        cancelPrepared();
        try {
            disconnect();
        } catch (Exception e) {
            lastError = "disconnect from " + brokerUrl + ": " + e.getMessage();
        }
        everConnected = false;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public synchronized boolean ensureConnected() {
        if (isConnected() || everConnected || !isRunAllowed()) {
            return isConnected();
        }
        if (completePrepared()) {
            everConnected = true;
            lastError = null;
            return true;
        }
        try {
            connect();
            everConnected = true;
            lastError = null;
            return true;
        } catch (Exception e) {
            lastError = "cannot connect to " + brokerUrl + ": " + e.getMessage();
            return isConnected();
        }
    }

    /**
     * Whether starting the client connects it at once (the default), so the first values do not wait for a failed
     * publish and a retry. Off for a session that another instance may hold (a persistent subscription session while a
     * new version of its connector stands by): connecting would take the session over.
     */
    @Override
    public void connectOnStart(boolean connect) {
        this.connectOnStart = connect;
    }

    @Override
    protected void doStart() {
        if (connectOnStart) {
            ensureConnected();
        }
    }

    @Override
    protected synchronized void doStop() {
        cancelPrepared();
        closeClient();
    }
}
