package io.lectern.shell.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.lectern.store.StoreException;

import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Gogo finds a command's method by its name, and a Java method cannot be called
 * {@code stream-create}; so hyphenated commands are registered as Gogo {@link Function} services
 * of their own, for as long as the component that owns them is active.
 */
final class HyphenatedCommands implements AutoCloseable {

    private final BundleContext context;
    private final List<ServiceRegistration<Function>> registrations = new ArrayList<>();

    HyphenatedCommands(BundleContext context) {
        this.context = context;
    }

    /** Registers {@code lectern:<name>}, which prints its usage unless it gets min..max arguments. */
    HyphenatedCommands add(String name, String usage, int min, int max, java.util.function.Function<List<String>, String> command) {
        Function f = (session, arguments) -> {
            if (arguments.size() < min || arguments.size() > max) {
                return "Usage: lectern:" + name + " " + usage;
            }
            return command.apply(arguments.stream().map(String::valueOf).toList());
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "lectern");
        props.put("osgi.command.function", name);
        registrations.add(context.registerService(Function.class, f, props));
        return this;
    }

    /** Turns store and input errors into a line for the console instead of a stack trace. */
    static String answer(Supplier<String> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            return "Failed (" + e.reason().name().toLowerCase(Locale.ROOT) + "): " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return "Failed: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
