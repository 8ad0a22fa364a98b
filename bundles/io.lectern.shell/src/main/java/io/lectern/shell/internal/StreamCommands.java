package io.lectern.shell.internal;

import static io.lectern.shell.internal.HyphenatedCommands.answer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.profile.Rung;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.store.CreatedStream;
import io.lectern.store.OutputState;
import io.lectern.store.PlaybackSigner;
import io.lectern.store.PlaybackToken;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lectern:streams}, {@code lectern:stream}, {@code lectern:stream-create},
 * {@code lectern:stream-key}, {@code lectern:stream-delete}, {@code lectern:stream-visibility},
 * {@code lectern:stream-link}; immediate, so the hyphenated ones
 * ({@link HyphenatedCommands}) exist from the start.
 */
@Component(service = StreamCommands.class, immediate = true, property = {
        "osgi.command.scope=lectern",
        "osgi.command.function=streams",
        "osgi.command.function=stream"})
public final class StreamCommands {

    private static final String DEFAULT_INGEST = "rtmp";

    private static final long DEFAULT_LINK_SECONDS = 86_400;

    private final StreamStore store;
    private final PlaybackSigner signer;
    private final HyphenatedCommands hyphenated;

    @Activate
    public StreamCommands(@Reference StreamStore store, @Reference PlaybackSigner signer, BundleContext context) {
        this.store = store;
        this.signer = signer;
        this.hyphenated = new HyphenatedCommands(context)
                .add("stream-create", "<name> [ingest] [low-latency|tutorial|high-quality]", 1, 3, this::streamCreate)
                .add("stream-key", "<name>", 1, 1, args -> streamKey(args.get(0)))
                .add("stream-delete", "<name>", 1, 1, args -> streamDelete(args.get(0)))
                .add("stream-visibility", "<name> <public|private>", 2, 2, args -> streamVisibility(args.get(0), args.get(1)))
                .add("stream-link", "<name> [seconds, default 86400]", 1, 2, this::streamLink);
    }

    @Deactivate
    void deactivate() {
        hyphenated.close();
    }

    @Descriptor("lists the stored streams with ingest, latency mode, state and key hint")
    public String streams() {
        return answer(() -> {
            List<StoredStream> list = store.list();
            if (list.isEmpty()) {
                return "No stream is stored. Create one with lectern:stream-create <name>.";
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %-10s %-14s %-9s %s%n",
                    "NAME", "INGEST", "MODE", "ENABLED", "KEY"));
            for (StoredStream s : list) {
                sb.append(String.format(Locale.ROOT, "%-24s %-10s %-14s %-9s %s%n", s.name(), s.definition().ingest(),
                        s.definition().latencyMode().id(), s.enabled() ? "yes" : "no", "..." + s.keyHint()));
            }
            return sb.toString();
        });
    }

    @Descriptor("shows one stored stream: settings, ladder, destinations and the last state of each output")
    public String stream(@Descriptor("the stream name") String name) {
        return answer(() -> store.find(name).map(s -> {
            StreamDefinition d = s.definition();
            LatencyProfile p = d.profile();
            StringBuilder sb = new StringBuilder();
            line(sb, "name", d.name());
            line(sb, "title", d.title());
            line(sb, "description", s.description());
            line(sb, "enabled", s.enabled() ? "yes" : "no");
            line(sb, "ingest", d.ingest());
            line(sb, "key", "..." + s.keyHint() + " (rotate with lectern:stream-key " + d.name() + ")");
            line(sb, "mode", d.latencyMode().id());
            line(sb, "profile", String.format(Locale.ROOT,
                    "GOP %.1f s, segments %.1f s, parts %.1f s, live window %d s, DVR %d s, %s/%s, bitrate x%.2f, record %s",
                    p.gopSeconds(), p.segmentSeconds(), p.partSeconds(), p.liveWindowSeconds(), p.dvrWindowSeconds(),
                    p.preset().id(), p.tune().id(), p.bitrateFactor(), p.record() ? "yes" : "no"));
            line(sb, "ladder", String.join(", ", d.ladder().rungs().stream().map(StreamCommands::rung).toList()));
            line(sb, "encoders", d.encoders().isEmpty() ? "best available" : String.join(", ", d.encoders()));
            line(sb, "packagers", d.packagers().isEmpty() ? "all present" : String.join(", ", d.packagers()));
            // Settings values are not printed: ingest settings may hold secrets.
            line(sb, "settings", d.settings().isEmpty() ? "-" : String.join(", ", d.settings().keySet().stream().sorted().toList()));
            line(sb, "created", s.created().toString());
            line(sb, "updated", s.updated().toString());
            sb.append("destinations:\n");
            if (d.destinations().isEmpty()) {
                sb.append("  none\n");
            }
            for (DestinationDefinition dest : d.destinations()) {
                sb.append("  ").append(dest).append('\n');
            }
            List<OutputState> outputs = store.outputs(name);
            sb.append(String.format(Locale.ROOT, "%-12s %-20s %-32s %s%n", "OUTPUT", "ID", "STATE", "UPDATED"));
            for (OutputState o : outputs) {
                sb.append(String.format(Locale.ROOT, "%-12s %-20s %-32s %s%n", o.kind(), o.id(), o.state(), o.updated()));
            }
            return sb.toString();
        }).orElse("No stream is called '" + name + "'."));
    }

    /** Creates a stream with the standard ladder: name, then optional ingest and latency mode. */
    private String streamCreate(List<String> args) {
        String name = args.get(0);
        String ingest = args.size() > 1 ? args.get(1) : DEFAULT_INGEST;
        String mode = args.size() > 2 ? args.get(2) : LatencyMode.TUTORIAL.id();
        return answer(() -> {
            StreamDefinition d = StreamDefinition.simple(name, ingest, LatencyMode.fromId(mode), Ladder.standard());
            CreatedStream created = store.create(d, "");
            return "Created stream " + name + " (" + ingest + ", " + d.latencyMode().id() + ").\n"
                    + "Stream key: " + created.key() + "\n"
                    + "Keep it now: it is stored only as a hash and cannot be shown again.";
        });
    }

    /** Gives a stream a new key and prints it; the old key stops working at once. */
    private String streamKey(String name) {
        return answer(() -> {
            CreatedStream rotated = store.rotateKey(name);
            return "New stream key for " + name + ": " + rotated.key() + "\n"
                    + "The old key no longer works; a publisher using it must reconnect with this one.";
        });
    }

    /** Deletes a stream with its outputs and statistics. */
    private String streamDelete(String name) {
        return answer(() -> store.delete(name) ? "Deleted stream " + name + "." : "No stream is called '" + name + "'.");
    }

    /** Makes a stream public or private; the player and media follow within seconds, no restart needed. */
    private String streamVisibility(String name, String visibility) {
        if (!"public".equals(visibility) && !StreamDefinition.PRIVATE.equals(visibility)) {
            return "Use public or private.";
        }
        return answer(() -> store.find(name).map(s -> {
            StreamDefinition d = s.definition();
            Map<String, String> settings = new HashMap<>(d.settings());
            settings.put(StreamDefinition.VISIBILITY, visibility);
            store.update(new StreamDefinition(d.name(), d.title(), d.ingest(), d.latencyMode(), d.profile(), d.ladder(), d.encoders(),
                    d.packagers(), d.destinations(), settings), s.description(), s.enabled());
            return "Stream " + name + " is " + visibility + (StreamDefinition.PRIVATE.equals(visibility)
                    ? ": viewers need a link from lectern:stream-link " + name + "." : ".");
        }).orElse("No stream is called '" + name + "'."));
    }

    /** Prints signed addresses that open a (private) stream for the given seconds. */
    private String streamLink(List<String> args) {
        String name = args.get(0);
        long seconds;
        try {
            seconds = args.size() > 1 ? Long.parseLong(args.get(1)) : DEFAULT_LINK_SECONDS;
        } catch (NumberFormatException e) {
            return "Give the seconds as a whole number.";
        }
        if (seconds < 1 || seconds > PlaybackSigner.MAX_VALIDITY.toSeconds()) {
            return "A link lasts from 1 to " + PlaybackSigner.MAX_VALIDITY.toSeconds() + " seconds.";
        }
        return answer(() -> store.find(name).map(s -> {
            PlaybackToken t = signer.sign(name, Duration.ofSeconds(seconds));
            StringBuilder sb = new StringBuilder();
            line(sb, "watch", t.page("/watch/" + name));
            line(sb, "embed", t.page("/embed/" + name));
            line(sb, "hls", t.media("/live/" + name + "/master.m3u8"));
            line(sb, "dash", t.media("/live/" + name + "/manifest.mpd"));
            line(sb, "expires", Instant.ofEpochSecond(t.expires()).toString());
            if (!s.definition().isPrivate()) {
                sb.append("The stream is public: its plain addresses work for everyone too.\n");
            }
            return sb.toString();
        }).orElse("No stream is called '" + name + "'."));
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "%-13s%s%n", label + ":", value == null || value.isEmpty() ? "-" : value));
    }

    private static String rung(Rung r) {
        return r.isSource() ? r.name() : r.name() + " " + r.videoBitrate() / 1000 + " kbit/s";
    }
}
