package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.StreamDefinition;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Every Lectern bundle stops cleanly: with a stream running, stopping the bundles leaves no Lectern
 * thread behind. (Runs last in its own class; it restarts what it stopped.)
 */
class CleanStopTest {

    /** How Lectern's bundles name their threads. */
    private static final List<String> THREAD_PREFIXES = List.of("lectern-", "itest-source", "rtmp", "testpattern-", "hls-", "dash-", "store-");

    @Test
    void stoppedBundlesLeaveNoThreads() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(CleanStopTest.class).getBundleContext();
        ServiceTracker<PipelineRegistry, PipelineRegistry> tracker = new ServiceTracker<>(context, PipelineRegistry.class, null);
        tracker.open();
        PipelineRegistry registry = tracker.waitForService(10_000);
        Bundle plugin;
        try (InputStream in = getClass().getResourceAsStream("/plugin.jar")) {
            plugin = context.installBundle("test:clean-stop-plugin", in);
        }
        plugin.start();
        await("the test source is listed", () -> registry.plugin(io.lectern.api.plugin.PluginKind.INGEST, "itest-source").isPresent());
        registry.start(StreamDefinition.simple("clean-stop", "itest-source", LatencyMode.TUTORIAL, Ladder.passthrough()));
        await("the stream runs", () -> registry.pipeline("clean-stop").map(p -> p.state() == PipelineState.LIVE).orElse(false));
        tracker.close();

        List<Bundle> stopped = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (b != plugin && bsn != null && bsn.startsWith("io.lectern.") && !bsn.equals("io.lectern.itests")
                    && b.getState() == Bundle.ACTIVE) {
                b.stop();
                stopped.add(b);
            }
        }
        plugin.uninstall();
        try {
            await("no Lectern thread is left", () -> lecternThreads().isEmpty());
            assertTrue(lecternThreads().isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("threads left running: " + lecternThreads(), e);
        } finally {
            for (Bundle b : stopped) {
                b.start();
            }
        }
    }

    private static String lecternThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> THREAD_PREFIXES.stream().anyMatch(n::startsWith)).collect(Collectors.joining(", "));
    }
}
