package io.lectern.launcher;

import java.util.Collection;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.hooks.bundle.EventHook;
import org.osgi.framework.hooks.bundle.FindHook;

/**
 * Hides a few bundles from SPI Fly (the Service Loader Mediator that SLF4J needs), so that it does
 * not weave them. SPI Fly takes every bundle that asks for its processor, even optionally, as a
 * consumer, and then reads and rewrites each of its classes with ASM as the class loads. The Felix
 * HTTP bundle asks for it optionally and holds all of Jetty: weaving it cost about a quarter of the
 * thread that starts the bundles, and seconds of JIT compiling ASM, at every start. Jetty looks up
 * only its own services (HTTP/2 field encoders, ALPN), which no other bundle provides, so there is
 * nothing for SPI Fly to do there. Bundle hooks are the framework's way of keeping a bundle out of
 * another's sight: SPI Fly finds its consumers through a bundle tracker, which sees only what
 * {@code getBundles} and bundle events show it.
 */
final class UnwovenBundles implements FindHook, EventHook {

    static final String SPI_FLY = "org.apache.aries.spifly.dynamic.bundle";
    /** Symbolic names of the bundles SPI Fly must not weave. */
    static final Set<String> UNWOVEN = Set.of("org.apache.felix.http.jetty12");

    /** Registers the hooks on the framework; call before SPI Fly starts (after {@code init}). */
    static void register(BundleContext framework) {
        UnwovenBundles hooks = new UnwovenBundles();
        framework.registerService(new String[] {FindHook.class.getName(), EventHook.class.getName()}, hooks, null);
    }

    @Override
    public void find(BundleContext context, Collection<Bundle> bundles) {
        if (isSpiFly(context)) {
            bundles.removeIf(bundle -> UNWOVEN.contains(bundle.getSymbolicName()));
        }
    }

    @Override
    public void event(BundleEvent event, Collection<BundleContext> contexts) {
        if (UNWOVEN.contains(event.getBundle().getSymbolicName())) {
            contexts.removeIf(UnwovenBundles::isSpiFly);
        }
    }

    private static boolean isSpiFly(BundleContext context) {
        try {
            return SPI_FLY.equals(context.getBundle().getSymbolicName());
        } catch (IllegalStateException stopped) {
            return false;
        }
    }
}
