package io.lectern.store.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Rung;
import io.lectern.api.profile.Tune;
import io.lectern.api.stream.DestinationDefinition;

/**
 * The JSON columns. Written field by field rather than by binding the API records, so the stored
 * format stays the same when a record gains a method, and enums are stored by their API ids.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String list(List<String> list) {
        ArrayNode a = MAPPER.createArrayNode();
        list.forEach(a::add);
        return write(a);
    }

    static List<String> list(String json) {
        List<String> list = new ArrayList<>();
        read(json).forEach(n -> list.add(n.asText()));
        return list;
    }

    static String map(Map<String, String> map) {
        ObjectNode o = MAPPER.createObjectNode();
        new TreeMap<>(map).forEach(o::put);
        return write(o);
    }

    static Map<String, String> map(String json) {
        return map(read(json));
    }

    static String profile(LatencyProfile p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("gopSeconds", p.gopSeconds());
        o.put("segmentSeconds", p.segmentSeconds());
        o.put("partSeconds", p.partSeconds());
        o.put("liveWindowSeconds", p.liveWindowSeconds());
        o.put("dvrWindowSeconds", p.dvrWindowSeconds());
        o.put("preset", p.preset().id());
        o.put("tune", p.tune().id());
        o.put("bitrateFactor", p.bitrateFactor());
        o.put("record", p.record());
        return write(o);
    }

    static LatencyProfile profile(String json) {
        JsonNode o = read(json);
        return new LatencyProfile(o.path("gopSeconds").asDouble(), o.path("segmentSeconds").asDouble(),
                o.path("partSeconds").asDouble(), o.path("liveWindowSeconds").asInt(), o.path("dvrWindowSeconds").asInt(),
                Preset.fromId(o.path("preset").asText()), Tune.fromId(o.path("tune").asText()),
                o.path("bitrateFactor").asDouble(), o.path("record").asBoolean());
    }

    /** Whole rungs, not only names: an admin may define rungs beyond the standard ones. */
    static String ladder(Ladder ladder) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Rung r : ladder.rungs()) {
            a.addObject().put("name", r.name()).put("height", r.height()).put("videoBitrate", r.videoBitrate())
                    .put("maxFrameRate", r.maxFrameRate());
        }
        return write(a);
    }

    static Ladder ladder(String json) {
        List<Rung> rungs = new ArrayList<>();
        for (JsonNode r : read(json)) {
            rungs.add(new Rung(r.path("name").asText(), r.path("height").asInt(), r.path("videoBitrate").asLong(),
                    r.path("maxFrameRate").asDouble()));
        }
        return new Ladder(rungs);
    }

    /**
     * A destination's definition without its id, which has its own column. Its settings (stream
     * keys among them) are sealed whole by {@code secrets}: the store cannot know which settings of
     * a plugin that is not installed are secret, and server addresses may carry passwords too.
     *
     * @param context what the sealed settings are bound to, e.g. {@code stream/destination}
     */
    static String destination(DestinationDefinition d, SecretBox secrets, String context) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("platform", d.platform());
        o.put("rendition", d.rendition());
        o.put("enabled", d.enabled());
        o.put("settings", secrets.seal(map(d.settings()), context));
        return write(o);
    }

    /** Reads what {@link #destination(DestinationDefinition, SecretBox, String)} wrote, or a row from before encryption. */
    static DestinationDefinition destination(String id, String json, SecretBox secrets, String context) {
        JsonNode o = read(json);
        JsonNode settings = o.path("settings");
        return new DestinationDefinition(id, o.path("platform").asText(), o.path("rendition").asText(),
                settings.isTextual() ? map(secrets.open(settings.asText(), context)) : map(settings), o.path("enabled").asBoolean());
    }

    /** Whether a stored destination must be written again: settings in clear, or sealed with an older key. */
    static boolean needsSealing(String json, SecretBox secrets) {
        JsonNode settings = read(json).path("settings");
        return !settings.isTextual() || !secrets.isCurrent(settings.asText());
    }

    private static Map<String, String> map(JsonNode o) {
        Map<String, String> map = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getOriginalMessage(), e);
        }
    }
}
