package org.plantwire.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.BooleanSupplier;

/** Waiting in tests for things that happen on other threads, and free ports for test peers. Time is never asserted. */
public final class Await {

    /** Long enough for a reconnect with back-off on a loaded 2-core machine. */
    private static final long TIMEOUT_MILLIS = 40_000;

    private Await() {
    }

    /** Polls every 20 ms until the condition holds; fails naming what it waited for. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A TCP port nobody listens on at 127.0.0.1 right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
