package io.lectern.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.auth.Authenticator;
import io.lectern.auth.Principal;
import jakarta.servlet.http.HttpServletRequest;

/** One API request as a handler sees it. */
final class Call {

    /** Bodies larger than this are refused: nothing the API takes comes near it. */
    private static final int MAX_BODY = 1 << 20;

    private final HttpServletRequest request;
    private final Map<String, String> params;

    Call(HttpServletRequest request, Map<String, String> params) {
        this.request = request;
        this.params = params;
    }

    HttpServletRequest request() {
        return request;
    }

    String param(String name) {
        return params.get(name);
    }

    String query(String name) {
        return request.getParameter(name);
    }

    /** The signed-in user; the servlet only runs protected routes when there is one. */
    Principal principal() {
        return (Principal) request.getAttribute(Authenticator.USER_ATTRIBUTE);
    }

    /** The host name the client used, as publishers should use it too. */
    String host() {
        String host = request.getServerName();
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The request body as a JSON object. */
    ObjectNode body() throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new ApiException(413, "too-large", "The request body is too large.");
        }
        JsonNode node;
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiException(413, "too-large", "The request body is too large.");
            }
            node = bytes.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "bad-json", "The request body is not valid JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(400, "bad-json", "The request body must be a JSON object.");
        }
        return object;
    }
}
