package io.lectern.shell.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.store.StoreException;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lectern:start}, {@code lectern:stop}, {@code lectern:renditions}: run a stored stream's pipeline and watch its encoders. */
@Component(service = PipelineCommands.class, property = {
        // Below felix:start/felix:stop, so that a plain "start 12" still starts a bundle.
        "service.ranking:Integer=-1",
        "osgi.command.scope=lectern",
        "osgi.command.function=start",
        "osgi.command.function=stop",
        "osgi.command.function=renditions"})
public final class PipelineCommands {

    /** A whole segment's file; parts ({@code seg-<n>.<i>.m4s}) are not counted. */
    private static final Pattern SEGMENT = Pattern.compile("seg-(\\d+)\\.m4s");

    @Reference
    private PipelineRegistry registry;

    @Reference
    private StreamStore store;

    @Descriptor("starts (or restarts with its stored settings) a stream's pipeline")
    public String start(@Descriptor("the stream name") String stream) {
        try {
            StoredStream s = store.find(stream).orElse(null);
            if (s == null) {
                return "No stream is called '" + stream + "'.";
            }
            if (!s.enabled()) {
                return "Stream '" + stream + "' is disabled; enable it first.";
            }
            PipelineInfo p = registry.start(s.definition());
            return "Started " + stream + ": " + p.state().id() + (p.reason().isEmpty() ? "" : " (" + p.reason() + ")") + ".";
        } catch (StoreException e) {
            return "Failed (" + e.reason().name().toLowerCase(Locale.ROOT) + "): " + e.getMessage();
        }
    }

    @Descriptor("stops a stream's pipeline")
    public String stop(@Descriptor("the stream name") String stream) {
        if (registry.pipeline(stream).isEmpty()) {
            return "Stream '" + stream + "' is not running.";
        }
        registry.stop(stream);
        return "Stopped " + stream + ".";
    }

    @Descriptor("shows a running stream's renditions: encoder, frames, drops, speed and segments")
    public String renditions(@Descriptor("the stream name") String stream) {
        return registry.pipeline(stream).map(p -> {
            Path dir = registry.streamDirectory(stream);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %s, input %.1f fps%n", p.stream(), p.state().id(), p.fpsIn()));
            sb.append(String.format(Locale.ROOT, "%-10s %-12s %10s %8s %7s %8s %6s%n",
                    "RENDITION", "ENCODER", "FRAMES", "DROPPED", "SPEED", "SEGMENTS", "LAST"));
            for (OutputInfo o : p.outputs()) {
                if (!o.kind().equals("rendition")) {
                    continue;
                }
                long[] segments = segments(dir.resolve(o.id()));
                sb.append(String.format(Locale.ROOT, "%-10s %-12s %10d %8d %7s %8d %6s%n", o.id(), o.plugin(), o.packets(), o.dropped(),
                        o.speed() > 0 ? String.format(Locale.ROOT, "%.2fx", o.speed()) : "-", segments[0],
                        segments[1] < 0 ? "-" : Long.toString(segments[1])));
            }
            return sb.toString();
        }).orElse("Stream '" + stream + "' is not running.");
    }

    /** How many segments a rendition's folder holds now (the DVR window) and the newest one's number, -1 if none. */
    private static long[] segments(Path dir) {
        long count = 0;
        long last = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "seg-*.m4s")) {
            for (Path f : files) {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    count++;
                    last = Math.max(last, Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            // No folder yet: nothing packaged so far.
        }
        return new long[] {count, last};
    }
}
