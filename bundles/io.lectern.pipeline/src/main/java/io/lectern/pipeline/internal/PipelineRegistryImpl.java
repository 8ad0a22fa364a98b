package io.lectern.pipeline.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineListener;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.pipeline.PluginInfo;
import io.lectern.api.plugin.Decoder;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.IngestGateway;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.plugin.Packager;
import io.lectern.api.plugin.Plugin;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.plugin.Publication;
import io.lectern.api.plugin.PublishRefusedException;
import io.lectern.api.plugin.PublishRefusedException.Reason;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.api.stream.StreamNames;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every plugin service as it comes and goes and runs one {@link Pipeline} per started stream.
 * A plugin that leaves blocks the pipelines that use it (with the reason); a plugin that arrives
 * restarts the blocked ones. It is also the {@link IngestGateway} listener protocols publish through.
 */
@Component(service = {PipelineRegistry.class, IngestGateway.class}, immediate = true, configurationPid = "io.lectern.pipeline")
@Designate(ocd = PipelineRegistryImpl.Config.class)
public final class PipelineRegistryImpl implements PipelineRegistry, IngestGateway, Pipeline.Host {

    @ObjectClassDefinition(name = "Lectern pipelines", description = "How Lectern runs streams.")
    public @interface Config {
        @AttributeDefinition(name = "Data folder", description = "Where stream segments are written. Empty: the lectern.data setting, or ./lectern-data.")
        String dataFolder() default "";

        @AttributeDefinition(name = "Packet buffer", description = "Packets each stage may hold before it drops (a slow output never stalls the others).")
        int packetQueue() default 1024;

        @AttributeDefinition(name = "Frame buffer", description = "Decoded pictures each encoder may hold before it drops.")
        int frameQueue() default 8;

        @AttributeDefinition(name = "New publisher takes over", description = "When a second publisher uses a live stream key: take over (on) or refuse it (off).")
        boolean allowTakeover() default false;

        @AttributeDefinition(name = "Thumbnail reuse (s)", description = "How long a stream's thumbnail is served again before a newer picture is decoded.", min = "1")
        int thumbnailSeconds() default 5;

        @AttributeDefinition(name = "Slate time (s)", description = "While the publisher is away, destinations stay connected and get a still picture and silence for up to this long, then disconnect until it is back. 0: no slate.", min = "0")
        int slateSeconds() default 60;

        @AttributeDefinition(name = "Slate picture", description = "A PNG or JPEG file to show while the publisher is away. Empty: a plain card saying \"We'll be right back\".")
        String slateImage() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRegistryImpl.class);

    private final Plugins plugins = new Plugins();
    private final Map<String, Pipeline> pipelines = new ConcurrentHashMap<>();
    private final List<PipelineListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Config config;
    private volatile Path dataDir;
    private volatile ScheduledExecutorService control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StreamStore store;

    @Activate
    void activate(BundleContext context, Config c) {
        configure(context, c);
        control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lectern-pipeline-registry");
            t.setDaemon(true);
            return t;
        });
        control.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        LOG.info("pipeline registry ready, data in {}", dataDir);
    }

    @Modified
    void modified(BundleContext context, Config c) {
        configure(context, c);
    }

    private void configure(BundleContext context, Config c) {
        config = c;
        String dir = c.dataFolder();
        if (dir == null || dir.isBlank()) {
            dir = context.getProperty("lectern.data");
        }
        dataDir = Paths.get(dir == null || dir.isBlank() ? "lectern-data" : dir).toAbsolutePath().normalize();
    }

    @Deactivate
    void deactivate() {
        pipelines.values().forEach(Pipeline::stop);
        pipelines.clear();
        ScheduledExecutorService c = control;
        control = null;
        if (c != null) {
            c.shutdownNow();
            try {
                c.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ----- plugins coming and going -----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addIngest(IngestProtocol p, ServiceReference<IngestProtocol> ref) {
        added(PluginKind.INGEST, p, ref);
    }

    void removeIngest(ServiceReference<IngestProtocol> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDecoder(Decoder p, ServiceReference<Decoder> ref) {
        added(PluginKind.DECODER, p, ref);
    }

    void removeDecoder(ServiceReference<Decoder> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEncoder(Encoder p, ServiceReference<Encoder> ref) {
        added(PluginKind.ENCODER, p, ref);
    }

    void removeEncoder(ServiceReference<Encoder> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPackager(Packager p, ServiceReference<Packager> ref) {
        added(PluginKind.PACKAGER, p, ref);
    }

    void removePackager(ServiceReference<Packager> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDestination(Destination p, ServiceReference<Destination> ref) {
        added(PluginKind.DESTINATION, p, ref);
    }

    void removeDestination(ServiceReference<Destination> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(PipelineListener l) {
        listeners.add(l);
    }

    void removeListener(PipelineListener l) {
        listeners.remove(l);
    }

    private void added(PluginKind kind, Plugin plugin, ServiceReference<?> ref) {
        PluginEntry e = PluginEntry.of(kind, plugin, ref);
        plugins.add(e);
        LOG.info("plugin added: {} {} from {} {}", kind.id(), e.id(), e.bundleSymbolicName(), e.bundleVersion());
        // Blocked pipelines may run now; retry off the caller's thread (the framework's).
        ScheduledExecutorService c = control;
        if (c != null) {
            c.execute(this::retryBlocked);
        }
        notifyPlugins();
    }

    private void removed(ServiceReference<?> ref) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        plugins.remove(id).ifPresent(e -> {
            LOG.info("plugin removed: {} {}", e.kind().id(), e.id());
            // Synchronously: the plugin's bundle is stopping and must find its sessions closed.
            for (Pipeline p : pipelines.values()) {
                if (p.uses(id) && p.state() != PipelineState.STOPPED) {
                    p.block(e.kind().id() + " '" + e.id() + "' was removed");
                }
            }
        });
        notifyPlugins();
    }

    private void retryBlocked() {
        for (Pipeline p : pipelines.values()) {
            if (p.state() == PipelineState.BLOCKED) {
                p.start();
            }
        }
    }

    private void notifyPlugins() {
        ScheduledExecutorService c = control;
        if (c != null) {
            c.execute(() -> listeners.forEach(l -> safely(() -> l.pluginsChanged())));
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("pipeline listener failed: {}", e.toString());
        }
    }

    private void tick() {
        pipelines.values().forEach(Pipeline::tick);
    }

    // ----- PipelineRegistry -----

    @Override
    public List<PluginInfo> plugins() {
        return plugins.all().stream().map(this::info).toList();
    }

    @Override
    public List<PluginInfo> plugins(PluginKind kind) {
        return plugins.of(kind).stream().map(this::info).toList();
    }

    @Override
    public Optional<PluginInfo> plugin(PluginKind kind, String id) {
        return plugins.find(kind, id).map(this::info);
    }

    private PluginInfo info(PluginEntry e) {
        int inUse = (int) pipelines.values().stream().filter(p -> p.state() != PipelineState.STOPPED && p.uses(e.serviceId())).count();
        return e.info(inUse);
    }

    @Override
    public PipelineInfo start(StreamDefinition stream) {
        Pipeline p = new Pipeline(this, stream);
        Pipeline old = pipelines.put(stream.name(), p);
        if (old != null) {
            old.stop();
        }
        p.start();
        return p.info();
    }

    @Override
    public void stop(String stream) {
        Pipeline p = pipelines.remove(stream);
        if (p != null) {
            p.stop();
        }
    }

    @Override
    public List<PipelineInfo> pipelines() {
        return pipelines.values().stream().map(Pipeline::info).sorted(Comparator.comparing(PipelineInfo::stream)).toList();
    }

    @Override
    public Optional<PipelineInfo> pipeline(String stream) {
        return Optional.ofNullable(pipelines.get(stream)).map(Pipeline::info);
    }

    @Override
    public Map<String, PackagerSession> packagers(String stream) {
        Pipeline p = pipelines.get(stream);
        return p == null ? Map.of() : p.packagers();
    }

    @Override
    public Path streamDirectory(String stream) {
        return dataDir.resolve("live").resolve(StreamNames.require(stream));
    }

    @Override
    public boolean kick(String stream) {
        Pipeline p = pipelines.get(stream);
        return p != null && p.kick();
    }

    @Override
    public Optional<byte[]> thumbnail(String stream) {
        Pipeline p = pipelines.get(stream);
        if (p != null) {
            return p.thumbnail(TimeUnit.SECONDS.toMillis(Math.max(1, config.thumbnailSeconds())));
        }
        return Thumbnail.stored(streamDirectory(stream).resolve(Thumbnail.FILE));
    }

    @Override
    public boolean reconnect(String stream, String destination) {
        Pipeline p = pipelines.get(stream);
        Optional<DestinationOutput> out = p == null ? Optional.empty()
                : p.destinations().stream().filter(d -> d.id().equals(destination)).findFirst();
        out.ifPresent(DestinationOutput::reconnect);
        return out.isPresent();
    }

    // ----- IngestGateway -----

    @Override
    public Publication publish(String protocolId, String key, String remoteAddress, Runnable disconnect) throws PublishRefusedException {
        StreamStore s = store;
        if (s == null) {
            throw new PublishRefusedException(Reason.UNAVAILABLE, "Lectern is starting; try again in a moment");
        }
        StoredStream stored = s.findByKey(key).orElse(null);
        if (stored == null) {
            LOG.warn("refused {} publisher {}: unknown stream key", protocolId, remoteAddress);
            throw new PublishRefusedException(Reason.UNKNOWN_KEY, "unknown stream key");
        }
        String name = stored.name();
        if (!stored.enabled()) {
            LOG.warn("refused {} publisher {} on stream {}: the stream is disabled", protocolId, remoteAddress, name);
            throw new PublishRefusedException(Reason.DISABLED, "stream " + name + " is disabled");
        }
        StreamDefinition def = stored.definition();
        if (!def.ingest().equals(protocolId)) {
            LOG.warn("refused {} publisher {} on stream {}: it takes {}", protocolId, remoteAddress, name, def.ingest());
            throw new PublishRefusedException(Reason.WRONG_PROTOCOL, "stream " + name + " takes " + def.ingest() + ", not " + protocolId);
        }
        synchronized (this) {
            Pipeline p = pipelines.get(name);
            if (p == null || p.state() == PipelineState.STOPPED) {
                // A publisher with a valid key starts its stream, as OBS users expect.
                start(def);
                p = pipelines.get(name);
            }
            if (p.state() == PipelineState.BLOCKED) {
                throw new PublishRefusedException(Reason.UNAVAILABLE, "stream " + name + " cannot run: " + p.info().reason());
            }
            if (p.hasPublisher() && !config.allowTakeover()) {
                LOG.warn("refused {} publisher {} on stream {}: it already has a publisher", protocolId, remoteAddress, name);
                throw new PublishRefusedException(Reason.BUSY, "stream " + name + " already has a publisher");
            }
            return p.attach(remoteAddress, disconnect);
        }
    }

    // ----- Pipeline.Host -----

    @Override
    public Plugins pluginSet() {
        return plugins;
    }

    @Override
    public int packetQueue() {
        return config.packetQueue();
    }

    @Override
    public int frameQueue() {
        return config.frameQueue();
    }

    @Override
    public Slate slate(StreamDefinition stream, List<DestinationOutput> outputs) {
        Config c = config;
        if (c.slateSeconds() <= 0 || outputs.isEmpty()) {
            return null;
        }
        Path image = c.slateImage().isBlank() ? null : Paths.get(c.slateImage().trim());
        return new Slate(stream, outputs, plugins, image, TimeUnit.SECONDS.toMillis(c.slateSeconds()));
    }

    @Override
    public void changed(Pipeline pipeline) {
        ScheduledExecutorService c = control;
        if (c != null && !listeners.isEmpty()) {
            c.execute(() -> {
                PipelineInfo info = pipeline.info();
                listeners.forEach(l -> safely(() -> l.pipelineChanged(info)));
            });
        }
    }
}
