package io.lectern.rest.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineListener;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.pipeline.PluginInfo;
import io.lectern.auth.Authenticator;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/events}: Server-Sent Events for the dashboard. {@code pipeline} events carry a
 * pipeline as {@code GET /pipelines/{name}} shows it, on every change and every two seconds while it
 * runs (for live charts); {@code plugin} events say {@code added} or {@code removed} with the plugin.
 * Clients are parked async requests: one sender thread writes to all of them, none is held per client.
 */
@Component(service = {Servlet.class, PipelineListener.class})
@HttpWhiteboardServletName("lectern-events")
@HttpWhiteboardServletPattern(ApiServlet.PREFIX + "/events")
@HttpWhiteboardServletAsyncSupported
public class EventsServlet extends HttpServlet implements PipelineListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventsServlet.class);
    static final long REFRESH_MILLIS = 2000;
    /** A comment line now and then finds clients that went away, and keeps proxies from closing the stream. */
    private static final long PING_SECONDS = 15;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile PipelineRegistry pipelineRegistry;

    private final transient Set<AsyncContext> clients = ConcurrentHashMap.newKeySet();
    /** The plugins last seen, by service id; touched on the sender thread only. */
    private final transient Map<Long, PluginInfo> knownPlugins = new HashMap<>();
    private transient volatile ScheduledExecutorService sender;

    @Activate
    void activate() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lectern-events");
            t.setDaemon(true);
            return t;
        });
        sender = s;
        s.execute(() -> diffPlugins(false));
        s.scheduleWithFixedDelay(this::refresh, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        s.scheduleWithFixedDelay(() -> broadcast(": ping\n\n"), PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        ScheduledExecutorService s = sender;
        sender = null;
        if (s != null) {
            s.shutdownNow();
        }
        for (AsyncContext client : clients) {
            close(client);
        }
        clients.clear();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getAttribute(Authenticator.USER_ATTRIBUTE) == null) {
            response.sendError(401);
            return;
        }
        ScheduledExecutorService s = sender;
        if (s == null) {
            response.sendError(503);
            return;
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                clients.remove(async);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                clients.remove(async);
                async.complete();
            }

            @Override
            public void onError(AsyncEvent event) {
                clients.remove(async);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        // The first bytes tell the browser the stream is open; retry says how soon to reconnect.
        PrintWriter out = response.getWriter();
        out.write("retry: 3000\n: connected\n\n");
        out.flush();
        clients.add(async);
    }

    @Override
    public void pipelineChanged(PipelineInfo info) {
        send(() -> broadcast(event("pipeline", Views.pipeline(info))));
    }

    @Override
    public void pluginsChanged() {
        send(() -> diffPlugins(true));
    }

    private void send(Runnable task) {
        ScheduledExecutorService s = sender;
        if (s != null) {
            try {
                s.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Shutting down.
            }
        }
    }

    /** Running pipelines' numbers, for the live charts. */
    private void refresh() {
        PipelineRegistry registry = pipelineRegistry;
        if (registry == null || clients.isEmpty()) {
            return;
        }
        List<PipelineInfo> running = registry.pipelines().stream().filter(p -> p.state() != PipelineState.STOPPED).toList();
        running.forEach(p -> broadcast(event("pipeline", Views.pipeline(p))));
    }

    /** The registry says only that plugins changed: compare with what was seen to tell which. */
    private void diffPlugins(boolean announce) {
        PipelineRegistry registry = pipelineRegistry;
        if (registry == null) {
            return;
        }
        Map<Long, PluginInfo> now = new HashMap<>();
        registry.plugins().forEach(p -> now.put(p.serviceId(), p));
        if (announce) {
            now.forEach((id, p) -> {
                if (!knownPlugins.containsKey(id)) {
                    broadcast(event("plugin", Json.object().put("change", "added").set("plugin", Views.plugin(p))));
                }
            });
            knownPlugins.forEach((id, p) -> {
                if (!now.containsKey(id)) {
                    broadcast(event("plugin", Json.object().put("change", "removed").set("plugin", Views.plugin(p))));
                }
            });
        }
        knownPlugins.clear();
        knownPlugins.putAll(now);
    }

    private static String event(String name, ObjectNode data) {
        try {
            return "event: " + name + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void broadcast(String text) {
        for (AsyncContext client : clients) {
            try {
                PrintWriter out = client.getResponse().getWriter();
                out.write(text);
                out.flush();
                if (out.checkError()) {
                    clients.remove(client);
                    close(client);
                }
            } catch (IOException | IllegalStateException e) {
                clients.remove(client);
                LOG.debug("Events client gone: {}", e.getMessage());
            }
        }
    }

    private static void close(AsyncContext client) {
        try {
            client.complete();
        } catch (IllegalStateException e) {
            // Completed already.
        }
    }
}
