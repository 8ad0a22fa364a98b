package io.lectern.player.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.lectern.player.ViewerCount;

/**
 * Counts distinct player ids per stream in a sliding window. Ids are random and chosen by the
 * browser, so the count is an estimate: it can neither identify nor authenticate a viewer.
 * Memory is bounded: ids must look random and each stream keeps at most {@code maxPerStream}.
 */
@Component(service = { ViewerCount.class, ViewerCounter.class }, configurationPid = ViewerCounter.PID)
@Designate(ocd = ViewerCounter.Config.class)
public class ViewerCounter implements ViewerCount {

    static final String PID = "io.lectern.player.viewers";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    @ObjectClassDefinition(name = "Lectern viewer count", description = "How viewers are counted from the players' reports.")
    public @interface Config {
        @AttributeDefinition(name = "Window (s)", description = "A player counts as watching for this long after its last report.")
        int windowSeconds() default 30;

        @AttributeDefinition(name = "Most viewers per stream", description = "Reports beyond this many players of one stream are ignored, so made-up ids cannot fill the memory.")
        int maxPerStream() default 100000;
    }

    private final Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();
    private final long windowNanos;
    private final int maxPerStream;
    private final LongSupplier nanoTime;

    @Activate
    public ViewerCounter(Config config) {
        this(config.windowSeconds(), config.maxPerStream(), System::nanoTime);
    }

    ViewerCounter(int windowSeconds, int maxPerStream, LongSupplier nanoTime) {
        this.windowNanos = TimeUnit.SECONDS.toNanos(Math.max(1, windowSeconds));
        this.maxPerStream = Math.max(1, maxPerStream);
        this.nanoTime = nanoTime;
    }

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Notes that player {@code id} is watching {@code stream} now; false when the report was ignored. */
    boolean report(String stream, String id) {
        if (!isValidId(id)) {
            return false;
        }
        long now = nanoTime.getAsLong();
        Map<String, Long> players = seen.computeIfAbsent(stream, s -> new ConcurrentHashMap<>());
        if (players.size() >= maxPerStream && !players.containsKey(id)) {
            prune(players, now);
            if (players.size() >= maxPerStream) {
                return false;
            }
        }
        players.put(id, now);
        return true;
    }

    @Override
    public int viewers(String stream) {
        Map<String, Long> players = seen.get(stream);
        if (players == null) {
            return 0;
        }
        prune(players, nanoTime.getAsLong());
        if (players.isEmpty()) {
            seen.remove(stream, players);
        }
        return players.size();
    }

    private void prune(Map<String, Long> players, long now) {
        players.values().removeIf(at -> now - at > windowNanos);
    }
}
