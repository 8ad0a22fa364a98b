package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** The admin's view: {@code lectern:plugins} in the Gogo shell lists a plugin as soon as its bundle starts. */
class ShellCommandsTest {

    private final BundleContext context = FrameworkUtil.getBundle(ShellCommandsTest.class).getBundleContext();

    @Test
    void pluginsCommandListsAHotInstalledPlugin() throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        Bundle plugin = null;
        try {
            CommandProcessor processor = tracker.waitForService(10_000);
            assertNotNull(processor, "the Gogo shell is running");
            await("lectern:plugins answers", () -> !run(processor, "lectern:plugins").startsWith("failed"));

            try (InputStream in = getClass().getResourceAsStream("/plugin.jar")) {
                plugin = context.installBundle("test:shell-plugin", in);
            }
            plugin.start();
            await("lectern:plugins lists the new plugin", () -> run(processor, "lectern:plugins ingest").contains("itest-source"));
            String one = run(processor, "lectern:plugin ingest itest-source");
            assertTrue(one.contains("io.lectern.itests.plugin"), one);
        } finally {
            if (plugin != null) {
                plugin.uninstall();
            }
            tracker.close();
        }
    }

    /** Runs one Gogo command and returns what it printed, or "failed: ..." if it threw. */
    static String run(CommandProcessor processor, String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
             CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            if (result != null) {
                print.print(session.format(result, 0));
            }
        } catch (Exception e) {
            return "failed: " + e;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
