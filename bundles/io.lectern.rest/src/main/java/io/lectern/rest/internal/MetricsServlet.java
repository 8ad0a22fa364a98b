package io.lectern.rest.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.pipeline.PluginInfo;
import io.lectern.api.plugin.PluginKind;
import io.lectern.auth.Authenticator;
import io.lectern.player.ViewerCount;
import io.lectern.store.StoreException;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Prometheus metrics (text format 0.0.4) on {@code /metrics}. It asks for the same credentials as
 * the API (Basic or Bearer token) unless {@code metricsPublic} is set, for scrapers on a private
 * network.
 */
@Component(service = Servlet.class, configurationPid = MetricsServlet.PID)
@Designate(ocd = MetricsServlet.Config.class)
@HttpWhiteboardServletName("lectern-metrics")
@HttpWhiteboardServletPattern("/metrics")
public class MetricsServlet extends HttpServlet {

    static final String PID = "io.lectern.rest.metrics";

    @ObjectClassDefinition(name = "Lectern metrics", description = "Prometheus metrics on /metrics.")
    public @interface Config {
        @AttributeDefinition(name = "Public", description = "Let anybody read /metrics without signing in.")
        boolean metricsPublic() default false;
    }

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile StreamStore streamStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PipelineRegistry pipelineRegistry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ViewerCount viewerCount;

    private volatile boolean metricsPublic;

    @Activate
    @Modified
    void configure(Config config) {
        metricsPublic = config.metricsPublic();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!metricsPublic && !signedIn(request, response)) {
            return;
        }
        response.setContentType("text/plain; version=0.0.4");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(render());
    }

    private boolean signedIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authenticator auth = authenticator;
        if (auth == null) {
            plain(response, 503, "Sign-in is not available: the database is not available.");
            return false;
        }
        try {
            Optional<Duration> blocked = auth.blockedFor(request.getRemoteAddr());
            if (blocked.isEmpty() && auth.authenticate(request).isPresent()) {
                return true;
            }
            blocked = auth.blockedFor(request.getRemoteAddr());
            if (blocked.isPresent()) {
                response.setHeader("Retry-After", Long.toString(Math.max(1, blocked.get().toSeconds())));
                plain(response, 429, "Too many failed sign-ins. Try again in a few minutes.");
            } else {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Lectern\"");
                plain(response, 401, "Sign in with your user name and password, or an API token.");
            }
        } catch (StoreException e) {
            LOG.warn("Cannot check credentials: {}", e.getMessage());
            plain(response, 503, "Sign-in is not available: the database is not available.");
        }
        return false;
    }

    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(message + "\n");
    }

    /** All metrics as text; a missing service leaves out what it would tell. */
    String render() {
        StringBuilder out = new StringBuilder(4096);
        PipelineRegistry registry = pipelineRegistry;
        StreamStore store = streamStore;
        List<PipelineInfo> pipelines = registry == null ? List.of() : registry.pipelines();

        if (store != null) {
            try {
                List<StoredStream> streams = store.list();
                header(out, "lectern_streams_total", "gauge", "Streams configured.");
                out.append("lectern_streams_total ").append(streams.size()).append('\n');
                header(out, "lectern_stream_live", "gauge", "1 while media flows through the stream's pipeline, else 0.");
                for (StoredStream s : streams) {
                    boolean live = pipelines.stream().anyMatch(p -> p.stream().equals(s.name()) && isLive(p));
                    out.append("lectern_stream_live{stream=\"").append(label(s.name())).append("\"} ").append(live ? 1 : 0).append('\n');
                }
            } catch (StoreException e) {
                LOG.debug("Stream metrics left out: {}", e.getMessage());
            }
        }
        if (registry != null) {
            header(out, "lectern_stream_ingest_bitrate_bits", "gauge", "Ingest bits per second, recent average.");
            for (PipelineInfo p : pipelines) {
                out.append("lectern_stream_ingest_bitrate_bits{stream=\"").append(label(p.stream())).append("\"} ").append(p.bitrateIn()).append('\n');
            }
            ViewerCount viewers = viewerCount;
            if (viewers != null) {
                header(out, "lectern_stream_viewers", "gauge", "Distinct players that reported in the last 30 seconds.");
                for (PipelineInfo p : pipelines) {
                    out.append("lectern_stream_viewers{stream=\"").append(label(p.stream())).append("\"} ").append(viewers.viewers(p.stream())).append('\n');
                }
            }
            header(out, "lectern_rendition_frames_dropped_total", "counter", "Frames a rendition dropped because it fell behind.");
            for (PipelineInfo p : pipelines) {
                for (OutputInfo o : p.outputs()) {
                    if ("rendition".equals(o.kind())) {
                        out.append("lectern_rendition_frames_dropped_total{stream=\"").append(label(p.stream()))
                                .append("\",rendition=\"").append(label(o.id())).append("\"} ").append(o.dropped()).append('\n');
                    }
                }
            }
            Map<PluginKind, Integer> counts = new EnumMap<>(PluginKind.class);
            for (PluginKind k : PluginKind.values()) {
                counts.put(k, 0);
            }
            for (PluginInfo p : registry.plugins()) {
                counts.merge(p.kind(), 1, Integer::sum);
            }
            header(out, "lectern_plugins", "gauge", "Installed plugins by kind.");
            counts.forEach((k, n) -> out.append("lectern_plugins{kind=\"").append(k.id()).append("\"} ").append(n).append('\n'));
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        header(out, "jvm_memory_used_bytes", "gauge", "Memory in use.");
        out.append("jvm_memory_used_bytes{area=\"heap\"} ").append(heap.getUsed()).append('\n');
        header(out, "jvm_memory_committed_bytes", "gauge", "Memory the JVM holds from the system.");
        out.append("jvm_memory_committed_bytes{area=\"heap\"} ").append(heap.getCommitted()).append('\n');
        header(out, "jvm_memory_max_bytes", "gauge", "Largest memory the JVM may use, -1 when unlimited.");
        out.append("jvm_memory_max_bytes{area=\"heap\"} ").append(heap.getMax()).append('\n');
        return out.toString();
    }

    static boolean isLive(PipelineInfo p) {
        return p.state() == PipelineState.LIVE || p.state() == PipelineState.DEGRADED;
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A label value as the text format wants it. */
    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
