package io.lectern.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A plugin bundle built against the published API alone is installed while the framework runs, used
 * by a pipeline, uninstalled (the pipeline says why it stopped) and installed again (the pipeline
 * comes back by itself).
 */
class PluginLifecycleTest {

    private final BundleContext context = FrameworkUtil.getBundle(PluginLifecycleTest.class).getBundleContext();
    private ServiceTracker<PipelineRegistry, PipelineRegistry> tracker;
    private PipelineRegistry registry;
    private Bundle plugin;

    @BeforeEach
    void setUp() throws Exception {
        tracker = new ServiceTracker<>(context, PipelineRegistry.class, null);
        tracker.open();
        registry = tracker.waitForService(10_000);
        assertTrue(registry != null, "the pipeline registry is running");
    }

    @AfterEach
    void tearDown() throws Exception {
        registry.pipelines().forEach(p -> registry.stop(p.stream()));
        if (plugin != null && plugin.getState() != Bundle.UNINSTALLED) {
            plugin.uninstall();
        }
        tracker.close();
    }

    private Bundle installPlugin() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/plugin.jar")) {
            Bundle b = context.installBundle("test:io.lectern.itests.plugin", in);
            b.start();
            return b;
        }
    }

    @Test
    void registrySeesPluginsComeAndGo() throws Exception {
        assertTrue(registry.plugin(PluginKind.INGEST, "itest-source").isEmpty());
        plugin = installPlugin();
        await("the test source is listed", () -> registry.plugin(PluginKind.INGEST, "itest-source").isPresent());
        var info = registry.plugin(PluginKind.INGEST, "itest-source").orElseThrow();
        assertEquals("io.lectern.itests.plugin", info.bundleSymbolicName());
        assertEquals(plugin.getBundleId(), info.bundleId());
        assertTrue(registry.plugin(PluginKind.DESTINATION, "itest-sink").isPresent());

        plugin.uninstall();
        await("the test source is gone", () -> registry.plugin(PluginKind.INGEST, "itest-source").isEmpty());
        assertTrue(registry.plugins(PluginKind.DESTINATION).stream().noneMatch(p -> p.id().equals("itest-sink")));
    }

    @Test
    void pipelineStopsWhenItsPluginLeavesAndResumesWhenItReturns() throws Exception {
        plugin = installPlugin();
        await("the test source is listed", () -> registry.plugin(PluginKind.INGEST, "itest-source").isPresent());

        StreamDefinition def = new StreamDefinition("itest", "Integration test", "itest-source", LatencyMode.LOW_LATENCY, null,
                Ladder.passthrough(), null, null, List.of(new DestinationDefinition("sink", "itest-sink", "source", null, true)), null);
        registry.start(def);
        await("the pipeline is live and the destination receives packets", () -> delivered("itest") > 25);
        assertEquals(PipelineState.LIVE, registry.pipeline("itest").orElseThrow().state());
        assertEquals(1, registry.plugin(PluginKind.INGEST, "itest-source").orElseThrow().inUse());

        plugin.uninstall();
        PipelineInfo blocked = registry.pipeline("itest").orElseThrow();
        assertEquals(PipelineState.BLOCKED, blocked.state());
        assertTrue(blocked.reason().contains("itest-source"), blocked.reason());
        assertFalse(threadAlive("itest-source-itest"), "the plugin's thread stopped with its bundle");

        plugin = installPlugin();
        await("the pipeline comes back by itself", () -> registry.pipeline("itest").map(p -> p.state() == PipelineState.LIVE).orElse(false)
                && delivered("itest") > 25);
    }

    private long delivered(String stream) {
        Optional<PipelineInfo> p = registry.pipeline(stream);
        return p.map(i -> i.outputs().stream().filter(o -> o.kind().equals("destination")).mapToLong(OutputInfo::packets).sum()).orElse(0L);
    }

    static boolean threadAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, 15);
    }

    static void await(String what, BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting until " + what);
    }
}
