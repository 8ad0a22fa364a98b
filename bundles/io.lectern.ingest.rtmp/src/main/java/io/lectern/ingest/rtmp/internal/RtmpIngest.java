package io.lectern.ingest.rtmp.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.lectern.api.plugin.IngestGateway;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.PluginHealth;
import io.lectern.api.plugin.Publication;
import io.lectern.api.plugin.PublishRefusedException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP and RTMPS server. One thread accepts on each port and one thread serves each
 * connection with blocking IO: publishers are few (a teacher or two per stream) and this keeps
 * the protocol code straight.
 */
@Component(name = RtmpIngest.PID, configurationPid = RtmpIngest.PID, service = IngestProtocol.class, immediate = true)
@Designate(ocd = RtmpIngest.Config.class)
public final class RtmpIngest implements IngestProtocol {

    static final String PID = "io.lectern.ingest.rtmp";

    @ObjectClassDefinition(name = "Lectern RTMP ingest", description = "Where OBS and ffmpeg publish: rtmp://host/live/<stream key>.")
    public @interface Config {
        @AttributeDefinition(name = "RTMP port", description = "Plain RTMP port; 0 picks a free port, negative turns plain RTMP off.")
        int port() default 1935;

        @AttributeDefinition(name = "RTMPS port", description = "RTMP over TLS; 0 picks a free port, negative turns RTMPS off.")
        int tlsPort() default 1936;

        @AttributeDefinition(name = "Bind address", description = "The address to listen on; 0.0.0.0 for all.")
        String bindAddress() default "0.0.0.0";

        @AttributeDefinition(name = "Application", description = "The application name in publish URLs (rtmp://host/<app>/<key>).")
        String app() default "live";

        @AttributeDefinition(name = "Keystore", description = "PKCS#12 keystore with the RTMPS key and certificate. Empty: a self-signed one kept in <lectern.data>/tls/rtmps.p12.")
        String keystore() default "";

        @AttributeDefinition(name = "Keystore password", type = AttributeType.PASSWORD, description = "Empty: 'lectern' (for the generated keystore).")
        String keystorePassword() default "";

        @AttributeDefinition(name = "Connections", description = "Most connections at once; more are closed at once.")
        int maxConnections() default 100;

        @AttributeDefinition(name = "Handshake timeout (s)", description = "Time a new connection has from connecting until it publishes (TLS and RTMP handshakes, connect, publish); then it is closed.")
        int handshakeTimeoutSeconds() default 10;

        @AttributeDefinition(name = "Idle timeout (s)", description = "A publisher that sends nothing this long is disconnected.")
        int idleTimeoutSeconds() default 30;

        @AttributeDefinition(name = "Longest read interval (ms)", description = "While a publisher streams, its connection is read"
                + " once every twentieth of a part (low-latency) or of a segment, taking all that arrived meanwhile: far fewer thread"
                + " wake-ups and less CPU per stream, for a delay nobody sees. This caps that interval; 0 reads each packet as it comes.",
                min = "0", max = "1000")
        int readIntervalMillis() default 100;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RtmpIngest.class);
    private static final String DEFAULT_PASSWORD = "lectern";
    private static final long JOIN_MILLIS = 3000;

    private final Config config;
    /**
     * Optional and dynamic on purpose: the pipeline registry that provides the gateway also tracks
     * this plugin, and a mandatory reference both ways makes SCR activate them in a circle. Until
     * the gateway is there, publishers are told to try again.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile IngestGateway gateway;
    /** Changed by the RTMPS accept thread too, when its keystore cannot be used. */
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<String> problems = new ArrayList<>();
    /** Joined on stop: the executor reports termination before its thread has quite ended. */
    private final List<Thread> deadlineThreads = new CopyOnWriteArrayList<>();
    /**
     * Closes connections that have not published by the handshake deadline. A socket read timeout
     * alone lets a client that sends one byte at a time (slow loris) hold a thread for ever.
     */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "rtmp-deadlines");
        t.setDaemon(true);
        deadlineThreads.add(t);
        return t;
    });
    private final Path dataFolder;
    private volatile boolean closed;
    /** Set by the RTMPS accept thread before it accepts anything. */
    private volatile SSLSocketFactory tls;

    @Activate
    public RtmpIngest(BundleContext context, Config config) {
        this(config, null, dataFolder(context));
    }

    RtmpIngest(Config config, IngestGateway gateway, Path dataFolder) {
        this.config = config;
        this.gateway = gateway;
        this.dataFolder = dataFolder;
        deadlines.setRemoveOnCancelPolicy(true);
        if (config.port() >= 0) {
            listen("rtmp", config.port(), false);
        }
        if (config.tlsPort() >= 0) {
            listen("rtmps", config.tlsPort(), true);
        }
    }

    private static Path dataFolder(BundleContext context) {
        String dir = context.getProperty("lectern.data");
        return Paths.get(dir == null || dir.isBlank() ? "lectern-data" : dir).toAbsolutePath().normalize();
    }

    /**
     * Loads (or first makes) the RTMPS key and certificate. The RTMPS accept thread calls it before
     * it accepts: it takes a few hundred milliseconds of CPU (a PKCS#12 keystore's key derivation, and
     * a new RSA key on a first start) that Lectern's start-up need not wait for; publishers that come
     * sooner wait in the listen backlog.
     */
    private SSLSocketFactory tlsFactory() {
        String configured = config.keystore();
        char[] password = (config.keystorePassword().isEmpty() ? DEFAULT_PASSWORD : config.keystorePassword()).toCharArray();
        Path keystore = configured.isBlank() ? dataFolder.resolve("tls").resolve("rtmps.p12") : Paths.get(configured);
        try {
            if (configured.isBlank() && !Files.exists(keystore)) {
                Certificates.createSelfSigned(keystore, password, "Lectern RTMPS");
                LOG.info("made a self-signed RTMPS certificate in {}; configure a keystore for one that publishers can check", keystore);
            }
            SSLContext ctx = Certificates.serverContext(keystore, password);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            problem("RTMPS is off: cannot use the keystore " + keystore + ": " + e.getMessage());
            return null;
        }
    }

    private void listen(String scheme, int port, boolean secure) {
        try {
            ServerSocket server = new ServerSocket();
            try {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), port), 50);
            } catch (IOException e) {
                server.close();
                throw e;
            }
            Listener l = new Listener(server, scheme, secure);
            listeners.add(l);
            l.thread.start();
            LOG.info("{} listening on {}:{}", scheme, config.bindAddress(), server.getLocalPort());
        } catch (IOException e) {
            problem(scheme + " is off: cannot listen on " + config.bindAddress() + ":" + port + ": " + e.getMessage());
        }
    }

    private synchronized void problem(String text) {
        LOG.error(text);
        problems.add(text);
    }

    private Publication publish(String protocolId, String key, String remote, Runnable disconnect) throws PublishRefusedException {
        IngestGateway g = gateway;
        if (g == null) {
            throw new PublishRefusedException(PublishRefusedException.Reason.UNAVAILABLE, "Lectern is starting; try again in a moment");
        }
        return g.publish(protocolId, key, remote, disconnect);
    }

    @Deactivate
    void deactivate() {
        closed = true;
        listeners.forEach(l -> closeQuietly(l.server));
        listeners.forEach(l -> join(l.thread));
        // Accept threads are gone, so no connection can be added any more.
        List<Connection> open = new ArrayList<>(connections);
        open.forEach(Connection::close);
        open.forEach(c -> join(c.thread));
        deadlines.shutdownNow();
        deadlineThreads.forEach(RtmpIngest::join);
        LOG.info("RTMP ingest stopped");
    }

    @Override
    public String id() {
        return RtmpSession.PROTOCOL_ID;
    }

    @Override
    public String displayName() {
        return "RTMP / RTMPS";
    }

    @Override
    public Mode mode() {
        return Mode.LISTENER;
    }

    @Override
    public synchronized PluginHealth health() {
        if (problems.isEmpty()) {
            return PluginHealth.up();
        }
        String reason = String.join("; ", problems);
        return listeners.isEmpty() ? PluginHealth.down(reason) : PluginHealth.degraded(reason);
    }

    @Override
    public List<String> publishUrls(String host, String key) {
        String h = hostOnly(host);
        List<String> urls = new ArrayList<>(2);
        for (Listener l : listeners) {
            urls.add(l.scheme + "://" + h + ":" + l.server.getLocalPort() + "/" + config.app() + "/" + key);
        }
        return urls;
    }

    /** The host without a port; IPv6 addresses in brackets. */
    static String hostOnly(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        if (colon < 0) {
            return host;
        }
        return host.indexOf(':', colon + 1) >= 0 ? "[" + host + "]" : host.substring(0, colon);
    }

    /** The port a scheme listens on (tests configure port 0), or -1 when it is off. */
    int localPort(String scheme) {
        return listeners.stream().filter(l -> l.scheme.equals(scheme)).mapToInt(l -> l.server.getLocalPort()).findFirst().orElse(-1);
    }

    private final class Listener implements Runnable {
        final ServerSocket server;
        final String scheme;
        final boolean secure;
        final Thread thread;

        Listener(ServerSocket server, String scheme, boolean secure) {
            this.server = server;
            this.scheme = scheme;
            this.secure = secure;
            this.thread = new Thread(this, scheme + "-accept");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            if (secure && (tls = tlsFactory()) == null) {
                listeners.remove(this);
                closeQuietly(server);
                return;
            }
            while (!closed) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                    LOG.warn("{} accept failed: {}", scheme, e.toString());
                    pause();
                    continue;
                }
                try {
                    start(s);
                } catch (RuntimeException e) {
                    LOG.error("{} could not start a connection from {}", scheme, s.getRemoteSocketAddress(), e);
                    closeQuietly(s);
                }
            }
        }

        private void start(Socket s) {
            String remote = s.getInetAddress().getHostAddress() + ":" + s.getPort();
            if (connections.size() >= config.maxConnections()) {
                LOG.warn("refused {} connection from {}: {} connections are open (maxConnections)", scheme, remote, connections.size());
                closeQuietly(s);
                return;
            }
            Connection c = new Connection(s, remote, this);
            connections.add(c);
            c.thread.start();
        }

        /** After a failed accept (out of file handles), so the loop does not spin. */
        private void pause() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Connection implements Runnable {
        /** The TCP socket; closing it ends a blocked read, TLS or not. */
        final Socket raw;
        final String remote;
        final Listener listener;
        final Thread thread;
        final int handshakeSeconds = Math.max(1, config.handshakeTimeoutSeconds());
        /** Scheduled on the accept thread, so never after {@link #deactivate()} has stopped the timer. */
        final ScheduledFuture<?> deadline;
        private volatile boolean kicked;
        /** The socket's input; set before the session runs, on this connection's thread. */
        private PacedInputStream paced;

        Connection(Socket raw, String remote, Listener listener) {
            this.raw = raw;
            this.remote = remote;
            this.listener = listener;
            this.thread = new Thread(this, listener.scheme + "-conn-" + remote);
            thread.setDaemon(true);
            this.deadline = deadlines.schedule(() -> {
                LOG.warn("closing {}: it did not publish within {} s", remote, handshakeSeconds);
                close();
            }, handshakeSeconds, TimeUnit.SECONDS);
        }

        void close() {
            kicked = true;
            closeQuietly(raw);
        }

        @Override
        public void run() {
            RtmpSession session = new RtmpSession(config.app(), (protocol, key, from, disconnect) -> {
                // Cancelled before asking the gateway, so a slow answer cannot close a good publisher.
                if (!deadline.cancel(false) && !deadline.isCancelled()) {
                    throw new PublishRefusedException(PublishRefusedException.Reason.UNAVAILABLE, "too late: publish within " + handshakeSeconds + " s");
                }
                Publication p = publish(protocol, key, from, disconnect);
                // Media from here on: a few milliseconds of delay matter less than a wake-up per packet.
                paced.pace(Math.min(config.readIntervalMillis(), p.latency().inputBatchMillis()));
                return p;
            }, remote, this::close);
            boolean handshaken = false;
            try {
                raw.setSoTimeout(handshakeSeconds * 1000);
                raw.setTcpNoDelay(true);
                Socket s = raw;
                if (listener.secure) {
                    SSLSocket ssl = (SSLSocket) tls.createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    s = ssl;
                }
                paced = new PacedInputStream(s.getInputStream(), raw.getInputStream());
                InputStream in = new BufferedInputStream(paced, 64 * 1024);
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
                Handshake.serve(in, out);
                handshaken = true;
                raw.setSoTimeout(Math.max(1, config.idleTimeoutSeconds()) * 1000);
                session.serve(in, out);
            } catch (SocketTimeoutException e) {
                LOG.warn("closing {}: {}", remote, handshaken
                        ? "nothing received for " + config.idleTimeoutSeconds() + " s"
                        : "no handshake within " + config.handshakeTimeoutSeconds() + " s");
            } catch (ProtocolException e) {
                LOG.warn("closing {}: {}", remote, e.getMessage());
            } catch (IOException e) {
                if (!kicked) {
                    LOG.info("connection {} ended: {}", remote, e.toString());
                }
            } catch (RuntimeException e) {
                LOG.error("connection {} failed", remote, e);
            } finally {
                deadline.cancel(false);
                try {
                    session.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing the publication of {} failed: {}", remote, e.toString());
                }
                closeQuietly(raw);
                connections.remove(this);
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("thread {} did not stop in time", t.getName());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }
}
