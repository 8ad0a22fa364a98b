package io.lectern.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.profile.Rung;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.api.stream.StreamNames;
import io.lectern.store.StoredStream;

/**
 * A stream as sent by a client, checked field by field: every problem is reported at once, under
 * the name of the field at fault.
 */
record StreamInput(StreamDefinition definition, String description, boolean enabled) {

    /** Ingest ids the API knows even while their plugin is not installed. */
    static final Set<String> KNOWN_INGESTS = Set.of("rtmp", "srt", "webrtc", "testpattern");

    private static final String PLUGIN_ID = "[a-z0-9][a-z0-9._-]{0,63}";

    /** The fields a client may set, with a stream's current values: the base a PATCH is merged into. */
    static ObjectNode editable(StoredStream s) {
        StreamDefinition d = s.definition();
        ObjectNode n = Json.object()
                .put("name", d.name())
                .put("title", d.title())
                .put("description", s.description())
                .put("ingest", d.ingest())
                .put("latencyMode", d.latencyMode().id());
        n.set("ladder", Json.strings(d.ladder().rungs().stream().map(Rung::name).toList()));
        n.set("encoders", Json.strings(d.encoders()));
        n.set("packagers", Json.strings(d.packagers()));
        ObjectNode settings = n.putObject("settings");
        new TreeMap<>(d.settings()).forEach(settings::put);
        n.put("enabled", s.enabled());
        return n;
    }

    /**
     * @param name      the stream's name from the URL, or null when creating (then the body names it)
     * @param existing  the stream being replaced, or null
     * @param ingestKnown whether an ingest id is installed
     */
    static StreamInput parse(ObjectNode body, String name, StoredStream existing, Predicate<String> ingestKnown) {
        Map<String, String> errors = new LinkedHashMap<>();
        String bodyName = text(body, "name", errors);
        if (name == null) {
            if (bodyName == null || bodyName.isEmpty()) {
                errors.put("name", "Give the stream a name.");
            } else if (!StreamNames.isValid(bodyName)) {
                errors.put("name", "Use 1 to 64 lower-case letters, digits and '-', starting and ending with a letter or digit.");
            }
            name = bodyName;
        } else if (bodyName != null && !bodyName.equals(name)) {
            errors.put("name", "The name of a stream cannot change.");
        }

        String title = text(body, "title", errors);
        if (title != null && title.length() > 200) {
            errors.put("title", "Use at most 200 characters.");
        }
        String description = text(body, "description", errors);
        if (description != null && description.length() > 5000) {
            errors.put("description", "Use at most 5000 characters.");
        }

        String ingest = text(body, "ingest", errors);
        if (ingest == null || ingest.isEmpty()) {
            errors.putIfAbsent("ingest", "Choose how the video comes in: rtmp, srt, webrtc or testpattern.");
        } else if (!KNOWN_INGESTS.contains(ingest) && !ingestKnown.test(ingest)) {
            errors.put("ingest", "Unknown ingest '" + ingest + "'. Use rtmp, srt, webrtc or testpattern.");
        }

        LatencyMode mode = LatencyMode.TUTORIAL;
        String modeText = text(body, "latencyMode", errors);
        if (modeText != null) {
            try {
                mode = LatencyMode.fromId(modeText);
            } catch (IllegalArgumentException e) {
                errors.put("latencyMode", "Unknown latency mode '" + modeText + "'. Use low-latency, tutorial or high-quality.");
            }
        }

        Ladder ladder = null;
        List<String> rungs = texts(body, "ladder", errors);
        if (rungs != null) {
            try {
                ladder = Ladder.of(rungs.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                errors.put("ladder", rungs.isEmpty() ? "Choose at least one quality, e.g. 720p."
                        : capitalize(e.getMessage()) + ".");
            }
        }

        List<String> encoders = pluginIds(body, "encoders", errors);
        List<String> packagers = pluginIds(body, "packagers", errors);
        Map<String, String> settings = settings(body, "settings", errors);
        String visibility = settings.get(StreamDefinition.VISIBILITY);
        if (visibility != null && !"public".equals(visibility) && !StreamDefinition.PRIVATE.equals(visibility)) {
            errors.put("settings." + StreamDefinition.VISIBILITY, "Use public or private.");
        }

        boolean enabled = true;
        JsonNode enabledNode = body.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (enabledNode.isBoolean()) {
                enabled = enabledNode.booleanValue();
            } else {
                errors.put("enabled", "Use true or false.");
            }
        }

        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        // Keep the admin's adjustments to the mode while the mode stays the same.
        LatencyProfile profile = existing != null && existing.definition().latencyMode() == mode ? existing.definition().profile() : null;
        StreamDefinition definition = new StreamDefinition(name, title, ingest, mode, profile, ladder, encoders, packagers,
                existing == null ? List.of() : existing.definition().destinations(), settings);
        return new StreamInput(definition, description == null ? "" : description, enabled);
    }

    /** A text field, or null when absent; a non-text value is an error. */
    static String text(ObjectNode body, String field, Map<String, String> errors) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            errors.put(field, "Use text.");
            return null;
        }
        return n.textValue().strip();
    }

    static List<String> texts(ObjectNode body, String field, Map<String, String> errors) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode item : n) {
                if (!item.isTextual()) {
                    errors.put(field, "Use a list of names.");
                    return null;
                }
                values.add(item.textValue().strip());
            }
            return values;
        }
        errors.put(field, "Use a list of names.");
        return null;
    }

    private static List<String> pluginIds(ObjectNode body, String field, Map<String, String> errors) {
        List<String> ids = texts(body, field, errors);
        if (ids != null && ids.stream().anyMatch(id -> !id.matches(PLUGIN_ID))) {
            errors.put(field, "Use plugin ids such as x264 or hls.");
        }
        return ids;
    }

    /** An object of simple values, as text; numbers and booleans are turned into text. */
    static Map<String, String> settings(ObjectNode body, String field, Map<String, String> errors) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            errors.put(field, "Use an object of names and values.");
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                values.put(e.getKey(), v.asText());
            } else {
                errors.put(field + "." + e.getKey(), "Use text, a number or true/false.");
            }
        });
        return values;
    }

    private static String capitalize(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
