package io.lectern.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.lectern.auth.Authenticator;
import io.lectern.store.StoreException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The dashboard's pages and files. Pages are fragments put into one layout; everything they show
 * comes from the REST API in the browser. Only the sign-in and setup pages and their files are open:
 * the other pages send a visitor without a session to the sign-in page.
 */
@Component(service = Servlet.class, configurationPid = DashboardServlet.PID)
@Designate(ocd = DashboardServlet.Config.class)
@HttpWhiteboardServletName("lectern-dashboard")
@HttpWhiteboardServletPattern({"/", "/login", "/setup", "/dashboard/*"})
public class DashboardServlet extends HttpServlet {

    static final String PID = "io.lectern.dashboard";

    @ObjectClassDefinition(name = "Lectern dashboard", description = "The web dashboard.")
    public @interface Config {

        @AttributeDefinition(name = "Footer", description = "The copyright line at the bottom of every page.")
        String footer() default "ExpertDevUX professional development services";
    }

    private static final long serialVersionUID = 1L;
    private static final String WEB = "/io/lectern/dashboard/web/";
    private static final String WEBJARS = "/META-INF/resources/webjars/";

    /** Pages behind the sign-in, by path under /dashboard. */
    private static final Map<String, Page> PAGES = Map.of(
            "/", new Page("overview", "Streams"),
            "/edit", new Page("edit", "Stream settings"),
            "/stream", new Page("stream", "Stream"),
            "/recordings", new Page("recordings", "Recordings"),
            "/plugins", new Page("plugins", "Plugins"),
            "/settings", new Page("settings", "Settings"));

    /** Third-party files, by the folder the pages use, to where the webjar put them. */
    private static final Map<String, String> VENDOR = Map.of(
            "bootstrap", WEBJARS + "bootstrap/5.3.8/",
            "font-awesome", WEBJARS + "font-awesome/6.7.2/",
            "chart.js", WEBJARS + "chart.js/4.5.1/dist/");

    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css", "js", "text/javascript", "woff2", "font/woff2", "svg", "image/svg+xml", "html", "text/html");

    private static final Set<String> NO_SESSION_PAGES = Set.of("/login", "/setup");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Authenticator authenticator;

    private transient volatile String footer;
    private final transient Map<String, String> texts = new ConcurrentHashMap<>();

    public DashboardServlet() {
    }

    /** For tests, without OSGi. */
    DashboardServlet(Authenticator authenticator, Config config) {
        this.authenticator = authenticator;
        configure(config);
    }

    @Activate
    @Modified
    void configure(Config config) {
        footer = escape(config.footer());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String servletPath = request.getServletPath();
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (NO_SESSION_PAGES.contains(servletPath)) {
            openPage(request, response, servletPath);
        } else if ("/dashboard".equals(servletPath)) {
            dashboard(request, response, path);
        } else if ("/".equals(servletPath + path) || "".equals(servletPath + path)) {
            response.sendRedirect("/dashboard/");
        } else {
            response.sendError(404);
        }
    }

    private void openPage(HttpServletRequest request, HttpServletResponse response, String which) throws IOException {
        Optional<Boolean> setUp = setUp(response);
        if (setUp.isEmpty()) {
            return;
        }
        if ("/setup".equals(which) && setUp.get()) {
            response.sendRedirect("/login");
        } else if ("/login".equals(which) && !setUp.get()) {
            response.sendRedirect("/setup");
        } else {
            page(response, "/setup".equals(which) ? new Page("setup", "First run") : new Page("login", "Sign in"));
        }
    }

    private void dashboard(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        if (path.isEmpty()) {
            response.sendRedirect("/dashboard/");
            return;
        }
        if (path.startsWith("/assets/")) {
            file(response, WEB + "assets/" + path.substring("/assets/".length()));
            return;
        }
        if (path.startsWith("/vendor/")) {
            String rest = path.substring("/vendor/".length());
            int slash = rest.indexOf('/');
            String base = slash < 0 ? null : VENDOR.get(rest.substring(0, slash));
            if (base == null) {
                response.sendError(404);
            } else {
                file(response, base + rest.substring(slash + 1));
            }
            return;
        }
        Page page = PAGES.get(path);
        if (page == null) {
            response.sendError(404);
            return;
        }
        Optional<Boolean> setUp = setUp(response);
        if (setUp.isEmpty()) {
            return;
        }
        if (!setUp.get()) {
            response.sendRedirect("/setup");
            return;
        }
        if (authenticator.session(request).isEmpty()) {
            String target = "/dashboard" + path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.sendRedirect("/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            return;
        }
        page(response, page);
    }

    /** Whether Lectern is set up; empty (after a 503 answer) while sign-in is not available. */
    private Optional<Boolean> setUp(HttpServletResponse response) throws IOException {
        Authenticator auth = authenticator;
        try {
            if (auth != null) {
                return Optional.of(auth.isSetUp());
            }
        } catch (StoreException e) {
            // Answered below, like a missing authenticator.
        }
        response.setHeader("Retry-After", "5");
        response.sendError(503, "Sign-in is not available yet. Try again in a moment.");
        return Optional.empty();
    }

    private void page(HttpServletResponse response, Page page) throws IOException {
        String html = text(WEB + "layout.html")
                .replace("{{title}}", page.title())
                .replace("{{page}}", page.name())
                .replace("{{content}}", text(WEB + "pages/" + page.name() + ".html"))
                .replace("{{footer}}", footer);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        securityHeaders(response);
        response.getWriter().write(html);
    }

    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        // The pages frame only Lectern's own embed player, and are never framed themselves.
        response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                + "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }

    private void file(HttpServletResponse response, String resource) throws IOException {
        int dot = resource.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(resource.substring(dot + 1));
        if (type == null || resource.contains("..")) {
            response.sendError(404);
            return;
        }
        try (InputStream in = DashboardServlet.class.getResourceAsStream(resource)) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            response.setContentType(type);
            response.setHeader("Cache-Control", "max-age=3600");
            response.setHeader("X-Content-Type-Options", "nosniff");
            in.transferTo(response.getOutputStream());
        }
    }

    private String text(String resource) {
        return texts.computeIfAbsent(resource, r -> {
            try (InputStream in = DashboardServlet.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException(r + " is missing from the bundle");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Page(String name, String title) {
    }
}
