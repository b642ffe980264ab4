package org.plantwire.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web HMI in a real browser (headless Chromium driven by Selenium) against the real distribution, unpacked from
 * its archive and started with {@code bin/start} (HTTP, SSH and RMI on ports of their own; the simulated line and the
 * embedded broker on their usual ones). An operator logs in, sees a live value change, opens a trend, writes a
 * setpoint and reads its outcome, and acknowledges the alarm that setpoint causes, with a comment that would be a
 * script if the page inserted it as markup. Screenshots of each step go to target/screenshots.
 */
class HmiBrowserIT {

    private static final int HTTP = 18281;
    private static final String BASE = "http://127.0.0.1:" + HTTP;
    private static final String LINE = "acme/woodlands/packaging/line1/";
    private static final String TEMPERATURE = LINE + "filler/temperature";
    private static final String SETPOINT = LINE + "filler/setpoints/temperature";
    private static final String HIGH = TEMPERATURE + ":high";

    private static Path home;
    private static WebDriver browser;
    private static Path screenshots;
    private static int shot;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        Path work = Paths.get(System.getProperty("plantwire.work"));
        screenshots = Paths.get(System.getProperty("plantwire.screenshots"));
        deleteTree(work);
        deleteTree(screenshots);
        Files.createDirectories(work);
        Files.createDirectories(screenshots);
        run(work.toFile(), "tar", "xzf", System.getProperty("plantwire.distribution"));
        try (Stream<Path> dirs = Files.list(work)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        edit(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = 8181", "org.osgi.service.http.port = " + HTTP);
        edit(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = 18301");
        edit(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = 11199");
        edit(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = 44545");
        run(home.toFile(), home.resolve("bin/start").toString());
        waitFor("the HMI served", 120_000, () -> status("/hmi/", null) == 200);
        waitFor("the filler's temperature good through the API", 120_000,
                () -> body("/api/tags/" + TEMPERATURE, "viewer:viewer").contains("\"quality\":\"good\""));

        for (String binary : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            assertTrue(new File(binary).canExecute(), binary + " is missing: apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("plantwire-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (home != null) {
            run(home.toFile(), home.resolve("bin/stop").toString());
            waitFor("the server stopped", 60_000, () -> !listening(HTTP));
        }
    }

    @Test
    void anOperatorWatchesTrendsWritesAndAcknowledges() throws Exception {
        browser.get(BASE + "/hmi/");
        WebElement user = until(By.id("user"));
        screenshot("login");
        user.sendKeys("operator");
        browser.findElement(By.id("password")).sendKeys("wrong");
        browser.findElement(By.cssSelector("#login-form button")).click();
        waitFor("a refused login says so", 10_000,
                () -> browser.findElement(By.id("login-error")).getText().contains("wrong user or password"));
        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys("operator");
        browser.findElement(By.cssSelector("#login-form button")).click();
        waitFor("logged in", 10_000, () -> browser.findElement(By.id("who")).getText().equals("operator (operator)"));
        screenshot("line-overview");

        // the tags page: the filler's temperature changes on the page without a reload (server-sent events)
        click(By.cssSelector("button[data-page='plant']"));
        By temperatureValue = By.cssSelector("tr[data-path='" + TEMPERATURE + "'] td.value");
        String first = until(temperatureValue).getText();
        waitFor("a live change of the temperature", 20_000, () -> !browser.findElement(temperatureValue).getText().equals(first));
        screenshot("tags-live");

        // the tree follows the ISA-95 levels of the paths; closing the work cell hides its tags, opening shows them
        By filler = By.cssSelector("tr.group[data-group='" + LINE + "filler']");
        assertTrue(browser.findElement(filler).getText().contains("work cell"), browser.findElement(filler).getText());
        assertTrue(browser.findElement(By.cssSelector("tr.group[data-group='" + LINE.substring(0, LINE.length() - 1)
                + "']")).getText().contains("line"));
        click(filler);
        waitFor("the filler's tags hidden", 5_000, () -> !browser.findElement(By.cssSelector("tr[data-path='"
                + TEMPERATURE + "']")).isDisplayed() && !browser.findElement(By.cssSelector("tr[data-path='"
                + SETPOINT + "']")).isDisplayed());
        screenshot("tags-tree-closed");
        click(filler);
        waitFor("the filler's tags shown", 5_000, () -> browser.findElement(temperatureValue).isDisplayed());

        // a trend of it from the historian
        click(By.cssSelector("tr[data-path='" + TEMPERATURE + "'] button"));
        until(By.cssSelector("#chart canvas"));
        waitFor("points in the trend", 20_000, () -> browser.findElement(By.id("trend-info")).getText().matches("[1-9]\\d* points.*"));
        screenshot("trend");

        // a setpoint written from the form, with its outcome; the product temperature rises past the alarm limit
        click(By.cssSelector("button[data-page='plant']"));
        click(By.xpath("//tr[@data-path='" + SETPOINT + "']//button[text()='Write']"));
        WebElement value = until(By.id("write-value"));
        value.clear();
        value.sendKeys("95");
        click(By.cssSelector("#write-form button"));
        waitFor("the write confirmed", 20_000, () -> browser.findElement(By.id("write-result")).getText().startsWith("confirmed: 95"));
        screenshot("setpoint-written");

        // the alarm appears by itself on the alarms page; the operator acknowledges it with a comment
        click(By.cssSelector("button[data-page='alarms']"));
        By ack = By.cssSelector("tr[data-alarm='" + HIGH + "'] button.ack");
        waitFor("the high temperature alarm waiting for acknowledgement", 90_000,
                () -> !browser.findElements(ack).isEmpty());
        screenshot("alarm-active");
        String comment = "<script>document.title='owned'</script> heater checked";
        browser.findElement(By.cssSelector("tr[data-alarm='" + HIGH + "'] input.ack-comment")).sendKeys(comment);
        click(ack);
        By row = By.cssSelector("tr[data-alarm='" + HIGH + "']");
        waitFor("acknowledged", 20_000, () -> browser.findElement(row).getText().contains("active-acknowledged"));
        assertTrue(browser.findElement(row).getText().contains("operator: " + comment), "the comment shown as text");
        assertEquals("Plantwire HMI", browser.getTitle(), "nothing from the comment ran");
        screenshot("alarm-acknowledged");

        // back to normal for whoever comes next
        String written = body("/api/tags/" + SETPOINT, "engineer:engineer");
        assertTrue(written.contains("95"), written);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/api/tags/" + SETPOINT))
                .header("Authorization", basic("engineer:engineer")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": 65}")).build(), HttpResponse.BodyHandlers.ofString());
        String audit = body("/api/audit?limit=50", "engineer:engineer");
        assertTrue(audit.contains("\"action\":\"ack\"") && audit.contains("\"source\":\"hmi\""), audit);
    }

    // ---------------------------------------------------------------- helpers

    private static WebElement until(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }

    private static void click(By by) {
        until(by).click();
    }

    private static void screenshot(String name) throws IOException {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = screenshots.resolve(String.format("%02d-%s.png", ++shot, name));
        Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("screenshot " + target);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
    }

    private static int status(String path, String user) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(5));
            if (user != null) {
                b.header("Authorization", basic(user));
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(String path, String user) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + path))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", basic(user)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void waitFor(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet (element gone while the page redraws, server still starting)
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " has no line '" + from + "'");
        }
        Files.writeString(file, text.replace(from, to));
    }

    private static void run(File dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir).inheritIO();
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
