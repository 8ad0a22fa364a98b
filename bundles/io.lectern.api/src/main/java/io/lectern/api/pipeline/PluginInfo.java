package io.lectern.api.pipeline;

import io.lectern.api.plugin.PluginHealth;
import io.lectern.api.plugin.PluginKind;

/**
 * A plugin as the registry sees it.
 *
 * @param bundleId    the OSGi bundle that registered it
 * @param serviceId   its service id (unique while it is registered)
 * @param rank        its {@link io.lectern.api.plugin.Plugin#RANK}
 * @param inUse       how many running pipelines use it
 */
public record PluginInfo(PluginKind kind, String id, String displayName, String bundleSymbolicName, String bundleVersion,
                         long bundleId, long serviceId, int rank, PluginHealth health, int inUse) {
}
