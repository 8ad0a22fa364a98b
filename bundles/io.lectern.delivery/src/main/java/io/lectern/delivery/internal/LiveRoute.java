package io.lectern.delivery.internal;

import io.lectern.delivery.OpenStreams;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link LiveHandler} into the web server, beside the servlet context, at {@code /live}: Jetty
 * picks the most specific context for a request, so {@code /live} requests reach the handler first,
 * and those it declines go on to the servlet context.
 *
 * <p>The fast path answers on the thread that read the request (Jetty's network thread): it never
 * waits (a playlist not ready yet is answered later from the thread pool), so handing each request to
 * another thread would only add cost; measured, it halved the CPU time per request. Jetty decides
 * that for the whole server at start, from its handlers, and the servlet context may block (servlets
 * read request bodies and the database). So every request that reaches the servlet context's path
 * goes first through {@link OnThreadPool}, put in front of it, which hands it to the thread pool as
 * before; only then is the server told that its handlers do not block.
 *
 * <p>Why a {@link ConnectorFactory}: the Felix HTTP service has no way to add a plain Jetty handler,
 * and this is the one service it calls with its {@link Server} (when the server starts, and again
 * when it is restarted with new settings). The connector it asks for has no socket and no acceptor
 * thread; it serves nothing. Removing this service (the bundle stops) removes
 * the contexts again, and requests all go to the servlet, from the thread pool.
 */
@Component(service = ConnectorFactory.class)
public final class LiveRoute implements ConnectorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRoute.class);
    /** Where Jetty keeps what it found at start (whether its handlers may block); null if this Jetty has no such field. */
    private static final Field INVOCATION_TYPE = invocationTypeField();

    private final LiveMedia media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile OpenStreams open;
    /** Where the handlers were added last: one server at a time. */
    private Server server;
    private ContextHandlerCollection contexts;
    private final List<ContextHandler> added = new ArrayList<>();
    /** The server's own invocation type, put back on removal; null while it is unchanged. */
    private InvocationType replaced;

    @Activate
    public LiveRoute(@Reference LiveMedia media) {
        this.media = media;
    }

    @Override
    public synchronized Connector createConnector(Server server) {
        remove();
        ContextHandlerCollection collection = server.getDescendant(ContextHandlerCollection.class);
        if (collection == null) {
            LOG.warn("no context collection in the web server: /live is served by the servlet alone");
            return new IdleConnector(server);
        }
        List<ContextHandler> servlets = collection.getHandlers().stream().filter(ContextHandler.class::isInstance)
                .map(ContextHandler.class::cast).toList();
        String root = servlets.stream().map(ContextHandler::getContextPath).findFirst().orElse("/");
        ContextHandler live = new ContextHandler(new LiveHandler(media, () -> open), (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/live");
        live.setDisplayName("lectern-live");
        List<ContextHandler> fronts = INVOCATION_TYPE == null ? List.of()
                : servlets.stream().map(s -> (ContextHandler) new OnThreadPool(s)).toList();
        List<Handler> handlers = new ArrayList<>(fronts);
        handlers.addAll(collection.getHandlers());
        handlers.add(live);
        try {
            // The fronts come first: of two contexts at the same path, Jetty tries the first one first.
            collection.setHandlers(handlers);
            this.server = server;
            this.contexts = collection;
            added.addAll(fronts);
            added.add(live);
            for (ContextHandler h : added) {
                // Added to a running server: start them, and let the server stop them with the rest.
                collection.manage(h);
                h.start();
            }
            if (!fronts.isEmpty()) {
                replaced = server.getInvocationType();
                INVOCATION_TYPE.set(server, InvocationType.NON_BLOCKING);
            }
        } catch (Exception e) {
            LOG.warn("the /live fast path did not start, the servlet serves all: {}", e.toString());
            remove();
            return new IdleConnector(server);
        }
        LOG.info("live media fast path at {}{}", live.getContextPath(), fronts.isEmpty() ? ", answered from the thread pool"
                : ", answered on the network threads");
        return new IdleConnector(server);
    }

    private static Field invocationTypeField() {
        try {
            Field f = Server.class.getDeclaredField("_invocationType");
            f.setAccessible(true);
            return f.getType() == InvocationType.class ? f : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("this Jetty cannot be told that its handlers do not block; /live is answered from the thread pool: {}", e.toString());
            return null;
        }
    }

    /**
     * In front of a servlet context, at its path: hands each request to Jetty's thread pool and lets
     * the servlet context answer it there, as Jetty itself does for a server whose handlers may block.
     */
    static final class OnThreadPool extends ContextHandler {
        private final Handler servlets;

        OnThreadPool(ContextHandler servlets) {
            super(servlets.getContextPath());
            setVirtualHosts(servlets.getVirtualHosts());
            setDisplayName("lectern-on-thread-pool");
            this.servlets = servlets;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            request.getComponents().getExecutor().execute(() -> {
                try {
                    if (!servlets.handle(request, response, callback)) {
                        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    }
                } catch (Throwable t) {
                    Response.writeError(request, response, callback, t);
                }
            });
            return true;
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** What the Felix HTTP service asked for: a connector with no socket and no acceptor thread. */
    private static final class IdleConnector extends AbstractConnector {
        IdleConnector(Server server) {
            super(server, null, null, null, 0, new HttpConnectionFactory());
            setName("lectern-live-route");
        }

        @Override
        protected void accept(int acceptorID) {
            throw new UnsupportedOperationException("accepts nothing");
        }

        @Override
        public Object getTransport() {
            return null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        remove();
    }

    private void remove() {
        if (contexts == null) {
            return;
        }
        if (replaced != null) {
            try {
                INVOCATION_TYPE.set(server, replaced);
            } catch (IllegalAccessException e) {
                LOG.warn("could not tell the web server again that its handlers may block: {}", e.toString());
            }
            replaced = null;
        }
        for (ContextHandler h : added) {
            contexts.removeHandler(h);
            try {
                h.stop();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", h.getDisplayName(), e.toString());
            }
        }
        added.clear();
        contexts = null;
        server = null;
    }
}
