package io.lectern.rest.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.api.stream.StreamNames;
import io.lectern.store.CreatedStream;
import io.lectern.store.PlaybackSigner;
import io.lectern.store.PlaybackToken;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

/** Streams: create, list, change, delete, start, stop, new key, statistics and outputs. */
final class StreamRoutes {

    static final int DEFAULT_STATS_LIMIT = 720;
    static final int MAX_STATS_LIMIT = 10_000;
    static final long DEFAULT_LINK_SECONDS = 86_400;

    private final ApiServlet api;

    StreamRoutes(ApiServlet api) {
        this.api = api;
    }

    void register(Router router) {
        router.add("GET", "/streams", c -> list())
                .add("POST", "/streams", this::create)
                .add("GET", "/streams/{name}", c -> view(find(api, c.param("name"))))
                .add("PUT", "/streams/{name}", c -> update(c, false))
                .add("PATCH", "/streams/{name}", c -> update(c, true))
                .add("DELETE", "/streams/{name}", this::delete)
                .operator("POST", "/streams/{name}/start", this::start)
                .operator("POST", "/streams/{name}/stop", this::stop)
                .add("POST", "/streams/{name}/key", this::rotateKey)
                .operator("POST", "/streams/{name}/playback-urls", this::playbackUrls)
                .add("GET", "/streams/{name}/stats", this::stats)
                .add("GET", "/streams/{name}/outputs", this::outputs);
    }

    /** The stream of that name, or 404. */
    static StoredStream find(ApiServlet api, String name) {
        StreamStore store = api.store();
        return (StreamNames.isValid(name) ? store.find(name) : Optional.<StoredStream>empty())
                .orElseThrow(() -> ApiException.notFound("There is no stream '" + name + "'."));
    }

    private ArrayNode list() {
        ArrayNode list = Json.array();
        api.store().list().forEach(s -> list.add(view(s)));
        return list;
    }

    /** A stream as the API shows it: never its key, destinations with secrets masked. */
    ObjectNode view(StoredStream s) {
        String name = s.name();
        ObjectNode n = StreamInput.editable(s);
        n.put("keyHint", s.keyHint()).put("created", Json.time(s.created())).put("updated", Json.time(s.updated()));
        ArrayNode destinations = n.putArray("destinations");
        s.definition().destinations().forEach(d -> destinations.add(Views.destination(d, api.destination(d.platform()))));
        n.putObject("playback")
                .put("hls", "/live/" + name + "/master.m3u8")
                .put("dash", "/live/" + name + "/manifest.mpd")
                .put("watch", "/watch/" + name)
                .put("embed", "/embed/" + name);
        ObjectNode live = n.putObject("live");
        Optional<PipelineRegistry> registry = api.registryIfPresent();
        if (registry.isEmpty()) {
            live.put("state", "unknown").put("reason", "The pipeline is not running.");
        } else {
            registry.get().pipeline(name).ifPresentOrElse(p -> live.put("state", p.state().id()).put("reason", p.reason())
                    .put("publisher", p.publisher()).put("startedAt", Json.time(p.startedMillis()))
                    .put("bitrateIn", p.bitrateIn()).put("fpsIn", p.fpsIn()),
                    () -> live.put("state", PipelineState.STOPPED.id()));
        }
        return n;
    }

    private Reply create(Call call) throws IOException {
        StreamStore store = api.store();
        StreamInput input = StreamInput.parse(call.body(), null, null, id -> api.ingest(id).isPresent());
        StreamDefinition definition = input.definition();
        if (store.find(definition.name()).isPresent()) {
            throw new ApiException(409, "conflict", "A stream named '" + definition.name() + "' exists already.");
        }
        CreatedStream created = store.create(definition, input.description());
        StoredStream stream = created.stream();
        if (!input.enabled()) {
            stream = store.update(stream.definition(), stream.description(), false);
        }
        List<String> warnings = new ArrayList<>();
        ObjectNode n = view(stream);
        n.put("key", created.key());
        n.set("publishUrls", publishUrls(definition.ingest(), call.host(), created.key(), warnings));
        missingPlugins(definition, warnings);
        n.set("warnings", Json.strings(warnings));
        return Reply.created(n, ApiServlet.PREFIX + "/streams/" + definition.name());
    }

    private ArrayNode publishUrls(String ingest, String host, String key, List<String> warnings) {
        Optional<IngestProtocol> plugin = api.ingest(ingest);
        if (plugin.isEmpty()) {
            warnings.add("The '" + ingest + "' ingest plugin is not installed, so there is no address to publish to yet. "
                    + "The stream waits until the plugin is installed.");
            return Json.array();
        }
        return Json.strings(plugin.get().publishUrls(host, key));
    }

    private void missingPlugins(StreamDefinition definition, List<String> warnings) {
        api.registryIfPresent().ifPresent(registry -> {
            definition.encoders().stream().filter(id -> registry.plugin(PluginKind.ENCODER, id).isEmpty())
                    .forEach(id -> warnings.add("The encoder '" + id + "' is not installed."));
            definition.packagers().stream().filter(id -> registry.plugin(PluginKind.PACKAGER, id).isEmpty())
                    .forEach(id -> warnings.add("The packager '" + id + "' is not installed."));
        });
    }

    private ObjectNode update(Call call, boolean merge) throws IOException {
        StoredStream existing = find(api, call.param("name"));
        ObjectNode body = call.body();
        if (merge) {
            ObjectNode merged = StreamInput.editable(existing);
            mergePatch(merged, body);
            body = merged;
        }
        StreamInput input = StreamInput.parse(body, existing.name(), existing, id -> api.ingest(id).isPresent());
        StoredStream saved = api.store().update(input.definition(), input.description(), input.enabled());
        List<String> warnings = new ArrayList<>();
        boolean running = api.registryIfPresent().flatMap(r -> r.pipeline(saved.name()))
                .filter(p -> p.state() != PipelineState.STOPPED).isPresent();
        if (running) {
            warnings.add("The stream is running: the changes apply the next time it starts.");
        }
        missingPlugins(input.definition(), warnings);
        ObjectNode n = view(saved);
        n.set("warnings", Json.strings(warnings));
        return n;
    }

    /** JSON Merge Patch (RFC 7386): objects merge, null removes, anything else replaces. */
    static void mergePatch(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode inner) {
                mergePatch(inner, (ObjectNode) value);
            } else {
                target.set(e.getKey(), value);
            }
        }
    }

    private Reply delete(Call call) {
        StoredStream stream = find(api, call.param("name"));
        api.registryIfPresent().ifPresent(r -> r.stop(stream.name()));
        if (!api.store().delete(stream.name())) {
            throw ApiException.notFound("There is no stream '" + stream.name() + "'.");
        }
        return Reply.noContent();
    }

    private ObjectNode start(Call call) {
        StoredStream stream = find(api, call.param("name"));
        if (!stream.enabled()) {
            throw new ApiException(409, "disabled", "This stream is turned off. Turn it on before you start it.");
        }
        PipelineInfo info = api.registry().start(stream.definition());
        return Views.pipeline(info);
    }

    private ObjectNode stop(Call call) {
        StoredStream stream = find(api, call.param("name"));
        PipelineRegistry registry = api.registry();
        registry.stop(stream.name());
        return registry.pipeline(stream.name()).map(Views::pipeline)
                .orElseGet(() -> Json.object().put("stream", stream.name()).put("state", PipelineState.STOPPED.id()));
    }

    private ObjectNode rotateKey(Call call) {
        StoredStream stream = find(api, call.param("name"));
        CreatedStream rotated = api.store().rotateKey(stream.name());
        List<String> warnings = new ArrayList<>();
        ObjectNode n = Json.object().put("name", stream.name()).put("key", rotated.key()).put("keyHint", rotated.stream().keyHint());
        n.set("publishUrls", publishUrls(stream.definition().ingest(), call.host(), rotated.key(), warnings));
        n.set("warnings", Json.strings(warnings));
        return n;
    }

    /** Signed addresses that open a private stream until {@code expiresInSeconds} (default a day) from now. */
    private ObjectNode playbackUrls(Call call) throws IOException {
        StoredStream stream = find(api, call.param("name"));
        JsonNode seconds = call.body().get("expiresInSeconds");
        long max = PlaybackSigner.MAX_VALIDITY.toSeconds();
        if (seconds != null && !seconds.isNull() && (!seconds.canConvertToLong() || seconds.asLong() < 1 || seconds.asLong() > max)) {
            throw ApiException.invalid(Map.of("expiresInSeconds", "Use a whole number of seconds from 1 to " + max + "."));
        }
        PlaybackToken token = api.signer().sign(stream.name(),
                Duration.ofSeconds(seconds == null || seconds.isNull() ? DEFAULT_LINK_SECONDS : seconds.asLong()));
        String name = stream.name();
        return Json.object().put("stream", name).put("private", stream.definition().isPrivate())
                .put("watch", token.page("/watch/" + name))
                .put("embed", token.page("/embed/" + name))
                .put("thumbnail", token.page("/watch/" + name + "/thumbnail.jpg"))
                .put("hls", token.media("/live/" + name + "/master.m3u8"))
                .put("dash", token.media("/live/" + name + "/manifest.mpd"))
                .put("expiresAt", Json.time(token.expires() * 1000));
    }

    private ArrayNode stats(Call call) {
        StoredStream stream = find(api, call.param("name"));
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        String sinceText = call.query("since");
        if (sinceText != null && !sinceText.isBlank()) {
            try {
                since = OffsetDateTime.parse(sinceText);
            } catch (DateTimeParseException e) {
                try {
                    since = Instant.parse(sinceText).atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw ApiException.invalid("since", "Use a time such as 2026-01-31T14:00:00Z.");
                }
            }
        }
        int limit = DEFAULT_STATS_LIMIT;
        String limitText = call.query("limit");
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_STATS_LIMIT) {
                throw ApiException.invalid("limit", "Use a number from 1 to " + MAX_STATS_LIMIT + ".");
            }
        }
        ArrayNode list = Json.array();
        api.store().stats(stream.name(), since, limit).forEach(s -> list.add(Views.sample(s)));
        return list;
    }

    private ObjectNode outputs(Call call) {
        StoredStream stream = find(api, call.param("name"));
        ObjectNode n = Json.object();
        ArrayNode live = n.putArray("live");
        api.registryIfPresent().flatMap(r -> r.pipeline(stream.name()))
                .ifPresent(p -> p.outputs().forEach(o -> live.add(Views.output(o))));
        ArrayNode stored = n.putArray("stored");
        api.store().outputs(stream.name()).forEach(o -> stored.add(Views.output(o)));
        return n;
    }
}
