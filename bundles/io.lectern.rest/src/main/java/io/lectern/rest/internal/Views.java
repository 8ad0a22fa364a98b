package io.lectern.rest.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PluginInfo;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.FieldSpec;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.store.OutputState;
import io.lectern.store.StatsSample;

/** How API objects look in JSON. */
final class Views {

    /** Setting names that hold secrets even when no plugin says so. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|secret|password|passphrase|token).*");
    private static final String MASK = "****";

    private Views() {
    }

    static ObjectNode pipeline(PipelineInfo p) {
        ObjectNode n = Json.object()
                .put("stream", p.stream())
                .put("ingest", p.ingest())
                .put("state", p.state().id())
                .put("reason", p.reason())
                .put("publisher", p.publisher())
                .put("startedAt", Json.time(p.startedMillis()))
                .put("packetsIn", p.packetsIn())
                .put("bitrateIn", p.bitrateIn())
                .put("fpsIn", p.fpsIn());
        p.outputs().forEach(o -> n.withArray("outputs").add(output(o)));
        n.withArray("outputs");
        return n;
    }

    static ObjectNode output(OutputInfo o) {
        return Json.object().put("kind", o.kind()).put("id", o.id()).put("plugin", o.plugin()).put("state", o.state())
                .put("packets", o.packets()).put("dropped", o.dropped()).put("speed", o.speed());
    }

    static ObjectNode output(OutputState o) {
        return Json.object().put("kind", o.kind()).put("id", o.id()).put("state", o.state()).put("updated", Json.time(o.updated()));
    }

    static ObjectNode plugin(PluginInfo p) {
        return Json.object()
                .put("kind", p.kind().id())
                .put("id", p.id())
                .put("displayName", p.displayName())
                .put("version", p.bundleVersion())
                .put("bundle", p.bundleSymbolicName())
                .put("bundleId", p.bundleId())
                .put("rank", p.rank())
                .put("state", p.health().state().name().toLowerCase(Locale.ROOT))
                .put("reason", p.health().reason())
                .put("inUse", p.inUse());
    }

    static ObjectNode field(FieldSpec f) {
        ObjectNode n = Json.object().put("name", f.name()).put("label", f.label()).put("type", f.type().name().toLowerCase(Locale.ROOT))
                .put("default", f.defaultValue()).put("required", f.required()).put("help", f.help());
        n.set("choices", Json.strings(f.choices()));
        return n;
    }

    static ObjectNode sample(StatsSample s) {
        ObjectNode n = Json.object().put("at", Json.time(s.at())).put("viewers", s.viewers()).put("ingestBitrate", s.ingestBitrate())
                .put("fps", s.fps()).put("droppedFrames", s.droppedFrames()).put("encoderSpeed", s.encoderSpeed());
        ObjectNode d = n.putObject("destinations");
        s.destinations().forEach(d::put);
        return n;
    }

    /** A destination with every secret setting masked down to its last four characters. */
    static ObjectNode destination(DestinationDefinition d, Optional<Destination> plugin) {
        ObjectNode n = Json.object().put("id", d.id()).put("platform", d.platform()).put("rendition", d.rendition()).put("enabled", d.enabled());
        ObjectNode settings = n.putObject("settings");
        new TreeMap<>(d.settings()).forEach((k, v) -> settings.put(k, isSecret(k, plugin) ? mask(v) : v));
        return n;
    }

    static boolean isSecret(String setting, Optional<Destination> plugin) {
        boolean declared = plugin.map(p -> p.fields().stream().anyMatch(f -> f.name().equals(setting) && f.type() == FieldSpec.Type.SECRET)).orElse(false);
        return declared || SECRET_NAME.matcher(setting).matches();
    }

    static String mask(String value) {
        return value.length() <= 8 ? MASK : MASK + value.substring(value.length() - 4);
    }

    /** {@code incoming} with masked secrets replaced by the stored values they stand for. */
    static Map<String, String> unmask(Map<String, String> incoming, Map<String, String> stored, Optional<Destination> plugin) {
        Map<String, String> result = new HashMap<>(incoming);
        incoming.forEach((k, v) -> {
            String old = stored.get(k);
            if (old != null && isSecret(k, plugin) && v.equals(mask(old))) {
                result.put(k, old);
            }
        });
        return result;
    }
}
