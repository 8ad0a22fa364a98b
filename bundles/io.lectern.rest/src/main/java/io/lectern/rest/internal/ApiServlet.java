package io.lectern.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.auth.Authenticator;
import io.lectern.auth.Principal;
import io.lectern.store.RecordingLibrary;
import io.lectern.store.PlaybackSigner;
import io.lectern.store.RecordingStore;
import io.lectern.store.StoreException;
import io.lectern.store.StreamStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The REST API under {@code /api/v1}. Services may come and go: a call that needs a missing one
 * answers 503. Protected routes also refuse to run without the user the auth filter sets, so the
 * API stays closed even if the filter is missing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("lectern-api")
@HttpWhiteboardServletPattern(ApiServlet.PREFIX + "/*")
@HttpWhiteboardServletMultipart(enabled = true, maxFileSize = PluginRoutes.MAX_UPLOAD)
public class ApiServlet extends HttpServlet {

    static final String PREFIX = "/api/v1";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile StreamStore streamStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PipelineRegistry pipelineRegistry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile RecordingStore recordingStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PlaybackSigner playbackSigner;

    /** The tutorial destination: only it knows where a recording's files are, so deleting goes through it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile RecordingLibrary recordingLibrary;

    /** The registry only describes plugins; their {@code publishUrls} and {@code validate} need the services. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<IngestProtocol> ingests = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Destination> destinations = List.of();

    /** Null outside OSGi (tests): plugin management then answers 503. */
    transient volatile BundleContext bundleContext;

    private final transient Router router = new Router();

    public ApiServlet() {
        Bundle bundle = FrameworkUtil.getBundle(ApiServlet.class);
        String version = bundle == null ? "dev" : bundle.getVersion().toString();
        new SystemRoutes(this, version).register(router);
        new StreamRoutes(this).register(router);
        new DestinationRoutes(this).register(router);
        new PluginRoutes(this).register(router);
        new RecordingRoutes(this).register(router);
    }

    @Activate
    void activate(BundleContext context) {
        this.bundleContext = context;
    }

    @Deactivate
    void deactivate() {
        this.bundleContext = null;
    }

    /**
     * Whether the framework is still starting bundles: the dashboard and this API come first (a
     * lower start level), the plugins after, so scripts wait for {@code status: ok} before they use one.
     */
    boolean starting() {
        BundleContext context = bundleContext;
        return context != null && context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.STARTING;
    }

    Router router() {
        return router;
    }

    StreamStore store() {
        StreamStore s = streamStore;
        if (s == null) {
            throw ApiException.unavailable("The database is not available. Try again in a moment.");
        }
        return s;
    }

    PipelineRegistry registry() {
        PipelineRegistry r = pipelineRegistry;
        if (r == null) {
            throw ApiException.unavailable("The pipeline is not running. Try again in a moment.");
        }
        return r;
    }

    /** The registry, or empty while it is missing (for read-only extras such as live state). */
    Optional<PipelineRegistry> registryIfPresent() {
        return Optional.ofNullable(pipelineRegistry);
    }

    PlaybackSigner signer() {
        PlaybackSigner s = playbackSigner;
        if (s == null) {
            throw ApiException.unavailable("Signing links is not available right now. Try again in a moment.");
        }
        return s;
    }

    RecordingStore recordings() {
        RecordingStore s = recordingStore;
        if (s == null) {
            throw ApiException.unavailable("The database is not available. Try again in a moment.");
        }
        return s;
    }

    RecordingLibrary recordingLibrary() {
        RecordingLibrary l = recordingLibrary;
        if (l == null) {
            throw ApiException.unavailable("Recordings cannot be deleted while the tutorial destination plugin is not installed.");
        }
        return l;
    }

    Authenticator auth() {
        Authenticator a = authenticator;
        if (a == null) {
            throw ApiException.unavailable("Sign-in is not available: the database is not available. Try again in a moment.");
        }
        return a;
    }

    Optional<IngestProtocol> ingest(String id) {
        return ingests.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    Optional<Destination> destination(String id) {
        return destinations.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Only the handling is guarded: a client that hangs up while the answer is written is not a server error.
        write(response, handle(request, response));
    }

    private Object handle(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        Set<String> allowed = Router.newAllowed();
        try {
            Optional<Router.Match> match = router.match(request.getMethod(), path, allowed);
            if (match.isEmpty()) {
                if (!allowed.isEmpty()) {
                    response.setHeader("Allow", String.join(", ", allowed));
                    throw new ApiException(405, "method-not-allowed", "This address does not take " + request.getMethod() + " requests.");
                }
                throw ApiException.notFound("There is nothing at this address.");
            }
            Router.Route route = match.get().route();
            if (!route.open() && request.getAttribute(Authenticator.USER_ATTRIBUTE) == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Lectern\"");
                throw new ApiException(401, "unauthorized", "Sign in with your user name and password, or an API token.");
            }
            if (route.access() == Router.Access.ADMIN && request.getAttribute(Authenticator.USER_ATTRIBUTE) instanceof Principal p
                    && !Authenticator.ROLE_ADMIN.equals(p.role())) {
                throw new ApiException(403, "forbidden", "Only an admin may do this. Your role '" + p.role()
                        + "' may look at everything and start or stop streams.");
            }
            return route.handler().handle(new Call(request, match.get().params()));
        } catch (ApiException e) {
            return error(e.status(), e.code(), e.getMessage(), e.fields());
        } catch (StoreException e) {
            return storeError(e);
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            return error(500, "internal", "Something went wrong on the server. The log has the details.", Map.of());
        }
    }

    private static Reply storeError(StoreException e) {
        return switch (e.reason()) {
            case CONFLICT -> error(409, "conflict", e.getMessage(), Map.of());
            case NOT_FOUND -> error(404, "not-found", e.getMessage(), Map.of());
            case INVALID -> error(400, "invalid", e.getMessage(), Map.of());
            case UNAVAILABLE -> {
                LOG.warn("Database not available: {}", e.getMessage());
                yield error(503, "unavailable", "The database is not available. Try again in a moment.", Map.of());
            }
        };
    }

    private static void write(HttpServletResponse response, Object result) throws IOException {
        int status = 200;
        Object body = result;
        if (result instanceof Reply reply) {
            status = reply.status();
            body = reply.body();
            if (reply.location() != null) {
                response.setHeader("Location", reply.location());
            }
        }
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (body instanceof JsonNode json) {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Json.MAPPER.writeValue(response.getOutputStream(), json);
        } else if (body instanceof PlainText text) {
            response.setContentType(text.contentType());
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(text.text());
        }
    }

    private static Reply error(int status, String code, String message, Map<String, String> fields) {
        ObjectNode body = Json.object().put("error", code).put("message", message);
        if (!fields.isEmpty()) {
            ObjectNode f = body.putObject("fields");
            new TreeMap<>(fields).forEach(f::put);
        }
        return new Reply(status, body, null);
    }

    /** A non-JSON answer. */
    record PlainText(String contentType, String text) {
    }
}
