package io.lectern.auth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.auth.Authenticator;
import io.lectern.auth.BrowserSession;
import io.lectern.auth.Principal;
import io.lectern.store.StoreException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lets a request to the protected paths through only with valid credentials, and puts the
 * {@link Principal} into {@link Authenticator#USER_ATTRIBUTE}. Credentials are Basic or Bearer in the
 * {@code Authorization} header, or the session cookie; with the cookie, requests that change
 * something must carry the session's CSRF token. Until the admin password is chosen,
 * everything but the public paths answers 503 "setup-required". It fails closed: without the
 * authenticator (no database) it answers 503.
 * <p>
 * The guarded paths are the whiteboard pattern; add {@code /dashboard/*} by configuring
 * {@code osgi.http.whiteboard.filter.pattern} on PID {@code io.lectern.auth.filter}.
 */
@Component(service = Filter.class, configurationPid = AuthFilter.PID)
@HttpWhiteboardFilterName("lectern-auth")
@HttpWhiteboardFilterPattern("/api/*")
@HttpWhiteboardFilterAsyncSupported
public class AuthFilter implements Filter {

    static final String PID = "io.lectern.auth.filter";

    /** Open to everybody: health checks, the player's clock, the first-run setup and the API description. */
    private static final Set<String> PUBLIC = Set.of(
            "GET /api/v1/health", "HEAD /api/v1/health", "GET /api/v1/time", "HEAD /api/v1/time",
            "POST /api/v1/setup", "GET /api/v1/openapi.json", "POST /api/v1/session");

    /** Methods that change nothing; all others need the CSRF token when the session cookie signs them in. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private static final Logger LOG = LoggerFactory.getLogger(AuthFilter.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    public AuthFilter() {
    }

    /** For tests, without OSGi. */
    AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Whether a request needs no credentials; the path is as the servlet sees it (decoded, normalized). */
    public static boolean isPublic(String method, String path) {
        return PUBLIC.contains(method + " " + path);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (isPublic(request.getMethod(), path)) {
            chain.doFilter(request, response);
            return;
        }
        Authenticator auth = authenticator;
        if (auth == null) {
            Responses.error(response, 503, "unavailable", "The database is not available. Try again in a moment.");
            return;
        }
        Optional<Principal> principal;
        try {
            if (!auth.isSetUp()) {
                Responses.error(response, 503, "setup-required", "Open /setup to choose the admin password");
                return;
            }
            Optional<Duration> blocked = auth.blockedFor(request.getRemoteAddr());
            if (blocked.isPresent()) {
                tooMany(response, blocked.get());
                return;
            }
            if (hasAuthorization(request)) {
                principal = auth.authenticate(request);
            } else {
                Optional<BrowserSession> session = auth.session(request);
                if (session.isPresent() && !SAFE_METHODS.contains(request.getMethod())
                        && !MessageDigest.isEqual(bytes(session.get().csrfToken()), bytes(request.getHeader(Authenticator.CSRF_HEADER)))) {
                    Responses.error(response, 403, "csrf", "This request lacks the X-CSRF-Token header of your session. Reload the page and try again.");
                    return;
                }
                principal = session.map(BrowserSession::principal);
            }
        } catch (StoreException e) {
            LOG.warn("Cannot check credentials: {}", e.getMessage());
            Responses.error(response, 503, "unavailable", "The database is not available. Try again in a moment.");
            return;
        }
        if (principal.isEmpty()) {
            Optional<Duration> blocked = auth.blockedFor(request.getRemoteAddr());
            if (blocked.isPresent()) {
                tooMany(response, blocked.get());
            } else {
                Responses.unauthorized(request, response);
            }
            return;
        }
        request.setAttribute(Authenticator.USER_ATTRIBUTE, principal.get());
        chain.doFilter(request, response);
    }

    /** Basic and Bearer credentials: browsers never add these to a request by themselves, so they need no CSRF token. */
    private static boolean hasAuthorization(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && !header.isBlank();
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    private static void tooMany(HttpServletResponse response, Duration wait) throws IOException {
        response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
        Responses.error(response, 429, "too-many-attempts", "Too many failed sign-ins. Try again in a few minutes.");
    }

    /** Writes the small JSON answers of this bundle; the messages are fixed text. */
    static final class Responses {

        private Responses() {
        }

        static void unauthorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
            // The dashboard's scripts say who they are: a Basic challenge would make the browser pop up its own sign-in box.
            if (request.getHeader("X-Requested-With") == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Lectern\"");
            }
            error(response, 401, "unauthorized", "Sign in with your user name and password, or an API token.");
        }

        static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write("{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        }
    }
}
