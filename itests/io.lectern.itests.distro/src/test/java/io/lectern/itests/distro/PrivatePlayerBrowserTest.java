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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A private test-pattern stream in a real browser against the product: the plain watch page says it
 * is private, the signed link minted through the API plays with hls.js and with dash.js (the page hands
 * the player signed media addresses, the playlists' relative addresses keep the signature), and the
 * signed embed plays in an iframe on another site, where cookies would not have worked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivatePlayerBrowserTest {

    private static final Path OUT = Paths.get("target", "private-player-test");
    private static final String STREAM = "private-lesson";

    private LecternProcess lectern;
    private Chromium browser;
    private HttpServer otherSite;
    private String watch;
    private String embed;

    @BeforeAll
    void start() throws Exception {
        lectern = new LecternProcess(Files.createTempDirectory("lectern-private-test")).start();
        HttpResponse<String> created = lectern.post("/api/v1/streams", "{\"name\":\"" + STREAM + "\",\"ingest\":\"testpattern\","
                + "\"latencyMode\":\"low-latency\",\"ladder\":[\"360p\"],"
                + "\"settings\":{\"width\":\"640\",\"height\":\"360\",\"fps\":\"25\",\"visibility\":\"private\"}}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(lectern.post("/api/v1/streams/" + STREAM + "/start", "{}").statusCode() < 300);
        HttpResponse<String> links = lectern.post("/api/v1/streams/" + STREAM + "/playback-urls", "{\"expiresInSeconds\":900}");
        assertEquals(200, links.statusCode(), links.body());
        watch = field(links.body(), "watch");
        embed = field(links.body(), "embed");
        browser = new Chromium(OUT);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (otherSite != null) {
            otherSite.stop(0);
        }
        if (lectern != null) {
            Files.copy(lectern.log(), OUT.resolve("lectern.log"), StandardCopyOption.REPLACE_EXISTING);
            lectern.close();
        }
    }

    @Test
    @Order(1)
    void withoutTheLinkThePageSaysItIsPrivate() throws Exception {
        browser.driver.get(lectern.base() + "/watch/" + STREAM);
        assertTrue(browser.driver.findElement(By.tagName("body")).getText().contains("This stream is private"));
        browser.screenshot("unsigned.png");
    }

    @Test
    @Order(2)
    void theSignedLinkPlaysWithHlsAndDash() throws Exception {
        browser.driver.get(lectern.base() + watch);
        browser.waitForPlayback("hls", 90);
        browser.screenshot("signed-hls.png");
        browser.driver.get(lectern.base() + watch + "&format=dash");
        browser.waitForPlayback("dash", 60);
        browser.screenshot("signed-dash.png");
    }

    @Test
    @Order(3)
    void theSignedEmbedPlaysOnAnotherSite() throws Exception {
        otherSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherSite.createContext("/", exchange -> {
            byte[] page = ("<!doctype html><html><body><p>A school web site</p><iframe src=\"" + lectern.base() + embed.replace("&", "&amp;")
                    + "&amp;autoplay=1\" width=\"480\" height=\"270\" allow=\"autoplay; fullscreen\"></iframe></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        otherSite.start();
        // Another origin (localhost, not 127.0.0.1), as a school's site would be.
        browser.driver.get("http://localhost:" + otherSite.getAddress().getPort() + "/");
        browser.driver.switchTo().frame(browser.driver.findElement(By.tagName("iframe")));
        try {
            browser.waitForPlayback("hls", 60);
        } finally {
            browser.driver.switchTo().defaultContent();
        }
        browser.screenshot("signed-embed.png");
    }

    private static String field(String json, String name) throws IOException {
        return new ObjectMapper().readTree(json).get(name).asText();
    }
}
