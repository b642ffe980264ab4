package org.plantwire.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (Debian's {@code mosquitto}, installed by .ci/run) on a free port of 127.0.0.1, as its own
 * process, which tests can stop and start again to play a broker outage.
 */
public final class Mosquitto implements AutoCloseable {

    private static final String[] BINARIES = {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"};

    private final int port;
    private final Path dir;
    private Process process;

    private Mosquitto(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts a broker on a free port; fails with a clear message when mosquitto is not installed. */
    public static Mosquitto start() throws IOException, InterruptedException {
        Mosquitto m = new Mosquitto(freePort(), Files.createTempDirectory("mosquitto"));
        m.startAgain();
        return m;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>} */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker (again, after {@link #stop}) on the same port. */
    public synchronized void startAgain() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        String binary = null;
        for (String b : BINARIES) {
            if (new File(b).canExecute()) {
                binary = b;
            }
        }
        if (binary == null) {
            throw new IllegalStateException("mosquitto is not installed (apt-get install mosquitto; .ci/run does it)");
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_queued_messages 100000\nmax_inflight_messages 0\n");
        process = new ProcessBuilder(binary, "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** Stops the broker process (a broker outage). */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
