package io.lectern.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PluginInfo;
import io.lectern.api.plugin.PluginKind;
import io.lectern.auth.Authenticator;
import io.lectern.auth.NewToken;
import io.lectern.auth.PasswordException;
import io.lectern.auth.Principal;
import io.lectern.auth.TokenInfo;
import io.lectern.auth.UserInfo;

/** Health, time, setup, the API description, plugins, pipelines, users, tokens and the password. */
final class SystemRoutes {

    private final ApiServlet api;
    private final String version;
    private final JsonNode openApi;

    SystemRoutes(ApiServlet api, String version) {
        this.api = api;
        this.version = version;
        try (InputStream in = SystemRoutes.class.getResourceAsStream("openapi.json")) {
            this.openApi = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.json is missing from the bundle", e);
        }
    }

    void register(Router router) {
        router.open("GET", "/health", c -> health())
                .open("GET", "/time", c -> new ApiServlet.PlainText("text/plain", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()))
                .open("POST", "/setup", this::setUp)
                .open("GET", "/openapi.json", c -> openApi)
                .add("GET", "/plugins", c -> plugins())
                .add("GET", "/plugins/{kind}/{id}", this::plugin)
                .add("GET", "/pipelines", c -> pipelines())
                .add("GET", "/pipelines/{name}", c -> Views.pipeline(api.registry().pipeline(c.param("name"))
                        .orElseThrow(() -> ApiException.notFound("Stream '" + c.param("name") + "' is not running."))))
                .admin("GET", "/tokens", this::tokens)
                .add("POST", "/tokens", this::createToken)
                .add("DELETE", "/tokens/{id}", this::revokeToken)
                .operator("POST", "/account/password", this::changePassword)
                .admin("GET", "/users", c -> users())
                .add("POST", "/users", this::createUser)
                .add("DELETE", "/users/{name}", this::deleteUser);
    }

    private ObjectNode health() {
        return Json.object().put("status", api.starting() ? "starting" : "ok").put("version", version)
                .put("database", api.streamStore == null ? "down" : "up")
                .put("pipeline", api.pipelineRegistry == null ? "down" : "up");
    }

    private Object setUp(Call call) throws IOException {
        ObjectNode body = call.body();
        JsonNode password = body.get("password");
        if (password == null || !password.isTextual()) {
            throw ApiException.invalid("password", "Choose a password of at least 8 characters.");
        }
        if (api.auth().isSetUp()) {
            throw new ApiException(409, "already-set-up", "Lectern is set up already. Sign in as admin.");
        }
        Principal admin;
        try {
            admin = api.auth().setUp(password.textValue());
        } catch (PasswordException e) {
            throw ApiException.invalid("password", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, "already-set-up", "Lectern is set up already. Sign in as admin.");
        }
        return Reply.created(Json.object().put("username", admin.username()).put("role", admin.role()), null);
    }

    private ArrayNode plugins() {
        ArrayNode list = Json.array();
        api.registry().plugins().forEach(p -> list.add(Views.plugin(p)));
        return list;
    }

    private ObjectNode plugin(Call call) {
        PluginKind kind;
        try {
            kind = PluginKind.fromId(call.param("kind"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("There is no plugin kind '" + call.param("kind") + "'. Use ingest, decoder, encoder, packager or destination.");
        }
        PluginInfo info = api.registry().plugin(kind, call.param("id"))
                .orElseThrow(() -> ApiException.notFound("No " + kind.id() + " plugin '" + call.param("id") + "' is installed."));
        ObjectNode n = Views.plugin(info);
        if (kind == PluginKind.DESTINATION) {
            api.destination(info.id()).ifPresent(d -> d.fields().forEach(f -> n.withArray("fields").add(Views.field(f))));
        }
        if (kind == PluginKind.INGEST) {
            api.ingest(info.id()).ifPresent(i -> n.put("mode", i.mode().name().toLowerCase(Locale.ROOT)));
        }
        return n;
    }

    private ArrayNode pipelines() {
        ArrayNode list = Json.array();
        for (PipelineInfo p : api.registry().pipelines()) {
            list.add(Views.pipeline(p));
        }
        return list;
    }

    private ArrayNode users() {
        ArrayNode list = Json.array();
        for (UserInfo u : api.auth().users()) {
            list.add(user(u));
        }
        return list;
    }

    private static ObjectNode user(UserInfo u) {
        return Json.object().put("username", u.username()).put("role", u.role()).put("created", Json.time(u.created()));
    }

    private Reply createUser(Call call) throws IOException {
        Map<String, String> errors = new HashMap<>();
        ObjectNode body = call.body();
        String username = StreamInput.text(body, "username", errors);
        String role = StreamInput.text(body, "role", errors);
        String password = password(body, "password", errors);
        if (username == null || username.isEmpty()) {
            errors.putIfAbsent("username", "Give the user a name.");
        }
        if (!Authenticator.ROLE_ADMIN.equals(role) && !Authenticator.ROLE_OPERATOR.equals(role)) {
            errors.putIfAbsent("role", "Use the role admin or operator.");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        UserInfo created;
        try {
            created = api.auth().createUser(username, password, role);
        } catch (PasswordException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        } catch (IllegalArgumentException e) {
            if (api.auth().users().stream().anyMatch(u -> u.username().equals(username))) {
                throw new ApiException(409, "conflict", e.getMessage());
            }
            throw ApiException.invalid("username", e.getMessage());
        }
        return Reply.created(user(created), ApiServlet.PREFIX + "/users/" + created.username());
    }

    private Reply deleteUser(Call call) {
        String name = call.param("name");
        if (name.equals(call.principal().username())) {
            throw new ApiException(409, "conflict", "You cannot delete yourself. Sign in as another admin to do it.");
        }
        try {
            if (!api.auth().deleteUser(name)) {
                throw ApiException.notFound("There is no user '" + name + "'.");
            }
        } catch (IllegalStateException e) {
            throw new ApiException(409, "conflict", e.getMessage());
        }
        return Reply.noContent();
    }

    private ArrayNode tokens(Call call) {
        ArrayNode list = Json.array();
        for (TokenInfo t : api.auth().tokens(call.principal().username())) {
            list.add(Json.object().put("id", t.id()).put("name", t.name()).put("created", Json.time(t.created())).put("lastUsed", Json.time(t.lastUsed())));
        }
        return list;
    }

    private Reply createToken(Call call) throws IOException {
        Map<String, String> errors = new HashMap<>();
        String name = StreamInput.text(call.body(), "name", errors);
        if (name == null || name.isEmpty() || name.length() > 100) {
            errors.putIfAbsent("name", "Give the token a name of up to 100 characters, e.g. the script that uses it.");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        NewToken token = api.auth().createToken(call.principal().username(), name);
        return Reply.created(Json.object().put("id", token.id()).put("name", token.name()).put("token", token.token())
                .put("created", Json.time(token.created())), ApiServlet.PREFIX + "/tokens/" + token.id());
    }

    private Reply revokeToken(Call call) {
        if (!api.auth().revokeToken(call.principal().username(), call.param("id"))) {
            throw ApiException.notFound("You have no token '" + call.param("id") + "'.");
        }
        return Reply.noContent();
    }

    private Reply changePassword(Call call) throws IOException {
        Map<String, String> errors = new HashMap<>();
        ObjectNode body = call.body();
        String current = password(body, "currentPassword", errors);
        String next = password(body, "newPassword", errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        try {
            api.auth().changePassword(call.principal().username(), current, next);
        } catch (PasswordException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
        return Reply.noContent();
    }

    /** A password exactly as sent: spaces count. */
    private static String password(ObjectNode body, String field, Map<String, String> errors) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            errors.put(field, "Give the password as text.");
            return null;
        }
        return n.textValue();
    }
}
