package io.lectern.player.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterDispatcher;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.stream.StreamNames;
import io.lectern.delivery.OpenStreams;
import io.lectern.store.PlaybackSigner;
import io.lectern.store.PlaybackSigner.Check;
import io.lectern.store.PlaybackToken;
import io.lectern.store.StoreException;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

/**
 * Guards everything a viewer of a private stream fetches: the watch and embed pages and the
 * thumbnail ({@code ?exp=&sig=}), live media ({@code /live/<stream>/signed-…/…}) and recordings
 * ({@code /recordings/<stream>/<id>/signed-…/…}). One filter in front of the player, delivery and
 * recording servlets, so none of them needs to know about signing. Without a valid token a private
 * stream's address answers 403 with plain words; public streams pass untouched.
 *
 * <p>Media carry the token in the path, not in a cookie or a query: relative addresses inside
 * playlists and manifests then keep it for hls.js, dash.js and Safari's own HLS alike, and it works
 * in an iframe on another site, where browsers drop third-party cookies. The path segment is
 * removed before the servlet sees the request. A valid token on a page is left as the request
 * attribute {@link #TOKEN} for the page to sign its media addresses.
 *
 * <p>It also tells live delivery which streams are public ({@link OpenStreams}): their playlists and
 * segments are then answered before the servlets, and so before this filter.
 */
@Component(service = {Filter.class, OpenStreams.class})
@HttpWhiteboardFilterName("lectern-private-streams")
@HttpWhiteboardFilterPattern({ "/watch/*", "/embed/*", "/live/*", "/recordings/*" })
@HttpWhiteboardFilterDispatcher({ DispatcherType.REQUEST, DispatcherType.ASYNC })
@HttpWhiteboardFilterAsyncSupported
public final class PrivateStreams implements Filter, OpenStreams {

    static final String TOKEN = PlaybackToken.class.getName();
    /** How long a stream's visibility is remembered: a change takes effect within this time. */
    private static final long REMEMBER_MILLIS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(PrivateStreams.class);

    private final StreamStore store;
    private final PlaybackSigner signer;
    private final Map<String, Visibility> known = new ConcurrentHashMap<>();

    private record Visibility(boolean isPrivate, long at) {
    }

    @Activate
    public PrivateStreams(@Reference StreamStore store, @Reference PlaybackSigner signer) {
        this.store = store;
        this.signer = signer;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String path = req.getPathInfo();
        if (path == null || "OPTIONS".equals(req.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String[] parts = path.substring(1).split("/", -1);
        String stream = parts[0];
        if (!StreamNames.isValid(stream)) {
            chain.doFilter(request, response);
            return;
        }
        // Where a media address carries its token: after the stream (live) or the recording id.
        int at = switch (req.getServletPath()) {
            case "/live" -> 1;
            case "/recordings" -> 2;
            default -> -1;
        };
        boolean inPath = at > 0 && parts.length > at + 1 && parts[at].startsWith(PlaybackToken.PATH_PREFIX);
        if (isPrivate(stream)) {
            String sig = inPath ? null : req.getParameter(PlaybackToken.SIGNATURE);
            Optional<PlaybackToken> token = inPath ? PlaybackToken.ofPathSegment(stream, parts[at])
                    : PlaybackToken.of(stream, req.getParameter(PlaybackToken.EXPIRES), sig);
            Check check = token.isPresent() ? signer.check(token.get()) : inPath || sig != null ? Check.INVALID : Check.MISSING;
            if (!check.allowed()) {
                resp.setHeader("Access-Control-Allow-Origin", "*");
                resp.setHeader("Cache-Control", "no-store");
                resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
                resp.setContentType("text/plain;charset=utf-8");
                resp.getWriter().write(check.message() + "\n");
                return;
            }
            req.setAttribute(TOKEN, token.get());
            // Shared caches must not keep a private stream's files for others.
            resp = new PrivateCaching(resp);
        }
        // A public stream ignores a token in the path, so links made while it was private keep working.
        chain.doFilter(inPath ? new WithoutToken(req, "/" + parts[at]) : req, resp);
    }

    @Override
    public boolean isOpen(String stream) {
        // Asked on the web server's network threads: what is known now, never the database. A stream
        // not looked up lately is "not sure"; its request goes through the filter, which looks it up.
        Visibility v = StreamNames.isValid(stream) ? known.get(stream) : null;
        return v != null && !v.isPrivate() && System.currentTimeMillis() - v.at() < REMEMBER_MILLIS;
    }

    private boolean isPrivate(String stream) {
        long now = System.currentTimeMillis();
        Visibility v = known.get(stream);
        if (v != null && now - v.at() < REMEMBER_MILLIS) {
            return v.isPrivate();
        }
        try {
            boolean p = store.find(stream).map(StoredStream::definition).map(d -> d.isPrivate()).orElse(false);
            known.put(stream, new Visibility(p, now));
            return p;
        } catch (StoreException e) {
            // Closed while the store cannot say: a signed viewer still gets in.
            LOG.warn("cannot look up whether stream {} is private: {}", stream, e.getMessage());
            return v == null || v.isPrivate();
        }
    }

    /** The request as the servlet expects it, with the token's path segment taken out. */
    private static final class WithoutToken extends HttpServletRequestWrapper {
        private final String segment;

        WithoutToken(HttpServletRequest req, String segment) {
            super(req);
            this.segment = segment;
        }

        @Override
        public String getPathInfo() {
            return cut(super.getPathInfo());
        }

        @Override
        public String getRequestURI() {
            return cut(super.getRequestURI());
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer(cut(super.getRequestURL().toString()));
        }

        private String cut(String s) {
            int i = s == null ? -1 : s.indexOf(segment + "/");
            return i < 0 ? s : s.substring(0, i) + s.substring(i + segment.length());
        }
    }

    /** Turns {@code Cache-Control: public} into {@code private}. */
    private static final class PrivateCaching extends HttpServletResponseWrapper {
        PrivateCaching(HttpServletResponse resp) {
            super(resp);
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, fix(name, value));
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, fix(name, value));
        }

        private static String fix(String name, String value) {
            return value != null && "Cache-Control".equalsIgnoreCase(name) ? value.replace("public", "private") : value;
        }
    }
}
