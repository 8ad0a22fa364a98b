package io.lectern.pipeline.internal;

import io.lectern.api.pipeline.PluginInfo;
import io.lectern.api.plugin.Plugin;
import io.lectern.api.plugin.PluginHealth;
import io.lectern.api.plugin.PluginKind;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** A plugin service as registered, with what the registry reads from its service reference. */
record PluginEntry(PluginKind kind, Plugin plugin, long serviceId, int rank, long bundleId, String bundleSymbolicName, String bundleVersion) {

    static PluginEntry of(PluginKind kind, Plugin plugin, ServiceReference<?> ref) {
        Object r = ref.getProperty(Plugin.RANK);
        int rank = r instanceof Number n ? n.intValue() : r != null ? parseRank(r.toString()) : 0;
        Bundle b = ref.getBundle();
        long serviceId = (Long) ref.getProperty(Constants.SERVICE_ID);
        return new PluginEntry(kind, plugin, serviceId, rank, b == null ? -1 : b.getBundleId(),
                b == null ? "" : b.getSymbolicName(), b == null ? "" : b.getVersion().toString());
    }

    private static int parseRank(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    String id() {
        return plugin.id();
    }

    /** The plugin's health; a plugin that throws while asked is down. */
    PluginHealth health() {
        try {
            return plugin.health();
        } catch (RuntimeException e) {
            return PluginHealth.down("health check failed: " + e);
        }
    }

    PluginInfo info(int inUse) {
        String name;
        try {
            name = plugin.displayName();
        } catch (RuntimeException e) {
            name = id();
        }
        return new PluginInfo(kind, id(), name, bundleSymbolicName, bundleVersion, bundleId, serviceId, rank, health(), inUse);
    }
}
