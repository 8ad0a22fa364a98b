package io.lectern.delivery.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.lectern.delivery.MediaFiles;

/**
 * The newest media files of the live streams in memory. Every viewer asks for the same few
 * segments within seconds, so each is read and checked ({@link MediaFiles#find}) once; after that a
 * request costs one {@code stat} of the name, which must still be the very file that was read
 * (same inode, time and size: the segmenter replaces files by renaming, so a rewritten
 * {@code init.mp4} or a new stream that reuses a name is read again). Oldest out first, within a
 * byte budget.
 */
final class SegmentCache {

    private record Entry(Path path, Object fileKey, long modified, byte[] content) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final Queue<Path> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long budget;

    SegmentCache(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /** The content of {@code root/name}, or null when {@link MediaFiles#find} finds no such file. */
    byte[] get(Path root, String name) throws IOException {
        Path path = root.resolve(name);
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        Entry e = entries.get(path);
        if (e != null && same(e, now)) {
            return e.content;
        }
        Path real = MediaFiles.find(root, name);
        if (real == null) {
            return null;
        }
        byte[] content;
        BasicFileAttributes read;
        try {
            read = Files.readAttributes(real, BasicFileAttributes.class);
            content = Files.readAllBytes(real);
        } catch (NoSuchFileException gone) {
            return null;
        }
        if (content.length == read.size() && content.length <= budget / 8) {
            put(new Entry(path, read.fileKey(), read.lastModifiedTime().toMillis(), content));
        }
        return content;
    }

    private static boolean same(Entry e, BasicFileAttributes a) {
        return Objects.equals(e.fileKey, a.fileKey()) && e.modified == a.lastModifiedTime().toMillis() && e.content.length == a.size();
    }

    private void put(Entry e) {
        Entry old = entries.put(e.path, e);
        if (old != null) {
            bytes.addAndGet(-old.content.length);
        } else {
            order.add(e.path);
        }
        bytes.addAndGet(e.content.length);
        while (bytes.get() > budget) {
            Path oldest = order.poll();
            if (oldest == null) {
                break;
            }
            Entry gone = entries.remove(oldest);
            if (gone != null) {
                bytes.addAndGet(-gone.content.length);
            }
        }
    }

    void clear() {
        entries.clear();
        order.clear();
        bytes.set(0);
    }
}
