package io.lectern.api.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The renditions of a stream, lowest first. A ladder never upscales: {@link #forSource} drops rungs
 * taller than the source.
 */
public record Ladder(List<Rung> rungs) {

    public Ladder {
        if (rungs == null || rungs.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one rung");
        }
        List<Rung> sorted = new ArrayList<>(rungs);
        sorted.sort(Comparator.comparingInt(Rung::height));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name()) || sorted.get(i).height() == sorted.get(i - 1).height()) {
                throw new IllegalArgumentException("rung '" + sorted.get(i).name() + "' appears twice");
            }
        }
        rungs = List.copyOf(sorted);
    }

    /** 240p to 1080p. */
    public static Ladder standard() {
        return new Ladder(Rung.STANDARD);
    }

    /** Only the source, passed through: almost no CPU. */
    public static Ladder passthrough() {
        return new Ladder(List.of(Rung.SOURCE));
    }

    public static Ladder of(String... names) {
        List<Rung> list = new ArrayList<>();
        for (String n : names) {
            list.add(Rung.named(n));
        }
        return new Ladder(list);
    }

    /** The rungs that fit a source {@code srcHeight} pixels tall; never empty (keeps the lowest). */
    public List<Rung> forSource(int srcHeight) {
        List<Rung> fit = rungs.stream().filter(r -> r.isSource() || r.height() <= srcHeight).toList();
        return fit.isEmpty() ? List.of(rungs.get(0)) : fit;
    }

    public boolean hasSource() {
        return rungs.stream().anyMatch(Rung::isSource);
    }

    /** Whether any rung needs decoding and encoding. */
    public boolean needsTranscode() {
        return rungs.stream().anyMatch(r -> !r.isSource());
    }
}
