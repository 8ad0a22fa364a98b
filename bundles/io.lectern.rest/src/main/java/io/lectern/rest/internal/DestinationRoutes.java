package io.lectern.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.DestinationEncode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.api.stream.StreamNames;
import io.lectern.store.StoredStream;

/**
 * The destinations of a stream, kept in its definition. Secret settings are masked in every answer;
 * a masked value sent back unchanged keeps the stored secret.
 */
final class DestinationRoutes {

    /** What FFmpeg may be pointed at when no plugin checks the address: no files, no other protocols. */
    private static final Set<String> URL_SCHEMES = Set.of("rtmp", "rtmps", "srt");

    private final ApiServlet api;

    DestinationRoutes(ApiServlet api) {
        this.api = api;
    }

    void register(Router router) {
        router.add("GET", "/streams/{name}/destinations", this::list)
                .add("POST", "/streams/{name}/destinations", this::create)
                .add("GET", "/streams/{name}/destinations/{id}", c -> view(find(stream(c), c.param("id"))))
                .add("PUT", "/streams/{name}/destinations/{id}", this::replace)
                .add("DELETE", "/streams/{name}/destinations/{id}", this::delete)
                .operator("POST", "/streams/{name}/destinations/{id}/reconnect", this::reconnect);
    }

    private StoredStream stream(Call call) {
        return StreamRoutes.find(api, call.param("name"));
    }

    private static DestinationDefinition find(StoredStream stream, String id) {
        return stream.definition().destinations().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Stream '" + stream.name() + "' has no destination '" + id + "'."));
    }

    private ObjectNode view(DestinationDefinition d) {
        return Views.destination(d, api.destination(d.platform()));
    }

    private ArrayNode list(Call call) {
        ArrayNode list = Json.array();
        stream(call).definition().destinations().forEach(d -> list.add(view(d)));
        return list;
    }

    private Reply create(Call call) throws IOException {
        StoredStream stream = stream(call);
        List<String> warnings = new ArrayList<>();
        DestinationDefinition d = parse(stream.definition(), call.body(), null, Map.of(), warnings);
        if (stream.definition().destinations().stream().anyMatch(x -> x.id().equals(d.id()))) {
            throw new ApiException(409, "conflict", "Stream '" + stream.name() + "' has a destination '" + d.id() + "' already.");
        }
        List<DestinationDefinition> all = new ArrayList<>(stream.definition().destinations());
        all.add(d);
        save(stream, all);
        ObjectNode n = view(d);
        n.set("warnings", Json.strings(warnings));
        return Reply.created(n, ApiServlet.PREFIX + "/streams/" + stream.name() + "/destinations/" + d.id());
    }

    private ObjectNode replace(Call call) throws IOException {
        StoredStream stream = stream(call);
        DestinationDefinition old = find(stream, call.param("id"));
        List<String> warnings = new ArrayList<>();
        DestinationDefinition d = parse(stream.definition(), call.body(), old.id(), old.settings(), warnings);
        List<DestinationDefinition> all = stream.definition().destinations().stream().map(x -> x.id().equals(old.id()) ? d : x).toList();
        save(stream, all);
        ObjectNode n = view(d);
        n.set("warnings", Json.strings(warnings));
        return n;
    }

    private Reply delete(Call call) {
        StoredStream stream = stream(call);
        DestinationDefinition old = find(stream, call.param("id"));
        save(stream, stream.definition().destinations().stream().filter(x -> x != old).toList());
        return Reply.noContent();
    }

    /** Drops the destination's connection and connects again now, also after "failed". */
    private ObjectNode reconnect(Call call) {
        StoredStream stream = stream(call);
        DestinationDefinition d = find(stream, call.param("id"));
        if (!api.registry().reconnect(stream.name(), d.id())) {
            throw new ApiException(409, "not-running", d.enabled()
                    ? "Destination '" + d.id() + "' is not running: start the stream first."
                    : "Destination '" + d.id() + "' is turned off. Turn it on and restart the stream.");
        }
        return Json.object().put("stream", stream.name()).put("id", d.id()).put("reconnecting", true);
    }

    private void save(StoredStream stream, List<DestinationDefinition> destinations) {
        StreamDefinition d = stream.definition();
        StreamDefinition changed = new StreamDefinition(d.name(), d.title(), d.ingest(), d.latencyMode(), d.profile(), d.ladder(),
                d.encoders(), d.packagers(), destinations, d.settings());
        api.store().update(changed, stream.description(), stream.enabled());
    }

    /**
     * @param stream      the stream it belongs to, whose ladder the rendition must come from
     * @param id          the id from the URL, or null when creating
     * @param oldSettings the stored settings, for masked values sent back unchanged
     */
    private DestinationDefinition parse(StreamDefinition stream, ObjectNode body, String id, Map<String, String> oldSettings, List<String> warnings) {
        Map<String, String> errors = new LinkedHashMap<>();
        String bodyId = StreamInput.text(body, "id", errors);
        if (id == null) {
            if (bodyId == null || !StreamNames.isValid(bodyId)) {
                errors.put("id", "Use 1 to 64 lower-case letters, digits and '-', e.g. youtube-main.");
            }
            id = bodyId;
        } else if (bodyId != null && !bodyId.equals(id)) {
            errors.put("id", "The id of a destination cannot change.");
        }
        String platform = StreamInput.text(body, "platform", errors);
        if (platform == null || !platform.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            errors.putIfAbsent("platform", "Choose the destination plugin, e.g. youtube or rtmp.");
        }
        String rendition = StreamInput.text(body, "rendition", errors);
        boolean enabled = true;
        JsonNode enabledNode = body.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (enabledNode.isBoolean()) {
                enabled = enabledNode.booleanValue();
            } else {
                errors.put("enabled", "Use true or false.");
            }
        }
        Map<String, String> settings = StreamInput.settings(body, "settings", errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }

        Optional<Destination> plugin = api.destination(platform);
        settings = Views.unmask(settings, oldSettings, plugin);
        if (plugin.isPresent()) {
            for (FieldError e : plugin.get().validate(settings)) {
                errors.put("settings." + e.field(), e.message());
            }
        } else {
            warnings.add("The '" + platform + "' destination plugin is not installed, so the settings were not checked. "
                    + "The destination starts once the plugin is installed.");
            String url = settings.get("url");
            if (url != null && !URL_SCHEMES.contains(url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT) : "")) {
                errors.put("settings.url", "Use an rtmp://, rtmps:// or srt:// address.");
            }
        }
        DestinationDefinition d = new DestinationDefinition(id, platform, rendition, settings, enabled);
        // The rendition must fit the platform unless Lectern may encode for it; encode settings must fit too.
        DestinationEncode.check(stream, d, plugin.map(Destination::constraints).orElse(DestinationConstraints.NONE))
                .forEach(e -> errors.putIfAbsent(e.field(), e.message()));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return d;
    }
}
