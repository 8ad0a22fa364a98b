package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
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
    private Chromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        lectern = new LecternProcess(Files.createTempDirectory("lectern-recording-test")).start();
        chromium = new Chromium(OUT, 1280, 900);
        browser = chromium.driver;
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
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
        chromium.waitForPlayback("hls", 30);
        double length = chromium.number("return document.querySelector('video').duration");
        assertTrue(length > 7 && length < 14, "a finite length of about 10 s: " + length);
        chromium.js("lecternPlayer.player.userActive(true)");
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
        chromium.screenshot(name + ".png");
    }
}
