package io.lectern.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The main class of {@code lectern.jar}. The jar keeps the layout bnd-export gives it (the bundles
 * under {@code jar/}, the run properties, system packages and start levels in
 * {@code launcher.properties}, all written from {@code lectern.bndrun}); only bnd's launcher is
 * replaced, because it installs or updates every embedded bundle at every start. This one keeps the
 * framework cache and changes in it only what differs from the jar (see {@link ProductBundles}).
 * <p>
 * It logs to standard output in the format the bundles' SLF4J logger uses: SLF4J itself is a bundle,
 * inside the framework this class starts.
 */
public final class Main {

    /** How long a SIGTERM waits for the bundles to stop before the JVM exits anyway. */
    private static final long STOP_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** The Felix HTTP service's setting for Jetty's network (selector) threads. */
    static final String HTTP_SELECTORS = "org.apache.felix.http.jetty.selectors";

    private Main() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run();
        } catch (Exception | LinkageError e) {
            StringBuilder causes = new StringBuilder();
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                causes.append("\n  caused by ").append(t);
            }
            log("ERROR", "Lectern did not start: " + e + causes);
            exit = 1;
        }
        System.exit(exit);
    }

    private static int run() throws Exception {
        Path jar = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Properties launch = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/launcher.properties")) {
            if (in == null) {
                throw new IOException(jar + " has no launcher.properties");
            }
            launch.load(in);
        }
        Map<String, String> config = frameworkConfig(launch);
        Path storage = Paths.get(config.getOrDefault(Constants.FRAMEWORK_STORAGE, "felix-cache"));
        ProductBundles product = new ProductBundles(storage);
        if (!Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT.equals(config.get(Constants.FRAMEWORK_STORAGE_CLEAN))
                && !product.cacheIsOurs()) {
            // A cache this launcher did not write (bnd's launcher's, or one cut short before its first
            // record): start from an empty one rather than guess what is in it.
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }

        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path")).newFramework(config);
        Thread stopper = new Thread(() -> stop(framework), "lectern-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            framework.init();
            UnwovenBundles.register(framework.getBundleContext());
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                log("INFO", product.sync(framework, zip, launch));
            }
            framework.getBundleContext().addFrameworkListener(event -> {
                if (event.getType() == FrameworkEvent.STARTED) {
                    log("INFO", "all bundles started, " + sinceJvmStart() + " ms after the JVM started");
                }
            });
            framework.start();
        } catch (Exception | LinkageError e) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            stop(framework);
            throw e;
        }
        FrameworkEvent stopped = framework.waitForStop(0);
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /**
     * The run properties from {@code lectern.bndrun}, made system properties as bnd's launcher made
     * them (SLF4J's simple logger reads its settings there) unless {@code -D} set them; then every
     * system property, and the system packages and capabilities bnd computed.
     */
    private static Map<String, String> frameworkConfig(Properties launch) {
        for (String key : launch.stringPropertyNames()) {
            if (!key.startsWith("launch.") && System.getProperty(key) == null) {
                System.setProperty(key, launch.getProperty(key));
            }
        }
        Map<String, String> config = new HashMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            config.put(key, System.getProperty(key));
        }
        // Jetty's network threads answer most live media requests themselves (the fast path of
        // io.lectern.delivery), so one per core rather than Jetty's default of one per two cores.
        config.putIfAbsent(HTTP_SELECTORS, String.valueOf(Math.min(16, Runtime.getRuntime().availableProcessors())));
        putIfSet(config, Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, launch.getProperty("launch.system.packages"));
        putIfSet(config, Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, launch.getProperty("launch.system.capabilities"));
        return config;
    }

    private static void putIfSet(Map<String, String> config, String key, String value) {
        if (value != null && !value.isBlank()) {
            config.put(key, value);
        }
    }

    /** Stops every bundle and waits for it (SIGTERM, Ctrl-C, or a failed start). */
    private static void stop(Framework framework) {
        try {
            framework.stop();
            if (framework.waitForStop(STOP_TIMEOUT_MS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log("WARN", "the bundles did not stop within " + STOP_TIMEOUT_MS / 1000 + " s");
            }
        } catch (Exception e) {
            log("WARN", "stopping the framework failed: " + e);
        }
    }

    private static long sinceJvmStart() {
        return ProcessHandle.current().info().startInstant()
                .map(started -> Duration.between(started, Instant.now()).toMillis()).orElse(-1L);
    }

    static void log(String level, String message) {
        System.out.println(LocalDateTime.now().format(TIME) + " [" + Thread.currentThread().getName() + "] " + level
                + " io.lectern.launcher - " + message);
    }
}
