package org.plantwire.itest;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.karaf.options.KarafDistributionOption;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;

/**
 * Boots the real Plantwire distribution (karaf-assembly's tar.gz) with its own SSH/RMI ports, and gives tests a
 * shell and polling helpers. Timing is only used to wait for things, never asserted.
 */
public abstract class PlantwireTestSupport {

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    /** The Plantwire distribution built by karaf-assembly, with the ports of test slot 0. */
    protected static Option[] distribution() {
        return distribution("plantwire", 0);
    }

    /** The distribution in its own folder with the ports of a test slot, so test classes can run one after another. */
    protected static Option[] distribution(String dir, int slot) {
        return OptionUtils.combine(karaf(required("plantwire.distribution"), "Plantwire", dir, slot),
                systemProperty("plantwire.testConnector").value(required("plantwire.testConnector")),
                systemProperty("plantwire.mqttV2").value(required("plantwire.mqttV2")),
                systemProperty("plantwire.mqttUnresolvable").value(required("plantwire.mqttUnresolvable")),
                systemProperty("plantwire.failingBundle").value(required("plantwire.failingBundle")),
                systemProperty("plantwire.opcuaV2").value(required("plantwire.opcuaV2")),
                systemProperty("plantwire.modbusV2").value(required("plantwire.modbusV2")),
                systemProperty("plantwire.exportingConnector").value(required("plantwire.exportingConnector")),
                systemProperty("plantwire.importer").value(required("plantwire.importer")),
                mesAtEightInTheMorning(),
                // real protocol peers (a Mosquitto process) for the tests, inside Karaf
                CoreOptions.bundle(new File(required("plantwire.testSupport")).toURI().toString()));
    }

    /**
     * The MES's shift calendar in a zone where it is now 08:xx: inside the demo plant's early shift, far from its
     * breaks (10:00, 18:00, 02:00) and shift changes, so the OEE a test sees does not depend on the hour it runs at.
     */
    private static Option mesAtEightInTheMorning() {
        int hour = java.time.LocalTime.now(java.time.ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(8 - hour + 12, 24) - 12; // -12..+11 hours
        return editConfigurationFilePut("etc/org.plantwire.mes.cfg", "zone", String.format("%+03d:00", offset));
    }

    /**
     * A Karaf from a tar.gz, unpacked under target/exam/{dir}, with SSH, RMI and HTTP on ports of its own (per
     * {@code slot}), so neither a server running on this machine nor another test class is disturbed.
     */
    protected static Option[] karaf(String archive, String name, String dir, int slot) {
        Option[] options = new Option[] {
            karafDistributionConfiguration()
                .frameworkUrl(new File(archive).toURI().toString())
                .name(name)
                .unpackDirectory(new File(required("plantwire.examDir"), dir))
                .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(18101 + slot)),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(11099 + slot)),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(44445 + slot)),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(18181 + slot)),
        };
        // -Dplantwire.keepRuntime=true keeps target/exam/<dir>/<uuid> (its data/log/karaf.log) after the test
        return Boolean.getBoolean("plantwire.keepRuntime")
                ? OptionUtils.combine(options, KarafDistributionOption.keepRuntimeFolder()) : options;
    }

    protected static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set (run through Maven failsafe)");
        }
        return value;
    }

    /**
     * Waits until the server has finished booting: every bundle resolved or active (none starting or stopping) and no
     * bundle changing state for two seconds. Pax Exam may start a test while the boot features are still being
     * installed, and an install can restart bundles that were running a moment before.
     */
    protected void awaitBooted() throws InterruptedException {
        java.util.Map<Long, Integer> last = new java.util.HashMap<>();
        long[] since = {System.currentTimeMillis()};
        waitFor("the server booted (bundle states holding still)", 120_000, () -> {
            java.util.Map<Long, Integer> now = new java.util.HashMap<>();
            boolean busy = false;
            for (org.osgi.framework.Bundle b : bundleContext.getBundles()) {
                now.put(b.getBundleId(), b.getState());
                busy |= b.getState() == org.osgi.framework.Bundle.STARTING
                        && !"lazy".equals(b.getHeaders().get(org.osgi.framework.Constants.BUNDLE_ACTIVATIONPOLICY));
                busy |= b.getState() == org.osgi.framework.Bundle.STOPPING;
            }
            if (busy || !now.equals(last)) {
                last.clear();
                last.putAll(now);
                since[0] = System.currentTimeMillis();
                return false;
            }
            return System.currentTimeMillis() - since[0] >= 2_000;
        });
    }

    /** Runs a shell command as an admin user and returns what it printed; a failing command throws. */
    protected String shell(String command) throws Exception {
        return shellAs("itest", command, "admin", "manager", "viewer");
    }

    /** Runs a shell command as {@code user} with these JAAS roles and returns what it printed; a failing command throws. */
    protected String shellAs(String user, String command, String... roles) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        try (Session session = sessionFactory.create(System.in, out, out)) {
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (PrivilegedActionException e) {
            throw new ShellCommandException(command, bytes.toString(StandardCharsets.UTF_8), e.getException());
        } catch (RuntimeException e) {
            throw new ShellCommandException(command, bytes.toString(StandardCharsets.UTF_8), e);
        }
        out.flush();
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println("karaf> " + command + "\n" + output);
        return output;
    }

    /** The error a shell command ended with, with what it printed before. */
    public static final class ShellCommandException extends Exception {
        private static final long serialVersionUID = 1L;

        ShellCommandException(String command, String output, Throwable cause) {
            super("'" + command + "' failed: " + cause.getMessage() + (output.isEmpty() ? "" : "\n" + output), cause);
        }
    }

    /** Waits until the condition holds, polling every 50 ms; fails with the description after the timeout. */
    protected static void waitFor(String description, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Timed out after " + timeoutMillis + " ms waiting for: " + description);
            }
            Thread.sleep(50);
        }
    }

    /** Writes a plant file into the running server's etc/plants (it is picked up within a second). */
    protected static java.nio.file.Path writePlantFile(String name, String yaml) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Paths.get(System.getProperty("karaf.etc"), "plants", name);
        java.nio.file.Files.writeString(file, yaml);
        return file;
    }

    /** Waits for a value to become available (non-null). */
    protected static <T> T waitFor(String description, long timeoutMillis, Callable<T> supplier) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            T value = supplier.call();
            if (value != null) {
                return value;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Timed out after " + timeoutMillis + " ms waiting for: " + description);
            }
            Thread.sleep(50);
        }
    }

    /** A bundle event's type by name, for messages. */
    protected static String eventType(int type) {
        switch (type) {
            case org.osgi.framework.BundleEvent.INSTALLED: return "INSTALLED";
            case org.osgi.framework.BundleEvent.RESOLVED: return "RESOLVED";
            case org.osgi.framework.BundleEvent.STARTING: return "STARTING";
            case org.osgi.framework.BundleEvent.STARTED: return "STARTED";
            case org.osgi.framework.BundleEvent.STOPPING: return "STOPPING";
            case org.osgi.framework.BundleEvent.STOPPED: return "STOPPED";
            case org.osgi.framework.BundleEvent.UNRESOLVED: return "UNRESOLVED";
            case org.osgi.framework.BundleEvent.UPDATED: return "UPDATED";
            case org.osgi.framework.BundleEvent.UNINSTALLED: return "UNINSTALLED";
            default: return Integer.toString(type);
        }
    }

    /** True when something accepts TCP connections on 127.0.0.1 at the port (e.g. the embedded broker is up). */
    protected static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
