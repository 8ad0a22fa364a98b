package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser against the product: sign in, make a test-pattern stream with a
 * destination, start it and see it go live on the overview through live events (no reload) with a
 * thumbnail that refreshes by itself and a live preview on click, upload
 * a plugin bundle and see its plugins. Screenshots of each page go to target/dashboard-test. Then
 * every route without signing in: only the public ones answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final Path OUT = Paths.get("target", "dashboard-test");

    private LecternProcess lectern;
    private Chromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        lectern = new LecternProcess(Files.createTempDirectory("lectern-dashboard-test")).start();
        chromium = new Chromium(OUT, 1280, 900);
        browser = chromium.driver;
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
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

    private void open(String path) {
        browser.get(lectern.base() + path);
    }

    private void shot(String name) throws Exception {
        chromium.screenshot(name + ".png");
    }

    private WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    @Test
    @Order(1)
    void signInMakeAStreamAndWatchItGoLive() throws Exception {
        open("/");
        wait.until(ExpectedConditions.urlContains("/login"));
        find("#password");
        shot("1-login");
        find("#username").clear();
        find("#username").sendKeys("admin");
        find("#password").sendKeys("not the password\n");
        assertTrue(wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "not right")));
        find("#password").clear();
        find("#password").sendKeys(LecternProcess.ADMIN_PASSWORD + "\n");
        wait.until(ExpectedConditions.urlToBe(lectern.base() + "/dashboard/"));
        assertEquals("admin", find("#whoami").getText());
        assertTrue(browser.findElement(By.tagName("footer")).getText().contains("ExpertDevUX professional development services"));

        find("#new-stream").click();
        find("#name").sendKeys("demo");
        find("#title").sendKeys("Demo lesson");
        new Select(find("#ingest")).selectByValue("testpattern");
        find("input[name=width]").sendKeys("640");
        find("input[name=height]").sendKeys("360");
        find("input[name=fps]").sendKeys("15");
        for (WebElement box : browser.findElements(By.cssSelector("#ladder input"))) {
            if (box.isSelected() != "240p".equals(box.getAttribute("value"))) {
                box.click();
            }
        }
        shot("2-new-stream");
        find("#save").click();
        wait.until(ExpectedConditions.urlContains("/dashboard/stream?name=demo"));
        assertTrue(find("#ingest-info").getText().contains("test picture"));

        open("/dashboard/edit?name=demo");
        new Select(find("#d-platform")).selectByValue("custom");
        find("#d-id").sendKeys("backup");
        find("#d-url").sendKeys("rtmp://127.0.0.1:1/live");
        find("#d-key").sendKeys("abc");
        find("#add-destination").click();
        find("[data-destination=backup]");
        shot("3-edit-with-destination");

        open("/dashboard/");
        WebElement card = find("[data-stream=demo]");
        assertEquals("stopped", card.getAttribute("data-state"));
        card.findElement(By.cssSelector("[data-action=start]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(ExpectedConditions.attributeToBe(
                By.cssSelector("[data-stream=demo]"), "data-state", "live"));
        // The card shows the stream's latest picture and fetches a newer one every few seconds.
        WebElement thumb = find("[data-stream=demo] img.thumb");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> ((Number) browser.executeScript(
                "return arguments[0].naturalWidth", thumb)).intValue() > 0);
        String firstPicture = thumb.getAttribute("src");
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> !firstPicture.equals(thumb.getAttribute("src")));
        shot("4-overview-live");
        thumbnailIsPublic();
        find("[data-stream=demo] .thumb-play").click();
        find("[data-stream=demo] iframe.preview");

        open("/dashboard/stream?name=demo");
        find("#chart-bitrate");
        Thread.sleep(7000);
        assertTrue(find("#state").getText().contains("live"));
        shot("5-stream");
    }

    /** {@code /watch/<stream>/thumbnail.jpg}: anyone may fetch it; a small JPEG; link previews point at it. */
    private void thumbnailIsPublic() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(lectern.base() + "/watch/demo/thumbnail.jpg")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("max-age=5"), r.headers().toString());
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(320, picture.getWidth(), "640x360 test pattern, scaled to 320 wide");
        assertEquals(180, picture.getHeight());
        assertEquals(404, lectern.get("/watch/no-such-stream/thumbnail.jpg", false).statusCode());
        String page = lectern.get("/watch/demo", false).body();
        assertTrue(page.contains("<meta property=\"og:image\" content=\"" + lectern.base() + "/watch/demo/thumbnail.jpg\">"), page);
        assertTrue(page.contains("<meta property=\"og:title\" content=\"Demo lesson\">"), page);
        assertTrue(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"), page);
    }

    @Test
    @Order(2)
    void uploadAPluginBundle() throws Exception {
        open("/dashboard/plugins");
        find("[data-plugin='ingest/testpattern']");
        Path jar = Paths.get(System.getProperty("lectern.plugin.jar")).toAbsolutePath().normalize();
        find("#jar").sendKeys(jar.toString());
        find("#upload button[type=submit]").click();
        find("[data-plugin='destination/itest-sink']");
        find("[data-plugin='ingest/itest-source']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bundles"), "io.lectern.itests.plugin"));
        shot("6-plugins");

        open("/dashboard/settings");
        find("#token-form input[name=name]").sendKeys("backup script");
        find("#token-form button").click();
        assertTrue(find("#token-secret").getText().startsWith("lct_"));
        shot("7-settings");
    }

    @Test
    @Order(3)
    void withoutSigningInOnlyThePublicRoutesAnswer() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String page : List.of("/dashboard/", "/dashboard/edit", "/dashboard/stream?name=demo", "/dashboard/plugins", "/dashboard/settings")) {
            HttpResponse<String> r = lectern.get(page, false);
            assertEquals(302, r.statusCode(), page);
            assertTrue(r.headers().firstValue("Location").orElse("").contains("/login?next="), page);
        }
        assertEquals("/dashboard/", URI.create(lectern.get("/", false).headers().firstValue("Location").orElse("")).getPath());
        for (String api : List.of("/streams", "/streams/demo", "/streams/demo/stats", "/streams/demo/outputs", "/streams/demo/destinations",
                "/plugins", "/plugins/bundles", "/plugins/destination/custom", "/pipelines", "/pipelines/demo", "/tokens", "/users",
                "/events", "/session")) {
            assertEquals(401, lectern.get("/api/v1" + api, false).statusCode(), api);
        }
        for (String[] call : new String[][] {{"POST", "/streams"}, {"PUT", "/streams/demo"}, {"DELETE", "/streams/demo"},
                {"POST", "/streams/demo/start"}, {"POST", "/plugins"}, {"POST", "/plugins/1/stop"}, {"DELETE", "/plugins/1"},
                {"POST", "/users"}, {"DELETE", "/users/admin"}, {"POST", "/tokens"}, {"DELETE", "/session"}, {"POST", "/account/password"}}) {
            var r = client.send(HttpRequest.newBuilder(URI.create(lectern.base() + "/api/v1" + call[1]))
                    .method(call[0], HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), call[0] + " " + call[1]);
        }
        for (String open : List.of("/api/v1/health", "/api/v1/time", "/api/v1/openapi.json", "/login",
                "/dashboard/assets/app.js", "/dashboard/assets/app.css", "/dashboard/vendor/bootstrap/css/bootstrap.min.css",
                "/dashboard/vendor/font-awesome/css/all.min.css", "/dashboard/vendor/chart.js/chart.umd.min.js")) {
            assertEquals(200, lectern.get(open, false).statusCode(), open);
        }
        assertEquals("/login", lectern.get("/setup", false).headers().firstValue("Location").orElse(""), "set up already");
        for (String open : List.of("/watch/demo", "/embed/demo", "/live/demo/master.m3u8")) {
            HttpResponse<String> r = lectern.get(open, false);
            assertNotEquals(401, r.statusCode(), open);
            assertTrue(r.headers().firstValue("Location").filter(l -> l.contains("/login")).isEmpty(), open);
        }
    }

    @Test
    @Order(4)
    void theSessionCookieNeedsTheCsrfTokenToChangeThings() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        var login = client.send(HttpRequest.newBuilder(URI.create(lectern.base() + "/api/v1/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + LecternProcess.ADMIN_PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = login.body().replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
        HttpRequest.Builder stop = HttpRequest.newBuilder(URI.create(lectern.base() + "/api/v1/streams/demo/stop")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody());
        var refused = client.send(stop.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("csrf"), refused.body());
        assertEquals(200, client.send(stop.header("X-CSRF-Token", csrf).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        var kept = client.send(HttpRequest.newBuilder(URI.create(lectern.base() + "/watch/demo/thumbnail.jpg")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, kept.statusCode(), "the stopped stream keeps its last picture");
        assertEquals(320, ImageIO.read(new ByteArrayInputStream(kept.body())).getWidth());
    }
}
