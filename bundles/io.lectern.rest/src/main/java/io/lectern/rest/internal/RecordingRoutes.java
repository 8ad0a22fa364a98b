package io.lectern.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.stream.StreamNames;
import io.lectern.store.Recording;

/**
 * Recordings kept by the tutorial destination: list (all, or a stream's), look at one, rename,
 * delete. Everyone signed in may look; renaming and deleting are for admins, as deleting loses a
 * lesson for good.
 */
final class RecordingRoutes {

    private final ApiServlet api;

    RecordingRoutes(ApiServlet api) {
        this.api = api;
    }

    void register(Router router) {
        router.add("GET", "/recordings", this::list)
                .add("GET", "/recordings/{id}", c -> view(find(c.param("id"))))
                .add("PATCH", "/recordings/{id}", this::rename)
                .add("DELETE", "/recordings/{id}", this::delete)
                .add("GET", "/streams/{name}/recordings", c -> views(api.recordings().list(StreamRoutes.find(api, c.param("name")).name())));
    }

    private ArrayNode list(Call call) {
        String stream = call.query("stream");
        if (stream != null && !StreamNames.isValid(stream)) {
            throw ApiException.invalid("stream", "Use the name of a stream.");
        }
        return views(stream == null ? api.recordings().list() : api.recordings().list(stream));
    }

    private Recording find(String id) {
        return api.recordings().find(id).orElseThrow(() -> ApiException.notFound("There is no recording '" + id + "'."));
    }

    private ObjectNode rename(Call call) throws IOException {
        Recording r = find(call.param("id"));
        ObjectNode body = call.body();
        Map<String, String> errors = new LinkedHashMap<>();
        String title = StreamInput.text(body, "title", errors);
        if (errors.isEmpty() && (title == null || title.isEmpty())) {
            errors.put("title", "Give the recording a title.");
        } else if (title != null && title.length() > 200) {
            errors.put("title", "Use at most 200 characters.");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return view(api.recordings().rename(r.id(), title));
    }

    private Reply delete(Call call) {
        Recording r = find(call.param("id"));
        if (!api.recordingLibrary().delete(r.id())) {
            throw ApiException.notFound("There is no recording '" + r.id() + "'.");
        }
        return Reply.noContent();
    }

    private static ArrayNode views(List<Recording> list) {
        ArrayNode a = Json.array();
        list.forEach(r -> a.add(view(r)));
        return a;
    }

    static ObjectNode view(Recording r) {
        return Json.object()
                .put("id", r.id())
                .put("stream", r.stream())
                .put("title", r.title())
                .put("state", r.state().id())
                .put("started", Json.time(r.started()))
                .put("ended", Json.time(r.ended()))
                .put("durationSeconds", r.durationMillis() / 1000.0)
                .put("bytes", r.bytes())
                .put("keepDays", r.keepDays())
                .put("watchUrl", "/watch/" + r.stream() + "/recordings/" + r.id())
                .put("hlsUrl", "/recordings/" + r.stream() + "/" + r.id() + "/master.m3u8");
    }
}
