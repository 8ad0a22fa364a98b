package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import com.sun.net.httpserver.HttpServer;

/**
 * The watch and embed pages in a real browser (Debian's headless chromium) against the product,
 * fed by the built-in test pattern: HLS and DASH playback, the quality menu, the offline page that
 * starts by itself, embedding allowed and refused by origin, the viewer count, and the delay per
 * latency mode (written to target/player-test/player-latency.properties; stalls asserted, delays recorded).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlayerBrowserTest {

    private static final Path OUT = Paths.get("target", "player-test");
    private static final String STREAM = "lesson";

    private LecternProcess lectern;
    private Chromium chromium;
    private ChromeDriver browser;
    private HttpServer allowedSite;
    private HttpServer otherSite;

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

        chromium = new Chromium(OUT);
        browser = chromium.driver;
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
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

    /**
     * Glass-to-glass delay per latency mode, each on a stream of its own: the test pattern paints the
     * time each picture was made, the page reads it back from the picture on screen and compares it
     * with its own clock. Also recorded: the delay the player itself reports (from the program
     * date-time, or dash.js's live latency), and how often playback stalled while measured.
     */
    @Test
    @Order(8)
    void measureTheDelayOfEachLatencyMode() throws Exception {
        for (String mode : List.of("low-latency", "tutorial", "high-quality")) {
            String name = "delay-" + mode;
            create(name, name, mode, "{\"width\":\"640\",\"height\":\"360\",\"fps\":\"25\"}");
            HttpResponse<String> started = lectern.post("/api/v1/streams/" + name + "/start", "{}");
            assertTrue(started.statusCode() < 300, started.body());
            // Viewers join a stream that runs already: with three segments written, the playlist is
            // longer than any player's distance from live and does not make the player start closer.
            Thread.sleep(mode.equals("high-quality") ? 18000 : 6000);
            for (String format : mode.equals("low-latency") ? List.of("hls", "dash") : List.of("hls")) {
                browser.get(lectern.base() + "/watch/" + name + "?format=" + format);
                waitForPlayback(format, 120);
                // Let the player settle at its target delay before measuring.
                Thread.sleep(mode.equals("high-quality") ? 12000 : 8000);
                measureDelay(mode + "_" + format);
            }
            lectern.post("/api/v1/streams/" + name + "/stop", "{}");
        }
    }

    /** Reads the clock painted into the picture on screen: "HH:MM:SS:mmm" in the pattern's 3x5 block font. */
    private static final String READ_CLOCK = """
            var v = document.querySelector('video');
            var c = window.lecternClockCanvas || (window.lecternClockCanvas = document.createElement('canvas'));
            c.width = 640; c.height = 40;
            var g = c.getContext('2d', { willReadFrequently: true });
            g.drawImage(v, 0, 0, v.videoWidth, v.videoHeight * 40 / 360, 0, 0, 640, 40);
            var now = Date.now();
            var px = g.getImageData(0, 0, 640, 40).data;
            var glyphs = [0x7b6f, 0x2c97, 0x73e7, 0x73cf, 0x5bc9, 0x79cf, 0x79ef, 0x7292, 0x7bef, 0x7bcf, 0x0410];
            var scale = 4, margin = 8, text = '';
            for (var i = 0; i < 12; i++) {
              var bits = 0;
              for (var row = 0; row < 5; row++) {
                for (var col = 0; col < 3; col++) {
                  var x = margin + i * 4 * scale + col * scale + scale / 2, y = margin + row * scale + scale / 2;
                  bits = bits * 2 + (px[(y * 640 + x) * 4] > 128 ? 1 : 0);
                }
              }
              var k = glyphs.indexOf(bits);
              if (k < 0) { return null; }
              text += k === 10 ? ':' : k;
            }
            var p = text.split(':').map(Number);
            var made = ((p[0] * 60 + p[1]) * 60 + p[2]) * 1000 + p[3];
            return ((now % 86400000 - made + 86400000) % 86400000) / 1000;""";

    /**
     * Ten readings a second apart of the painted clock's delay and of the player's own figure; stalls
     * ("waiting" while playing) are counted meanwhile and must not repeat.
     */
    private void measureDelay(String key) throws Exception {
        js("var v = document.querySelector('video'); window.lecternStalls = 0;"
                + "v.addEventListener('waiting', function () { window.lecternStalls++; });");
        List<Double> glass = new ArrayList<>();
        List<Double> player = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Object seen = js(READ_CLOCK);
            if (seen instanceof Number n) {
                glass.add(n.doubleValue());
            }
            player.add(number("return lecternPlayer.latency()"));
            Thread.sleep(1000);
        }
        int stalls = ((Number) js("return window.lecternStalls")).intValue();
        screenshot("delay-" + key + ".png");
        assertTrue(glass.size() >= 5, key + ": the clock in the picture could be read (" + glass.size() + " of 10 readings)");
        double median = median(glass);
        assertTrue(median > 0 && median < 60, key + ": a plausible delay: " + glass);
        assertTrue(stalls <= 1, key + ": playback stalled " + stalls + " times in 10 s");
        record("glass_to_glass_" + key + "_s", median);
        record("glass_to_glass_" + key + "_min_s", Collections.min(glass));
        record("glass_to_glass_" + key + "_max_s", Collections.max(glass));
        record("player_reported_delay_" + key + "_s", median(player));
        record("stalls_" + key, stalls);
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
        chromium.waitForPlayback(engine, seconds);
    }

    private void waitFor(String what, String script, int seconds) throws Exception {
        chromium.waitFor(what, script, seconds);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
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
        return chromium.js(script);
    }

    private double number(String script) {
        return chromium.number(script);
    }

    private void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }

    private static List<String> sorted(List<String> levels) {
        return levels.stream().sorted(Collections.reverseOrder()).toList();
    }
}
