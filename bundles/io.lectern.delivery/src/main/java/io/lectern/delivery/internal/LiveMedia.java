package io.lectern.delivery.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.stream.StreamNames;
import io.lectern.delivery.MediaFiles;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * What {@code /live/<stream>/<name>} answers, whichever HTTP front asks: the stream's manifests from
 * its packager sessions, and its CMAF files ({@code .mp4}, {@code .m4s}) from the memory cache or
 * the stream's folder, nothing else. Shared by the servlet ({@link LiveServlet}, every request) and
 * the plain Jetty handler ({@link LiveHandler}, the common requests of public streams), so both
 * answer the same and share one cache.
 */
@Component(service = LiveMedia.class, configurationPid = LiveMedia.PID)
@Designate(ocd = LiveMedia.Config.class)
public final class LiveMedia {

    static final String PID = "io.lectern.delivery";
    /** An LL-HLS part, {@code <rendition>/seg-<msn>.<part>.m4s}: the name a preload hint points at before it exists. */
    private static final Pattern PART = Pattern.compile("([^/]+)/seg-(\\d{1,18})\\.(\\d{1,9})\\.m4s");
    /** A segment, {@code <rendition>/seg-<msn>.m4s}: asked for while it is written in low-latency DASH. */
    private static final Pattern SEGMENT = Pattern.compile("([^/]+)/seg-(\\d{1,18})\\.m4s");

    @ObjectClassDefinition(name = "Lectern live delivery", description = "How /live serves manifests and segments.")
    public @interface Config {

        @AttributeDefinition(name = "Segment cache time (s)", description = "Cache-Control max-age of media segments; their names are never reused.")
        int segmentMaxAgeSeconds() default 86400;

        @AttributeDefinition(name = "Init cache time (s)", description = "Cache-Control max-age of init.mp4, which a new publisher session rewrites.")
        int initMaxAgeSeconds() default 2;

        @AttributeDefinition(name = "Manifest wait limit (s)", description = "Longest a request waits for a blocking manifest before it fails.")
        int manifestTimeoutSeconds() default 30;

        @AttributeDefinition(name = "Part wait limit (ms)", description = "Longest a request for an LL-HLS part that does not exist yet"
                + " (the playlist's preload hint) waits for it before it gets 404; about three part durations.")
        int partWaitMillis() default 1500;

        @AttributeDefinition(name = "Memory cache (MB)", description = "Segments, parts and init files kept in memory after their"
                + " first request, newest first, so that viewers' requests read no files.")
        int memoryCacheMegabytes() default 64;
    }

    /** A media file to send: its bytes (read-only, shared by every answer), media type and cache rule. */
    record File(ByteBuffer content, String type, String cacheControl) {

        /** The bytes, in a buffer of the caller's own (position 0), for one write. */
        @Override
        public ByteBuffer content() {
            return content.duplicate();
        }

        int size() {
            return content.remaining();
        }

        /** A copy of the bytes, for the servlet's streams. */
        byte[] bytes() {
            byte[] b = new byte[content.remaining()];
            content.duplicate().get(b);
            return b;
        }
    }

    private final PipelineRegistry registry;
    private final Config config;
    private final SegmentCache cache;
    private final String segmentCacheControl;
    private final String initCacheControl;

    @Activate
    public LiveMedia(@Reference PipelineRegistry registry, Config config) {
        this.registry = registry;
        this.config = config;
        this.cache = new SegmentCache(Math.max(0, config.memoryCacheMegabytes()) * 1024L * 1024L);
        this.segmentCacheControl = "public, max-age=" + config.segmentMaxAgeSeconds() + ", immutable";
        this.initCacheControl = "public, max-age=" + config.initMaxAgeSeconds();
    }

    @Deactivate
    void deactivate() {
        cache.clear();
    }

    /**
     * The stream and the name inside it of a path {@code /<stream>/<name>} (already decoded, without
     * {@code /live}), or null when either is not a plain, valid name.
     */
    static String[] split(String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return null;
        }
        int slash = path.indexOf('/', 1);
        String stream = slash < 0 ? "" : path.substring(1, slash);
        String name = slash < 0 ? "" : path.substring(slash + 1);
        return StreamNames.isValid(stream) && MediaFiles.plainName(name) ? new String[] {stream, name} : null;
    }

    /** The manifest {@code name} (no folder) of a stream, from whichever of its packagers knows it. */
    Optional<CompletionStage<Manifest>> manifest(String stream, String name, String rawQuery) {
        Map<String, String> query = query(rawQuery);
        for (PackagerSession session : registry.packagers(stream).values()) {
            Optional<CompletionStage<Manifest>> m = session.manifest(name, query);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** The init file or segment {@code name} of a stream, or null when it is no such file or not there (yet). */
    File file(String stream, String name) throws IOException {
        boolean init = name.endsWith(".mp4");
        if (!init && !name.endsWith(".m4s")) {
            return null;
        }
        ByteBuffer content = cache.get(registry.streamDirectory(stream), name);
        if (content == null) {
            return null;
        }
        return init ? new File(content, "video/mp4", initCacheControl) : new File(content, "video/iso.segment", segmentCacheControl);
    }

    /**
     * When {@code name} is an LL-HLS part the stream's playlist does not list yet (a player following
     * the preload hint asks before it is written): completes once the playlist lists it (its file is
     * written before the playlist is told). The packager's own stage, shared by every viewer: never
     * complete it, and apply {@link #partWaitMillis()} yourself. Empty if the name is no part, or no
     * packager knows its rendition.
     */
    Optional<CompletableFuture<Manifest>> partListed(String stream, String name) {
        Matcher m = PART.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> query = Map.of("_HLS_msn", m.group(2), "_HLS_part", m.group(3));
        for (PackagerSession session : registry.packagers(stream).values()) {
            Optional<CompletionStage<Manifest>> listed = session.manifest(m.group(1) + ".m3u8", query);
            if (listed.isPresent()) {
                return Optional.of(listed.get().toCompletableFuture());
            }
        }
        return Optional.empty();
    }

    /**
     * For a segment not written yet: completes once part {@code part} of it is written, or the whole
     * segment is (whichever comes first; without parts, not in low-latency mode, only the latter), or
     * exceptionally after {@code waitMillis}. Empty if the name is no segment, or no packager knows
     * its rendition. The HLS playlist is what knows: parts and segments are written before it lists them.
     */
    Optional<CompletableFuture<Object>> segmentProgress(String stream, String name, int part, long waitMillis) {
        Matcher m = SEGMENT.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        String playlist = m.group(1) + ".m3u8";
        for (PackagerSession session : registry.packagers(stream).values()) {
            Optional<CompletionStage<Manifest>> whole = session.manifest(playlist, Map.of("_HLS_msn", m.group(2)));
            if (whole.isPresent()) {
                CompletableFuture<?> next = session.manifest(playlist, Map.of("_HLS_msn", m.group(2), "_HLS_part", String.valueOf(part)))
                        .map(CompletionStage::toCompletableFuture).orElse(new CompletableFuture<>());
                return Optional.of(CompletableFuture.anyOf(whole.get().toCompletableFuture(), next).orTimeout(waitMillis, TimeUnit.MILLISECONDS));
            }
        }
        return Optional.empty();
    }

    /** How an HTTP front writes a segment that is sent part by part ({@link #sendInParts}). */
    interface PartSink {
        /** Sends a part (the first one with the answer's headers), then runs {@code then}. */
        void part(File part, boolean first, Runnable then) throws IOException;

        /** The segment is complete: ends the answer. */
        void end() throws IOException;

        /** No part came: sends the whole segment if it is there now, else 404. */
        void whole(File segment) throws IOException;

        void failed(Throwable t);
    }

    /**
     * A segment asked for while it is written (low-latency DASH players fetch it once its first part
     * is there): sends it part by part as each is written, and ends when the segment is complete.
     * The answer holds the same fragments as the finished file, without its leading {@code styp}
     * box, which is optional. {@code progress} is {@link #segmentProgress} for part {@code part};
     * each step runs on {@code executor}, never on the packager's thread that completes it.
     */
    void sendInParts(String stream, String name, int part, CompletableFuture<Object> progress, Executor executor, PartSink sink) {
        progress.whenComplete((x, e) -> executor.execute(() -> {
            try {
                File next = file(stream, partOf(name, part));
                if (next == null) {
                    if (part == 0) {
                        sink.whole(file(stream, name));
                    } else {
                        sink.end();
                    }
                    return;
                }
                sink.part(next, part == 0, () -> {
                    Optional<CompletableFuture<Object>> following = segmentProgress(stream, name, part + 1, partWaitMillis());
                    if (following.isPresent()) {
                        sendInParts(stream, name, part + 1, following.get(), executor, sink);
                    } else {
                        try {
                            sink.end();
                        } catch (IOException | RuntimeException io) {
                            sink.failed(io);
                        }
                    }
                });
            } catch (IOException | RuntimeException io) {
                sink.failed(io);
            }
        }));
    }

    /** The name of part {@code part} of segment {@code name} ({@code 720p/seg-7.m4s} → {@code 720p/seg-7.2.m4s}). */
    static String partOf(String segment, int part) {
        return segment.substring(0, segment.length() - ".m4s".length()) + "." + part + ".m4s";
    }

    long partWaitMillis() {
        return Math.max(1, config.partWaitMillis());
    }

    long manifestTimeoutMillis() {
        return Math.max(1, config.manifestTimeoutSeconds()) * 1000L;
    }

    /**
     * The query's first value of each name, decoded. Read here rather than through the servlet's
     * {@code getParameterMap()}, which also looks for a form body on every playlist reload.
     */
    static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> query = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!key.isEmpty()) {
                query.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
