package org.plantwire.routes.mqtt;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain TCP sockets for a Paho client whose first bytes (the MQTT CONNECT) can be held back. Paho spends about 300 ms
 * in every connect before it sends CONNECT (it waits 100 ms for each of its three threads to start). A new version of
 * a connector does that part while the old version still holds the persistent session, and sends CONNECT only when
 * the old one has let go: the hand-over then costs the CONNECT round trip, not the whole connect.
 *
 * <p>Only the first write of a socket created while {@link #hold holding} waits; every other socket (reconnects, a
 * connect without a hand-over) goes straight through.
 */
final class HeldConnect extends SocketFactory {

    private enum Gate { OPEN, HOLD, CANCELLED }

    /** Longest a CONNECT waits: a hand-over that never comes must not leave a half-open client behind for ever. */
    private static final long MAX_HOLD_MILLIS = 30_000;

    private Gate gate = Gate.OPEN;
    /** A socket's first write is waiting at the gate. */
    private boolean waiting;

    /** Sockets created from now on hold their first write until {@link #open} (or fail it after {@link #cancel}). */
    synchronized void hold() {
        gate = Gate.HOLD;
        waiting = false;
    }

    /** Lets a held CONNECT go. */
    synchronized void open() {
        gate = Gate.OPEN;
        notifyAll();
    }

    /** Fails a held CONNECT (the connect attempt fails; nothing reaches the broker). */
    synchronized void cancel() {
        if (gate == Gate.HOLD) {
            gate = Gate.CANCELLED;
            notifyAll();
        }
    }

    /** Waits until a CONNECT waits at the gate: the slow part of the connect is done. */
    synchronized boolean awaitWaiting(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!waiting && gate == Gate.HOLD) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return waiting;
    }

    private synchronized void pass() throws IOException {
        long end = System.currentTimeMillis() + MAX_HOLD_MILLIS;
        while (gate == Gate.HOLD) {
            waiting = true;
            notifyAll();
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                gate = Gate.CANCELLED;
                break;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("MQTT connect interrupted while held for a hand-over");
            }
        }
        if (gate == Gate.CANCELLED) {
            gate = Gate.OPEN;
            throw new IOException("MQTT connect held for a hand-over that did not happen");
        }
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            private OutputStream out;

            @Override
            public synchronized OutputStream getOutputStream() throws IOException {
                if (out == null) {
                    out = new FirstWriteWaits(super.getOutputStream());
                }
                return out;
            }
        };
    }

    // Paho uses createSocket() and connect(); the connected variants are for completeness and never held

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return new Socket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return new Socket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return new Socket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return new Socket(address, port, localAddress, localPort);
    }

    private final class FirstWriteWaits extends FilterOutputStream {
        private volatile boolean passed;

        FirstWriteWaits(OutputStream out) {
            super(out);
        }

        private void first() throws IOException {
            if (!passed) {
                pass();
                passed = true;
            }
        }

        @Override
        public void write(int b) throws IOException {
            first();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first();
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first();
            out.flush();
        }
    }
}
