package org.plantwire.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
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
    private final boolean tls;
    private final String user;
    private final String password;
    private boolean persistent;
    private Process process;

    private Mosquitto(int port, Path dir, boolean tls, String user, String password) {
        this.port = port;
        this.dir = dir;
        this.tls = tls;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts a broker that keeps its sessions, queued messages and retained values across {@link #stop} and
     * {@link #startAgain}, so a subscriber with a persistent session misses nothing of an outage.
     */
    public static Mosquitto startPersistent() throws IOException, InterruptedException {
        Mosquitto m = new Mosquitto(Await.freePort(), Files.createTempDirectory("mosquitto"), false, null, null);
        m.persistent = true;
        // mosquitto started as root writes its database as the user mosquitto
        m.dir.toFile().setWritable(true, false);
        m.dir.toFile().setReadable(true, false);
        m.dir.toFile().setExecutable(true, false);
        m.startAgain();
        return m;
    }

    /** Starts a broker on a free port; fails with a clear message when mosquitto is not installed. */
    public static Mosquitto start() throws IOException, InterruptedException {
        Mosquitto m = new Mosquitto(Await.freePort(), Files.createTempDirectory("mosquitto"), false, null, null);
        m.startAgain();
        return m;
    }

    /**
     * Starts a broker that speaks only TLS, with a certificate for {@code localhost} signed by a CA made for it
     * ({@link #caCertificate()}), and that accepts only the given user. Needs openssl and mosquitto_passwd.
     */
    public static Mosquitto startTls(String user, String password) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mosquitto-tls");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Plantwire test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        run(dir, "mosquitto_passwd", "-b", "-c", dir.resolve("passwords").toString(), user, password);
        dir.resolve("server.key").toFile().setReadable(true, false);
        dir.resolve("passwords").toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        Mosquitto m = new Mosquitto(Await.freePort(), dir, true, user, password);
        m.startAgain();
        return m;
    }

    /** The CA that signed a TLS broker's certificate (PEM). */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("openssl.log")));
        }
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>}, or {@code ssl://localhost:<port>} for a TLS broker. */
    public String url() {
        return tls ? "ssl://localhost:" + port : "tcp://127.0.0.1:" + port;
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
        String config = "listener " + port + " 127.0.0.1\nmax_queued_messages 100000\nmax_inflight_messages 0\n"
                + (persistent ? "persistence true\npersistence_location " + dir + "/\n" : "persistence false\n");
        if (tls) {
            config += "cafile " + dir.resolve("ca.crt") + "\ncertfile " + dir.resolve("server.crt") + "\nkeyfile "
                    + dir.resolve("server.key") + "\nallow_anonymous false\npassword_file " + dir.resolve("passwords") + "\n";
        } else {
            config += "allow_anonymous true\n";
        }
        Files.writeString(conf, config);
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

}
