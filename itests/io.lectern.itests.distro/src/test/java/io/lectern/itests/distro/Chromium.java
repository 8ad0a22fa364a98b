package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven by Selenium, with the waits a player test needs: until a script
 * says true, until the video plays and its time advances. A screenshot is left in {@code out} when a
 * wait fails.
 */
final class Chromium implements AutoCloseable {

    final ChromeDriver driver;
    private final Path out;
    private final Path profile;

    Chromium(Path out) throws IOException {
        this(out, 960, 720);
    }

    Chromium(Path out, int width, int height) throws IOException {
        this.out = Files.createDirectories(out);
        this.profile = Files.createTempDirectory("lectern-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-component-update",
                "--user-data-dir=" + profile, "--autoplay-policy=no-user-gesture-required", "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Paths.get("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    double number(String script) {
        Object v = js(script);
        if (!(v instanceof Number n)) {
            fail(script + " gave " + v);
            return 0;
        }
        return n.doubleValue();
    }

    void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    void waitFor(String what, String script, int seconds) throws Exception {
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
                + " readyState: v && v.readyState, time: v && v.currentTime, error: v && v.error && v.error.message,"
                + " text: document.body && document.body.innerText.slice(0, 200)})"));
    }

    /** Until the Lectern player plays with {@code engine} (hls, dash) and its time moves on by 1.5 s. */
    void waitForPlayback(String engine, int seconds) throws Exception {
        waitFor(engine + " playback", "var v = document.querySelector('video');"
                + "return !!window.lecternPlayer && lecternPlayer.engine() === '" + engine + "' && v.readyState >= 3 && v.currentTime > 0", seconds);
        double first = number("return document.querySelector('video').currentTime");
        waitFor("the video to advance", "return document.querySelector('video').currentTime > " + (first + 1.5), 20);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
    }
}
