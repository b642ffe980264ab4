package org.plantwire.testing;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests (Debian's {@code postgresql}, installed by .ci/run): a cluster made by initdb
 * in a temporary folder, listening on a free port of 127.0.0.1 with its unix socket in that folder, stopped and
 * started again with pg_ctl to play a database outage (from any JVM: see {@link #attach}), deleted by {@link #close}.
 * It never uses a system cluster or systemd. PostgreSQL refuses to run as root: as root (CI) every binary runs as the
 * {@code postgres} system user through {@code runuser}, in a folder that user owns.
 *
 * <p>The superuser is {@value #USER} with trust authentication (the server is reachable only from this machine) and
 * the database {@value #DATABASE} exists. Without the binaries {@link #start} fails with a message that says how to
 * get them; tests that want to be skipped then check {@link #skipped()} ({@code -Dplantwire.postgres.skip=true}).
 */
public final class Postgres implements AutoCloseable {

    /** {@code -Dplantwire.postgres.skip=true}: the tests on PostgreSQL are skipped rather than run. */
    public static final String SKIP_PROPERTY = "plantwire.postgres.skip";
    public static final String USER = "plantwire";
    public static final String DATABASE = "plantwire";

    private static final Pattern PORT_LINE = Pattern.compile("^port = (\\d+)$", Pattern.MULTILINE);

    private final Path bin;
    private final Path dir;
    private final int port;
    /** PostgreSQL refuses to run as root */
    private final boolean asPostgresUser = "root".equals(System.getProperty("user.name"));

    private Postgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** True when the PostgreSQL tests were asked to be skipped ({@value #SKIP_PROPERTY}). */
    public static boolean skipped() {
        return Boolean.getBoolean(SKIP_PROPERTY);
    }

    /** Why the tests are skipped, for the test report. */
    public static String skipReason() {
        return "-D" + SKIP_PROPERTY + "=true: the tests on PostgreSQL are skipped";
    }

    /** Makes a new cluster in a temporary folder and starts it; fails with a clear message without the binaries. */
    public static Postgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("plantwire-postgres");
        Postgres pg = new Postgres(bin, dir, Await.freePort());
        try {
            if (pg.asPostgresUser) {
                UserPrincipal postgres;
                try {
                    postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                } catch (IOException e) {
                    throw new IllegalStateException("running as root, PostgreSQL must run as the system user postgres, "
                            + "which does not exist (Debian's postgresql package creates it)", e);
                }
                Files.setOwner(dir, postgres);
            }
            pg.run("initdb", "-D", pg.data().toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C",
                    "--no-sync");
            Files.writeString(pg.data().resolve("postgresql.conf"), "\n# plantwire test server\nport = " + pg.port
                    + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + dir + "'\n",
                    java.nio.file.StandardOpenOption.APPEND);
            pg.startAgain();
            pg.run("createdb", "-h", "127.0.0.1", "-p", Integer.toString(pg.port), "-U", USER, DATABASE);
            return pg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /**
     * A handle on a server that {@link #start} made (in this JVM or another one, e.g. the test driver of a Pax Exam
     * test), to stop and start it; found by its folder ({@link #directory()}).
     */
    public static Postgres attach(Path dir) throws IOException {
        Matcher m = PORT_LINE.matcher(Files.readString(dir.resolve("data").resolve("postgresql.conf")));
        int port = -1;
        while (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
        if (port < 0) {
            throw new IllegalStateException(dir + " holds no PostgreSQL test server");
        }
        return new Postgres(binaries(), dir, port);
    }

    /** The folder of initdb, pg_ctl and postgres: the newest /usr/lib/postgresql/N/bin, else pg_config --bindir. */
    static Path binaries() throws IOException {
        List<Path> found = new ArrayList<>();
        Path root = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
                for (Path v : versions) {
                    if (Files.isExecutable(v.resolve("bin").resolve("initdb")) && v.getFileName().toString().matches("\\d+")) {
                        found.add(v.resolve("bin"));
                    }
                }
            }
        }
        found.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getParent().getFileName().toString())));
        if (!found.isEmpty()) {
            return found.get(found.size() - 1);
        }
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && Files.isExecutable(Paths.get(out, "initdb"))) {
                return Paths.get(out);
            }
        } catch (IOException | InterruptedException notThere) {
            // reported below
        }
        throw new IllegalStateException("PostgreSQL is not installed: no initdb under /usr/lib/postgresql/*/bin nor in "
                + "pg_config --bindir. Install it (apt-get install postgresql; .ci/run does it) or skip the tests on "
                + "PostgreSQL with -D" + SKIP_PROPERTY + "=true");
    }

    public int port() {
        return port;
    }

    /** The server's folder: its cluster ({@code data}), its socket, its log ({@code postgres.log}). */
    public Path directory() {
        return dir;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/plantwire?user=plantwire}, for the driver or a DataSource. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    private Path data() {
        return dir.resolve("data");
    }

    /** Starts the server (again, after {@link #stop}) on the same port with the same data; waits until it accepts. */
    public synchronized void startAgain() throws IOException, InterruptedException {
        if (!running()) {
            run("pg_ctl", "-D", data().toString(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60", "start");
        }
    }

    /** Stops the server (a database outage): open connections are cut, new ones refused. */
    public synchronized void stop() throws IOException, InterruptedException {
        if (Files.exists(data()) && running()) {
            run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
        }
    }

    private boolean running() throws IOException, InterruptedException {
        return exec("pg_ctl", "-D", data().toString(), "status") == 0; // 3: not running
    }

    /** Stops the server and deletes its folder (nothing when another handle did it already). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        if (exec(command) != 0) {
            String log = Files.exists(dir.resolve("postgres.log")) ? Files.readString(dir.resolve("postgres.log")) : "";
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + tail(Files.readString(commandLog()))
                    + (log.isEmpty() ? "" : "\nserver log:\n" + tail(log)));
        }
    }

    /** Runs a PostgreSQL binary (as the postgres user when this is root); its output goes to commands.log. */
    private int exec(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgresUser) {
            // by its path: a server's PATH (e.g. Karaf's in a Pax Exam test) may lack /usr/sbin
            line.addAll(List.of(Files.isExecutable(Paths.get("/usr/sbin/runuser")) ? "/usr/sbin/runuser" : "runuser",
                    "-u", "postgres", "--"));
        }
        line.add(bin.resolve(command[0]).toString());
        line.addAll(List.of(command).subList(1, command.length));
        Process p = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(commandLog().toFile())).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 90 s");
        }
        return p.exitValue();
    }

    private Path commandLog() {
        return dir.resolve("commands.log");
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
