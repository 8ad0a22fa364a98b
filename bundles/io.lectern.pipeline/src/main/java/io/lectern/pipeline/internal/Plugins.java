package io.lectern.pipeline.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lectern.api.media.Codec;
import io.lectern.api.media.Track;
import io.lectern.api.plugin.Decoder;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.PluginKind;

/**
 * The plugins present right now. Plugins of the same kind and id are ordered by rank (highest
 * first), then by age (the first registered wins a tie), as OSGi orders services.
 */
final class Plugins {

    private static final Comparator<PluginEntry> ORDER = Comparator.comparingInt(PluginEntry::rank).reversed()
            .thenComparingLong(PluginEntry::serviceId);

    private final List<PluginEntry> entries = new CopyOnWriteArrayList<>();

    void add(PluginEntry e) {
        entries.add(e);
    }

    /** Removes the entry of that service; returns it if it was there. */
    Optional<PluginEntry> remove(long serviceId) {
        for (PluginEntry e : entries) {
            if (e.serviceId() == serviceId) {
                entries.remove(e);
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    List<PluginEntry> all() {
        List<PluginEntry> list = new ArrayList<>(entries);
        list.sort(Comparator.comparing(PluginEntry::kind).thenComparing(PluginEntry::id).thenComparing(ORDER));
        return list;
    }

    List<PluginEntry> of(PluginKind kind) {
        return all().stream().filter(e -> e.kind() == kind).toList();
    }

    Optional<PluginEntry> find(PluginKind kind, String id) {
        return entries.stream().filter(e -> e.kind() == kind && e.id().equals(id)).min(ORDER);
    }

    /** The usable decoder of highest rank for the track. */
    Optional<PluginEntry> decoderFor(Track track) {
        return entries.stream().filter(e -> e.kind() == PluginKind.DECODER && e.health().isUsable())
                .filter(e -> ((Decoder) e.plugin()).supports(track)).min(ORDER);
    }

    /**
     * The encoder for {@code codec}: the first usable one in the stream's preference list, or the
     * usable one of highest rank when the list is empty or none of it is usable ("auto").
     */
    Optional<PluginEntry> encoderFor(Codec codec, List<String> preference) {
        List<PluginEntry> usable = entries.stream().filter(e -> e.kind() == PluginKind.ENCODER && e.health().isUsable())
                .filter(e -> ((Encoder) e.plugin()).codec() == codec).sorted(ORDER).toList();
        for (String id : preference) {
            for (PluginEntry e : usable) {
                if (e.id().equals(id)) {
                    return Optional.of(e);
                }
            }
        }
        return usable.stream().findFirst();
    }
}
