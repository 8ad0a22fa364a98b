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

    @Test
    void destinationsAreAddedTurnedOffAndOnAndRemovedFromTheShell() throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        try {
            CommandProcessor processor = tracker.waitForService(10_000);
            assertNotNull(processor, "the Gogo shell is running");
            await("the destination commands are there", () -> !run(processor, "lectern:destination-add").startsWith("failed"));
            run(processor, "lectern:stream-delete shell-dest");
            assertTrue(run(processor, "lectern:stream-create shell-dest").startsWith("Created"));
            try {
                String bad = run(processor, "lectern:destination-add shell-dest bad custom 240p url=file:///etc/passwd key=k");
                assertTrue(bad.startsWith("Not added") && bad.contains("settings.url"), bad);
                String noRung = run(processor, "lectern:destination-add shell-dest tall custom 4k url=rtmp://127.0.0.1:1/live");
                assertTrue(noRung.contains("rendition: This stream has no 4k quality"), noRung);
                String added = run(processor, "lectern:destination-add shell-dest own custom 240p url=rtmp://127.0.0.1:1/live key=shell-secret");
                assertTrue(added.startsWith("Added destination own"), added);
                assertTrue(run(processor, "lectern:destination-add shell-dest own custom").contains("already"));
                String listed = run(processor, "lectern:destinations shell-dest");
                assertTrue(listed.matches("(?s).*\\nown +custom +240p .*stream not running\\s*"), listed);
                assertTrue(!listed.contains("shell-secret") && !run(processor, "lectern:stream shell-dest").contains("shell-secret"), "keys never show");

                assertTrue(run(processor, "lectern:destination-disable shell-dest own").startsWith("Turned off"));
                assertTrue(run(processor, "lectern:destinations shell-dest").contains("disabled"));
                assertTrue(run(processor, "lectern:destination-enable shell-dest own").startsWith("Turned on"));
                assertTrue(run(processor, "lectern:destinations shell-dest").contains("stream not running"));
                String notRunning = run(processor, "lectern:reconnect shell-dest own");
                assertTrue(notRunning.contains("not running"), notRunning);
                assertTrue(run(processor, "lectern:destination-remove shell-dest own").startsWith("Removed"));
                assertTrue(run(processor, "lectern:destinations shell-dest").contains("has no destinations"));
                assertTrue(run(processor, "lectern:destination-remove shell-dest own").contains("has no destination 'own'"));
            } finally {
                run(processor, "lectern:stream-delete shell-dest");
            }
        } finally {
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
