package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.sun.net.httpserver.HttpServer;

/**
 * The watch and embed pages in a real browser (Debian's headless chromium) against the product,
 * fed by the built-in test pattern: HLS and DASH playback, the quality menu, the offline page that
 * starts by itself, embedding allowed and refused by origin, the viewer count, and the delay per
 * latency mode (written to target/player-latency.properties, not asserted).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlayerBrowserTest {

    private static final Path OUT = Paths.get("target", "player-test");
    private static final String STREAM = "lesson";

    private LecternProcess lectern;
    private ChromeDriver browser;
    private HttpServer allowedSite;
    private HttpServer otherSite;
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(OUT);
        Files.deleteIfExists(OUT.resolve("player-latency.properties"));
        lectern = new LecternProcess(Files.createTempDirectory("lectern-player-test")).start();
        allowedSite = site();
        otherSite = site();
        String settings = "{\"width\":\"640\",\"height\":\"360\",\"fps\":\"25\",\"embedOrigins\":\"http://127.0.0.1:"
                + allowedSite.getAddress().getPort() + "\"}";
        create(STREAM, "<b>Maths & \"more\"</b>", "low-latency", settings);

        profile = Files.createTempDirectory("lectern-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-component-update",
                "--user-data-dir=" + profile, "--autoplay-policy=no-user-gesture-required", "--window-size=960,720");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Paths.get("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        for (HttpServer s : new HttpServer[] { allowedSite, otherSite }) {
            if (s != null) {
                s.stop(0);
            }
        }
        if (lectern != null) {
            Files.copy(lectern.log(), OUT.resolve("lectern.log"), StandardCopyOption.REPLACE_EXISTING);
            lectern.close();
        }
    }

    @Test
    @Order(1)
    void unknownStreamsGetAFriendlyPageAndTitlesAreEscaped() throws Exception {
        HttpResponse<String> missing = lectern.get("/watch/no-such-stream", false);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("Stream not found"), missing.body());
        assertEquals(404, lectern.get("/embed/No_Such.Name", false).statusCode());

        HttpResponse<String> page = lectern.get("/watch/" + STREAM, false);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("&lt;b&gt;Maths &amp; &quot;more&quot;&lt;/b&gt;"), page.body());
        assertTrue(!page.body().contains("<b>Maths"), "the title is escaped");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'self'"));
        String embedCsp = lectern.get("/embed/" + STREAM, false).headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(embedCsp.contains("frame-ancestors 'self' http://127.0.0.1:" + allowedSite.getAddress().getPort()), embedCsp);
    }

    @Test
    @Order(2)
    void theOfflinePageStartsPlayingByItselfWhenTheTeacherGoesLive() throws Exception {
        browser.get(lectern.base() + "/watch/" + STREAM);
        waitFor("offline notice", "return !document.getElementById('offline').hidden", 20);
        assertTrue(browser.findElement(By.id("offline")).getText().contains("start by itself"));
        screenshot("offline.png");

        HttpResponse<String> started = lectern.post("/api/v1/streams/" + STREAM + "/start", "{}");
        assertTrue(started.statusCode() < 300, started.body());
        waitForPlayback("hls", 90);
        assertTrue(browser.findElement(By.id("offline")).getAttribute("hidden") != null, "the offline notice is gone");
        Thread.sleep(3000);
        showControls();
        screenshot("watch.png");
    }

    @Test
    @Order(3)
    void theQualityMenuSwitchesRendition() throws Exception {
        @SuppressWarnings("unchecked")
        List<String> levels = (List<String>) js("return lecternPlayer.levels()");
        assertEquals(List.of("360p", "240p"), sorted(levels), "both renditions are offered: " + levels);
        js("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(5000)");

        showControls();
        browser.findElement(By.cssSelector(".lectern-quality button")).click();
        List<WebElement> items = browser.findElements(By.cssSelector(".lectern-quality .vjs-menu-item"));
        List<String> names = items.stream().map(e -> e.getText().split("\n")[0].trim()).toList();
        assertEquals(3, names.size(), names.toString());
        assertTrue(names.containsAll(List.of("Auto", "360p", "240p")), names.toString());
        items.stream().filter(e -> e.getText().startsWith("240p")).findFirst().orElseThrow().click();

        waitFor("the 240p rendition playing", "return lecternPlayer.playingLevel() === '240p'", 30);
        waitFor("the 240p media requested",
                "return performance.getEntriesByType('resource').some(function (e) { return e.name.indexOf('/240p') > 0; })", 30);
        assertEquals("240p", js("return lecternPlayer.quality()"));
        assertTrue(browser.findElement(By.cssSelector(".lectern-quality-label")).getText().contains("240p"));
        double before = number("return document.querySelector('video').currentTime");
        Thread.sleep(2000);
        assertTrue(number("return document.querySelector('video').currentTime") > before, "still playing after the switch");
        showControls();
        screenshot("watch-240p.png");

        js("lecternPlayer.setQuality('auto')");
        assertEquals("auto", js("return lecternPlayer.quality()"));
    }

    @Test
    @Order(4)
    void viewersCanSeekBackAndReturnToLive() throws Exception {
        js("var v = document.querySelector('video'); v.currentTime = Math.max(v.seekable.start(0), v.currentTime - 8)");
        waitFor("the 'Go to live' button", "return document.querySelector('.lectern-live-text').textContent === 'Go to live'", 15);
        double behind = number("return document.querySelector('video').currentTime");
        showControls();
        screenshot("watch-behind-live.png");
        Object bar = js("var p = lecternPlayer.player; return JSON.stringify({duration: p.duration(), tracking: p.liveTracker.isTracking(),"
                + " window: p.liveTracker.liveWindow(), progress: document.querySelector('.vjs-play-progress').style.width})");
        assertTrue(Boolean.TRUE.equals(js("return lecternPlayer.player.liveTracker.isTracking()"))
                && number("return parseFloat(document.querySelector('.vjs-play-progress').style.width)") < 90,
                "the seek bar shows the position in the live window: " + bar);
        // A DOM click: headless Chrome's pointer may land while Video.js fades its controls.
        js("document.querySelector('.lectern-live').click()");
        waitFor("the player back at live", "return document.querySelector('.lectern-live-text').textContent === 'Live'", 15);
        assertTrue(number("return document.querySelector('video').currentTime") > behind + 5, "it jumped forward to live");
    }

    @Test
    @Order(5)
    void playersAreCountedAsViewers() throws Exception {
        // The page reports once on 'playing' and then every 10 s; the count covers 30 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Pattern viewers = Pattern.compile("lectern_stream_viewers\\{stream=\"" + STREAM + "\"} (\\d+)");
        int count = 0;
        while (System.nanoTime() < deadline && count < 1) {
            Matcher m = viewers.matcher(lectern.get("/metrics", true).body());
            count = m.find() ? Integer.parseInt(m.group(1)) : 0;
            Thread.sleep(500);
        }
        assertTrue(count >= 1, "the playing page is counted in /metrics");
        assertEquals(400, lectern.post("/watch/" + STREAM + "/beacon?id=x", "").statusCode(), "ids that are not random are ignored");
        assertEquals(400, lectern.post("/watch/no-such-stream/beacon?id=0123456789abcdef", "").statusCode(), "streams that do not run are not counted");
    }

    @Test
    @Order(6)
    void dashPlaysToo() throws Exception {
        browser.get(lectern.base() + "/watch/" + STREAM + "?format=dash");
        waitForPlayback("dash", 60);
        Thread.sleep(3000);
        showControls();
        screenshot("watch-dash.png");
        record("latency_low-latency_dash_s", latency());
    }

    @Test
    @Order(7)
    void theEmbedPlaysOnAnAllowedSiteAndIsRefusedElsewhere() throws Exception {
        browser.get("http://127.0.0.1:" + allowedSite.getAddress().getPort() + "/");
        browser.switchTo().frame(browser.findElement(By.tagName("iframe")));
        waitForPlayback("hls", 60);
        assertEquals(Boolean.TRUE, js("return document.querySelector('video').muted"), "autoplay in an embed is muted");
        browser.switchTo().defaultContent();
        Thread.sleep(2000);
        screenshot("embed.png");

        browser.get("http://127.0.0.1:" + otherSite.getAddress().getPort() + "/");
        Thread.sleep(3000);
        browser.switchTo().frame(browser.findElement(By.tagName("iframe")));
        assertEquals(Boolean.FALSE, js("return typeof window.lecternPlayer !== 'undefined' || !!document.querySelector('video')"),
                "the browser refused to show the embed on a site that is not allowed");
        browser.switchTo().defaultContent();
        screenshot("embed-refused.png");
    }

    /** Glass-to-glass-ish delay per latency mode: wall clock minus the frame's program date-time. */
    @Test
    @Order(8)
    void measureTheDelayOfEachLatencyMode() throws Exception {
        browser.get(lectern.base() + "/watch/" + STREAM);
        waitForPlayback("hls", 60);
        Thread.sleep(8000);
        record("latency_low-latency_s", latency());
        lectern.post("/api/v1/streams/" + STREAM + "/stop", "{}");
        waitFor("the offline notice after the stream stopped", "return !document.getElementById('offline').hidden", 60);

        for (String mode : List.of("tutorial", "high-quality")) {
            String name = "delay-" + mode;
            create(name, name, mode, "{\"width\":\"640\",\"height\":\"360\",\"fps\":\"25\"}");
            HttpResponse<String> started = lectern.post("/api/v1/streams/" + name + "/start", "{}");
            assertTrue(started.statusCode() < 300, started.body());
            browser.get(lectern.base() + "/watch/" + name);
            waitForPlayback("hls", 120);
            Thread.sleep(10000);
            record("latency_" + mode + "_s", latency());
            lectern.post("/api/v1/streams/" + name + "/stop", "{}");
        }
    }

    // ---- helpers

    private void create(String name, String title, String mode, String settings) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"title\":\"" + title.replace("\"", "\\\"") + "\",\"ingest\":\"testpattern\","
                + "\"latencyMode\":\"" + mode + "\",\"ladder\":[\"360p\",\"240p\"],\"settings\":" + settings + "}";
        HttpResponse<String> created = lectern.post("/api/v1/streams", body);
        assertEquals(201, created.statusCode(), created.body());
    }

    /** A second local web site: its page shows the stream's embed in an iframe. */
    private HttpServer site() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] page = ("<!doctype html><html><body style=\"margin:0;background:#eee;font-family:sans-serif\">"
                    + "<p>A school web site on port " + server.getAddress().getPort() + "</p>"
                    + "<iframe src=\"" + lectern.base() + "/embed/" + STREAM + "?autoplay=1\" width=\"480\" height=\"270\" "
                    + "allow=\"autoplay; fullscreen\"></iframe></body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        return server;
    }

    private void waitForPlayback(String engine, int seconds) throws Exception {
        waitFor(engine + " playback", "var v = document.querySelector('video');"
                + "return window.lecternPlayer && lecternPlayer.engine() === '" + engine + "' && v.readyState >= 3 && v.currentTime > 0", seconds);
        double first = number("return document.querySelector('video').currentTime");
        waitFor("the video to advance", "return document.querySelector('video').currentTime > " + (first + 1.5), 20);
    }

    private void waitFor(String what, String script, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(js(script))) {
                return;
            }
            Thread.sleep(250);
        }
        screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-") + ".png");
        fail("Waited " + seconds + " s for " + what + "; browser says: " + js("var v = document.querySelector('video');"
                + "return JSON.stringify({url: location.href, engine: window.lecternPlayer && lecternPlayer.engine(),"
                + " readyState: v && v.readyState, time: v && v.currentTime, error: v && v.error && v.error.message})"));
    }

    /** The median of five readings one second apart. */
    private double latency() throws Exception {
        List<Double> readings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readings.add(number("return lecternPlayer.latency()"));
            Thread.sleep(1000);
        }
        Collections.sort(readings);
        double median = readings.get(2);
        assertTrue(median > 0 && median < 120, "a plausible delay: " + readings);
        return median;
    }

    private static void record(String key, double seconds) throws IOException {
        String line = key + "=" + String.format(Locale.ROOT, "%.2f", seconds) + "\n";
        System.out.print(line);
        Files.writeString(OUT.resolve("player-latency.properties"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Video.js hides its controls while the mouse is still; wake them for clicks and screenshots. */
    private void showControls() throws InterruptedException {
        js("lecternPlayer.player.userActive(true)");
        Thread.sleep(300);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private double number(String script) {
        Object v = js(script);
        assertNotEquals(null, v, script);
        return ((Number) v).doubleValue();
    }

    private void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, OUT.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> sorted(List<String> levels) {
        return levels.stream().sorted(Collections.reverseOrder()).toList();
    }
}
