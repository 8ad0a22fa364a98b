package io.lectern.auth.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.auth.Authenticator;
import io.lectern.auth.BrowserSession;
import io.lectern.auth.Principal;
import io.lectern.store.StoreException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/session}: the dashboard's sign-in. POST with {@code username} and {@code password}
 * (JSON or a form) sets the session cookie, GET tells who is signed in and the CSRF token, DELETE
 * signs out. POST is public; the auth filter guards GET and DELETE like any API call.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("lectern-session")
@HttpWhiteboardServletPattern(SessionServlet.PATH)
public class SessionServlet extends HttpServlet {

    static final String PATH = "/api/v1/session";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SessionServlet.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY = 8192;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Authenticator authenticator;

    public SessionServlet() {
    }

    /** For tests, without OSGi. */
    SessionServlet(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authenticator auth = authenticator;
        if (auth == null) {
            AuthFilter.Responses.error(response, 503, "unavailable", "The database is not available. Try again in a moment.");
            return;
        }
        String username;
        String password;
        if (request.getContentType() != null && request.getContentType().startsWith("application/x-www-form-urlencoded")) {
            username = request.getParameter("username");
            password = request.getParameter("password");
        } else {
            Optional<ObjectNode> body = json(request);
            if (body.isEmpty()) {
                AuthFilter.Responses.error(response, 400, "bad-json", "Send a JSON object with username and password.");
                return;
            }
            username = text(body.get(), "username");
            password = text(body.get(), "password");
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            AuthFilter.Responses.error(response, 400, "invalid", "Enter your user name and password.");
            return;
        }
        String address = request.getRemoteAddr();
        try {
            if (!auth.isSetUp()) {
                AuthFilter.Responses.error(response, 503, "setup-required", "Open /setup to choose the admin password");
                return;
            }
            Optional<Duration> blocked = auth.blockedFor(address);
            if (blocked.isEmpty()) {
                Optional<Principal> principal = auth.login(username.strip(), password, address);
                if (principal.isPresent()) {
                    BrowserSession session = auth.startSession(principal.get());
                    response.addHeader("Set-Cookie", cookie(request, session.id(), false));
                    LOG.info("'{}' signed in to the dashboard from {}", principal.get().username(), address);
                    write(response, 200, describe(principal.get(), session));
                    return;
                }
                blocked = auth.blockedFor(address);
            }
            if (blocked.isPresent()) {
                response.setHeader("Retry-After", Long.toString(Math.max(1, blocked.get().toSeconds())));
                AuthFilter.Responses.error(response, 429, "too-many-attempts", "Too many failed sign-ins. Try again in a few minutes.");
            } else {
                AuthFilter.Responses.error(response, 401, "unauthorized", "The user name or password is not right.");
            }
        } catch (StoreException e) {
            LOG.warn("Cannot check credentials: {}", e.getMessage());
            AuthFilter.Responses.error(response, 503, "unavailable", "The database is not available. Try again in a moment.");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal principal = (Principal) request.getAttribute(Authenticator.USER_ATTRIBUTE);
        Authenticator auth = authenticator;
        if (principal == null || auth == null) {
            AuthFilter.Responses.unauthorized(request, response);
            return;
        }
        // Basic and Bearer callers have no session, and need no CSRF token.
        BrowserSession session = auth.session(request).orElse(null);
        write(response, 200, describe(principal, session));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authenticator auth = authenticator;
        if (request.getAttribute(Authenticator.USER_ATTRIBUTE) == null || auth == null) {
            AuthFilter.Responses.unauthorized(request, response);
            return;
        }
        auth.session(request).ifPresent(s -> auth.endSession(s.id()));
        response.addHeader("Set-Cookie", cookie(request, "", true));
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(204);
    }

    /** HttpOnly keeps scripts from reading it; SameSite=Strict keeps other sites' links and forms from sending it. */
    static String cookie(HttpServletRequest request, String value, boolean clear) {
        StringBuilder c = new StringBuilder(Authenticator.SESSION_COOKIE).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Strict");
        if (request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))) {
            c.append("; Secure");
        }
        if (clear) {
            c.append("; Max-Age=0");
        }
        return c.toString();
    }

    private static ObjectNode describe(Principal principal, BrowserSession session) {
        ObjectNode n = MAPPER.createObjectNode().put("username", principal.username()).put("role", principal.role());
        if (session != null) {
            n.put("csrfToken", session.csrfToken());
        }
        return n;
    }

    private static Optional<ObjectNode> json(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                return Optional.empty();
            }
            JsonNode node = MAPPER.readTree(bytes);
            return node instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        MAPPER.writeValue(response.getOutputStream(), body);
    }
}
