package io.lectern.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * A test of one stream of its own through the web API: it signs in, starts from no stream of that
 * name (an earlier run may have left one) and stops the stream after each test.
 */
abstract class StreamTestBase {

    static final ObjectMapper JSON = new ObjectMapper();

    final BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
    Http http;
    private final String stream;

    StreamTestBase(String stream) {
        this.stream = stream;
    }

    @AfterEach
    void stopStream() throws Exception {
        if (http != null) {
            http.post("/api/v1/streams/" + stream + "/stop", "");
        }
    }

    /** Signs in and deletes the stream if an earlier run left it. */
    void signInWithoutStream() throws Exception {
        http = Http.signIn(context);
        if (http.get("/api/v1/streams/" + stream).statusCode() == 200) {
            assertEquals(204, http.delete("/api/v1/streams/" + stream).statusCode());
        }
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
