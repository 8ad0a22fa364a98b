package io.lectern.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lectern.api.pipeline.PluginInfo;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;

/**
 * Hot install of plugin bundles: upload, start, stop, uninstall. Only plugin bundles may be
 * touched (those uploaded here, and those that provide a plugin now or were stopped here): the
 * framework and Lectern's core stay out of reach. The registry notices the plugins by itself.
 */
final class PluginRoutes {

    /** Location prefix of the bundles installed through the API. */
    static final String UPLOAD_LOCATION = "lectern-upload:";
    static final long MAX_UPLOAD = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(PluginRoutes.class);

    private final ApiServlet api;
    /** Plugin bundles stopped through the API: they provide no plugin while stopped, yet may be started again. */
    private final Set<Long> stoppedHere = ConcurrentHashMap.newKeySet();

    PluginRoutes(ApiServlet api) {
        this.api = api;
    }

    void register(Router router) {
        router.add("POST", "/plugins", this::install)
                .admin("GET", "/plugins/bundles", c -> bundles())
                .add("POST", "/plugins/{bundleId}/start", c -> start(c.param("bundleId")))
                .add("POST", "/plugins/{bundleId}/stop", c -> stop(c.param("bundleId")))
                .add("DELETE", "/plugins/{bundleId}", c -> uninstall(c.param("bundleId")));
    }

    private Reply install(Call call) throws IOException, ServletException {
        Path upload = Files.createTempFile("lectern-plugin-", ".jar");
        try {
            save(call, upload);
            Manifest manifest = manifest(upload);
            Attributes main = manifest.getMainAttributes();
            String bsn = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null || !"2".equals(main.getValue(Constants.BUNDLE_MANIFESTVERSION))) {
                throw new ApiException(400, "not-a-bundle", "This jar is not an OSGi bundle: its manifest has no Bundle-SymbolicName.");
            }
            String name = bsn.split(";")[0].strip();
            String version = main.getValue(Constants.BUNDLE_VERSION);
            BundleContext context = context();
            Bundle bundle;
            try (InputStream in = Files.newInputStream(upload)) {
                bundle = context.installBundle(UPLOAD_LOCATION + name + "@" + (version == null ? "0" : version), in);
            } catch (BundleException e) {
                if (e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR) {
                    throw new ApiException(409, "conflict", "This bundle version is installed already. Remove it first.");
                }
                throw new ApiException(400, "not-a-bundle", "The bundle cannot be installed: " + e.getMessage());
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                LOG.warn("Uploaded bundle {} does not start: {}", name, e.getMessage());
                uninstallQuietly(bundle);
                throw new ApiException(400, "cannot-start", "The bundle was installed but cannot start, so it was removed again: " + e.getMessage());
            }
            LOG.info("Plugin bundle {} {} installed and started through the API by '{}'", name, bundle.getVersion(), call.principal().username());
            return Reply.created(bundle(bundle), ApiServlet.PREFIX + "/plugins/" + bundle.getBundleId());
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** The jar: the request body itself, or the first file of a multipart form. */
    private static void save(Call call, Path target) throws IOException, ServletException {
        String type = call.request().getContentType();
        if (call.request().getContentLengthLong() > MAX_UPLOAD) {
            throw new ApiException(413, "too-large", "The bundle is larger than 64 MB.");
        }
        InputStream in = null;
        if (type != null && type.startsWith("multipart/form-data")) {
            for (Part part : call.request().getParts()) {
                if (part.getSubmittedFileName() != null) {
                    in = part.getInputStream();
                    break;
                }
            }
            if (in == null) {
                throw new ApiException(400, "not-a-bundle", "The form holds no file. Choose a bundle jar.");
            }
        } else {
            in = call.request().getInputStream();
        }
        try (InputStream body = in) {
            byte[] bytes = body.readNBytes((int) MAX_UPLOAD + 1);
            if (bytes.length > MAX_UPLOAD) {
                throw new ApiException(413, "too-large", "The bundle is larger than 64 MB.");
            }
            Files.write(target, bytes);
        }
    }

    private static Manifest manifest(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw new ApiException(400, "not-a-bundle", "This jar has no manifest, so it is not an OSGi bundle.");
            }
            return manifest;
        } catch (IOException e) {
            throw new ApiException(400, "not-a-bundle", "This is not a jar file. Upload an OSGi bundle jar.");
        }
    }

    private ArrayNode bundles() {
        BundleContext context = context();
        Set<Long> plugins = pluginBundles();
        ArrayNode list = Json.array();
        for (Bundle b : context.getBundles()) {
            if (manageable(b, plugins)) {
                list.add(bundle(b));
            }
        }
        return list;
    }

    private ObjectNode start(String id) throws BundleException {
        Bundle bundle = find(id, true);
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new ApiException(409, "cannot-start", "The bundle cannot start: " + e.getMessage());
        }
        stoppedHere.remove(bundle.getBundleId());
        return bundle(bundle);
    }

    private ObjectNode stop(String id) throws BundleException {
        Bundle bundle = find(id, false);
        bundle.stop();
        stoppedHere.add(bundle.getBundleId());
        return bundle(bundle);
    }

    private Reply uninstall(String id) throws BundleException {
        Bundle bundle = find(id, false);
        bundle.uninstall();
        stoppedHere.remove(bundle.getBundleId());
        LOG.info("Plugin bundle {} uninstalled through the API", bundle.getSymbolicName());
        return Reply.noContent();
    }

    /** The plugin bundle with that id; 403 for the framework and Lectern's core. */
    private Bundle find(String id, boolean starting) {
        long bundleId;
        try {
            bundleId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("There is no bundle '" + id + "'. Use the bundleId of a plugin.");
        }
        if (bundleId == 0) {
            throw new ApiException(403, "protected", "The OSGi framework cannot be stopped or removed here.");
        }
        Bundle bundle = context().getBundle(bundleId);
        if (bundle == null) {
            throw ApiException.notFound("There is no bundle " + bundleId + ".");
        }
        if (!manageable(bundle, pluginBundles()) && !(starting && stoppedHere.contains(bundleId))) {
            throw new ApiException(403, "protected", bundle.getSymbolicName() + " is part of Lectern itself; only plugin bundles can be managed here.");
        }
        return bundle;
    }

    private boolean manageable(Bundle bundle, Set<Long> plugins) {
        return bundle.getBundleId() != 0 && (bundle.getLocation().startsWith(UPLOAD_LOCATION)
                || plugins.contains(bundle.getBundleId()) || stoppedHere.contains(bundle.getBundleId()));
    }

    private Set<Long> pluginBundles() {
        return api.registry().plugins().stream().map(PluginInfo::bundleId).collect(Collectors.toSet());
    }

    private BundleContext context() {
        BundleContext c = api.bundleContext;
        if (c == null) {
            throw ApiException.unavailable("Plugins can only be managed inside the running server.");
        }
        return c;
    }

    static ObjectNode bundle(Bundle b) {
        return Json.object().put("bundleId", b.getBundleId()).put("bundle", b.getSymbolicName())
                .put("version", b.getVersion().toString()).put("state", state(b.getState()))
                .put("uploaded", b.getLocation().startsWith(UPLOAD_LOCATION));
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.INSTALLED -> "installed";
            default -> "uninstalled";
        };
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Cannot remove bundle {} again: {}", bundle.getSymbolicName(), e.getMessage());
        }
    }
}
