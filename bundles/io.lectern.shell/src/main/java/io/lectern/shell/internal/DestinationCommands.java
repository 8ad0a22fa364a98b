package io.lectern.shell.internal;

import static io.lectern.shell.internal.HyphenatedCommands.answer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.DestinationEncode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.api.stream.StreamNames;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code lectern:destinations}, {@code lectern:destination-add}, {@code lectern:destination-remove},
 * {@code lectern:destination-enable}, {@code lectern:destination-disable} and {@code lectern:reconnect}:
 * where a stream is sent, how each destination is doing, and changing that. Settings (stream keys)
 * are never printed.
 */
@Component(service = DestinationCommands.class, immediate = true, property = {
        "osgi.command.scope=lectern",
        "osgi.command.function=destinations",
        "osgi.command.function=reconnect"})
public final class DestinationCommands {

    private static final String APPLIES_LATER = " The change applies the next time the stream starts.";

    private final PipelineRegistry registry;
    private final StreamStore store;
    private final List<Destination> plugins = new CopyOnWriteArrayList<>();
    private final HyphenatedCommands hyphenated;

    @Activate
    public DestinationCommands(@Reference PipelineRegistry registry, @Reference StreamStore store, BundleContext context) {
        this.registry = registry;
        this.store = store;
        this.hyphenated = new HyphenatedCommands(context)
                .add("destination-add", "<stream> <id> <platform> [rendition] [setting=value ...]", 3, 64, this::add)
                .add("destination-remove", "<stream> <id>", 2, 2, args -> change(args.get(0), args.get(1), d -> null, "Removed"))
                .add("destination-enable", "<stream> <id>", 2, 2, args -> change(args.get(0), args.get(1), d -> enabled(d, true), "Turned on"))
                .add("destination-disable", "<stream> <id>", 2, 2, args -> change(args.get(0), args.get(1), d -> enabled(d, false), "Turned off"));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPlugin(Destination plugin) {
        plugins.add(plugin);
    }

    void removePlugin(Destination plugin) {
        plugins.remove(plugin);
    }

    @Deactivate
    void deactivate() {
        hyphenated.close();
    }

    @Descriptor("lists a stream's destinations: id, platform, rendition, state, packets sent and dropped")
    public String destinations(@Descriptor("the stream name") String stream) {
        return onStream(stream, s -> {
            List<DestinationDefinition> list = s.definition().destinations();
            if (list.isEmpty()) {
                return "Stream '" + stream + "' has no destinations. Add one with lectern:destination-add.";
            }
            Optional<PipelineInfo> pipeline = registry.pipeline(stream);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %-10s %-9s %10s %8s  %s%n",
                    "ID", "PLATFORM", "RENDITION", "PACKETS", "DROPPED", "STATE"));
            for (DestinationDefinition d : list) {
                Optional<OutputInfo> out = pipeline.flatMap(p -> p.outputs().stream()
                        .filter(o -> o.kind().equals("destination") && o.id().equals(d.id())).findFirst());
                String state = !d.enabled() ? "disabled" : out.map(OutputInfo::state).orElse(pipeline.isEmpty() ? "stream not running" : "not started");
                sb.append(String.format(Locale.ROOT, "%-16s %-10s %-9s %10s %8s  %s%n", d.id(), d.platform(), d.rendition(),
                        out.map(o -> Long.toString(o.packets())).orElse("-"), out.map(o -> Long.toString(o.dropped())).orElse("-"), state));
            }
            return sb.toString();
        });
    }

    @Descriptor("drops a running destination's connection and connects again now, also after it failed")
    public String reconnect(@Descriptor("the stream name") String stream, @Descriptor("the destination id") String id) {
        return onDestination(stream, id, s -> registry.reconnect(stream, id)
                ? "Reconnecting " + id + "; follow it with lectern:destinations " + stream + "."
                : "Destination '" + id + "' is not running: it is turned off, or the stream is not started.");
    }

    /** {@code <stream> <id> <platform> [rendition] [setting=value ...]}, checked by the platform's plugin when installed. */
    private String add(List<String> args) {
        String stream = args.get(0);
        String id = args.get(1);
        String platform = args.get(2);
        String rendition = args.size() > 3 && !args.get(3).contains("=") ? args.get(3) : "source";
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args.subList(args.size() > 3 && !args.get(3).contains("=") ? 4 : 3, args.size())) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                return "Failed: '" + arg + "' is not setting=value.";
            }
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        if (!StreamNames.isValid(id)) {
            return "Failed: a destination id has 1 to 64 lower-case letters, digits and '-', e.g. youtube-main.";
        }
        return onStream(stream, s -> {
            if (s.definition().destinations().stream().anyMatch(d -> d.id().equals(id))) {
                return "Failed: stream '" + stream + "' has a destination '" + id + "' already.";
            }
            Optional<Destination> plugin = plugins.stream().filter(p -> p.id().equals(platform)).findFirst();
            DestinationDefinition added = new DestinationDefinition(id, platform, rendition, settings, true);
            List<FieldError> errors = new ArrayList<>();
            plugin.ifPresent(p -> p.validate(settings).forEach(e -> errors.add(new FieldError("settings." + e.field(), e.message()))));
            errors.addAll(DestinationEncode.check(s.definition(), added, plugin.map(Destination::constraints).orElse(DestinationConstraints.NONE)));
            if (!errors.isEmpty()) {
                StringBuilder sb = new StringBuilder("Not added:\n");
                errors.forEach(e -> sb.append("  ").append(e.field()).append(": ").append(e.message()).append('\n'));
                return sb.toString();
            }
            String note = plugin.isPresent() ? "" : " The '" + platform + "' plugin is not installed, so the settings were not checked.";
            List<DestinationDefinition> all = new ArrayList<>(s.definition().destinations());
            all.add(added);
            save(s, all);
            return "Added destination " + id + " (" + platform + ", " + rendition + ") to " + stream + "." + note + running(stream);
        });
    }

    /** Applies {@code edit} to one destination; an edit that answers null removes it. */
    private String change(String stream, String id, UnaryOperator<DestinationDefinition> edit, String done) {
        return onDestination(stream, id, s -> {
            List<DestinationDefinition> all = new ArrayList<>();
            for (DestinationDefinition d : s.definition().destinations()) {
                DestinationDefinition changed = d.id().equals(id) ? edit.apply(d) : d;
                if (changed != null) {
                    all.add(changed);
                }
            }
            save(s, all);
            return done + " destination " + id + " of " + stream + "." + running(stream);
        });
    }

    /** Runs {@code work} on the stored stream, or says there is no stream of that name. */
    private String onStream(String stream, Function<StoredStream, String> work) {
        return answer(() -> store.find(stream).map(work).orElse("No stream is called '" + stream + "'."));
    }

    /** Runs {@code work} on the stored stream if it has destination {@code id}, or says what is missing. */
    private String onDestination(String stream, String id, Function<StoredStream, String> work) {
        return onStream(stream, s -> s.definition().destinations().stream().anyMatch(d -> d.id().equals(id)) ? work.apply(s)
                : "Stream '" + stream + "' has no destination '" + id + "'.");
    }

    private static DestinationDefinition enabled(DestinationDefinition d, boolean on) {
        return new DestinationDefinition(d.id(), d.platform(), d.rendition(), d.settings(), on);
    }

    private void save(StoredStream s, List<DestinationDefinition> destinations) {
        StreamDefinition d = s.definition();
        store.update(new StreamDefinition(d.name(), d.title(), d.ingest(), d.latencyMode(), d.profile(), d.ladder(), d.encoders(),
                d.packagers(), destinations, d.settings()), s.description(), s.enabled());
    }

    private String running(String stream) {
        return registry.pipeline(stream).isPresent() ? APPLIES_LATER : "";
    }
}
