package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Recordings in a real browser against the product: a test-pattern stream in tutorial mode runs for a
 * while and stops; the dashboard's Recordings page lists it, renames it, the stream's page shows it,
 * its public page plays it in the player (the time moves on), and deleting it asks first. Screenshots
 * go to target/recording-test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingBrowserTest {

    private static final Path OUT = Paths.get("target", "recording-test");

    private LecternProcess lectern;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(OUT);
        lectern = new LecternProcess(Files.createTempDirectory("lectern-recording-test")).start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-component-update",
                "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + Files.createTempDirectory("lectern-chromium"), "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Paths.get("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (lectern != null) {
            lectern.close();
        }
    }

    @Test
    void aRecordedLessonIsListedPlayedRenamedAndDeleted() throws Exception {
        HttpResponse<String> created = lectern.post("/api/v1/streams", "{\"name\":\"algebra\",\"title\":\"Algebra, lesson 1\","
                + "\"ingest\":\"testpattern\",\"latencyMode\":\"tutorial\",\"ladder\":[\"240p\"],"
                + "\"settings\":{\"width\":\"426\",\"height\":\"240\",\"fps\":\"15\"}}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(200, lectern.post("/api/v1/streams/algebra/start", "").statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!lectern.get("/api/v1/recordings", true).body().contains("\"recording\"")) {
            if (System.nanoTime() > deadline) {
                fail("no recording started: " + lectern.get("/api/v1/streams/algebra/outputs", true).body());
            }
            Thread.sleep(200);
        }
        Thread.sleep(10_000);
        assertEquals(200, lectern.post("/api/v1/streams/algebra/stop", "").statusCode());
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!lectern.get("/api/v1/recordings", true).body().contains("\"ready\"")) {
            if (System.nanoTime() > deadline) {
                fail("the recording did not become ready: " + lectern.get("/api/v1/recordings", true).body());
            }
            Thread.sleep(200);
        }

        browser.get(lectern.base() + "/login");
        find("#username").clear();
        find("#username").sendKeys("admin");
        find("#password").sendKeys(LecternProcess.ADMIN_PASSWORD + "\n");
        wait.until(ExpectedConditions.urlToBe(lectern.base() + "/dashboard/"));

        browser.get(lectern.base() + "/dashboard/recordings");
        WebElement ready = find("tr[data-recording]");
        String id = ready.getAttribute("data-recording");
        assertTrue(ready.getText().contains("algebra") && ready.getText().contains("Algebra, lesson 1"), ready.getText());
        assertTrue(ready.getText().matches("(?s).*\\b0:(0[89]|1\\d)\\b.*"), "about 10 s long: " + ready.getText());
        assertTrue(ready.getText().contains(" kB") || ready.getText().contains(" MB"), ready.getText());
        shot("1-recordings");

        ready.findElement(By.cssSelector("[data-do=rename]")).click();
        WebElement title = find("tr[data-recording] input[name=title]");
        title.clear();
        title.sendKeys("Algebra: fractions\n");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-recording] [data-role=title]"), "Algebra: fractions"));
        assertTrue(lectern.get("/api/v1/recordings/" + id, true).body().contains("Algebra: fractions"), "renamed through the API");

        browser.get(lectern.base() + "/dashboard/stream?name=algebra");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("recordings"), "Algebra: fractions"));
        shot("2-stream-recordings");

        browser.get(lectern.base() + "/watch/algebra");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".recordings"), "Algebra: fractions"));
        browser.findElement(By.cssSelector(".recordings a")).click();
        wait.until(ExpectedConditions.urlContains("/watch/algebra/recordings/" + id));
        assertTrue(find(".about h1").getText().contains("Algebra: fractions"));
        assertTrue(find(".about .when").getText().startsWith("Recorded "), find(".about .when").getText());
        waitFor("the recording to play", "var v = document.querySelector('video');"
                + "return window.lecternPlayer && lecternPlayer.engine() === 'hls' && v.readyState >= 3 && v.currentTime > 0");
        double first = number("return document.querySelector('video').currentTime");
        waitFor("the time to move on", "return document.querySelector('video').currentTime > " + (first + 1.5));
        double length = number("return document.querySelector('video').duration");
        assertTrue(length > 7 && length < 14, "a finite length of about 10 s: " + length);
        ((JavascriptExecutor) browser).executeScript("lecternPlayer.player.userActive(true)");
        Thread.sleep(300);
        shot("3-recording-page");

        browser.get(lectern.base() + "/dashboard/recordings");
        find("tr[data-recording] [data-do=delete]").click();
        Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertTrue(confirm.getText().contains("Algebra: fractions"), confirm.getText());
        confirm.accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("recordings"), "No recordings yet"));
        shot("4-deleted");
        assertEquals(404, lectern.get("/api/v1/recordings/" + id, true).statusCode());
        assertEquals(404, lectern.get("/recordings/algebra/" + id + "/master.m3u8", false).statusCode());
    }

    private WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private void shot(String name) throws Exception {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), OUT.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void waitFor(String what, String script) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(script))) {
                return;
            }
            Thread.sleep(250);
        }
        shot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
        fail("waited 30 s for " + what);
    }

    private double number(String script) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(script)).doubleValue();
    }
}
