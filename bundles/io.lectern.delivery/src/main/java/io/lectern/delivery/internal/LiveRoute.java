package io.lectern.delivery.internal;

import io.lectern.delivery.OpenStreams;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
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
 * <p>Why a {@link ConnectorFactory}: the Felix HTTP service has no way to add a plain Jetty handler,
 * and this is the one service it calls with its {@link Server} (when the server starts, and again
 * when it is restarted with new settings). The connector it asks for has no socket and no acceptor
 * thread; it serves nothing. Removing this service (the bundle stops) removes
 * the context again, and requests all go to the servlet.
 */
@Component(service = ConnectorFactory.class)
public final class LiveRoute implements ConnectorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRoute.class);

    private final LiveMedia media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile OpenStreams open;
    /** Where the handler was added last: one server at a time. */
    private ContextHandlerCollection contexts;
    private ContextHandler context;

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
        } else {
            String root = collection.getHandlers().stream().filter(ContextHandler.class::isInstance).map(h -> ((ContextHandler) h).getContextPath())
                    .findFirst().orElse("/");
            ContextHandler live = new ContextHandler(new LiveHandler(media, () -> open), (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/live");
            live.setDisplayName("lectern-live");
            collection.addHandler(live);
            // Added to a running server: start it, and let the server stop it with the rest.
            collection.manage(live);
            try {
                live.start();
            } catch (Exception e) {
                collection.removeHandler(live);
                LOG.warn("the /live fast path did not start, the servlet serves all: {}", e.toString());
                return new IdleConnector(server);
            }
            contexts = collection;
            context = live;
            LOG.info("live media fast path at {}", live.getContextPath());
        }
        return new IdleConnector(server);
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
        contexts.removeHandler(context);
        try {
            context.stop();
        } catch (Exception e) {
            LOG.warn("stopping the /live context failed: {}", e.toString());
        }
        contexts = null;
        context = null;
    }
}
