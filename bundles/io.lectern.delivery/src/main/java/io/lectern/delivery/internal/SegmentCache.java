package io.lectern.delivery.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
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
 * byte budget. The bytes are kept outside the Java heap, where the socket writes them from without
 * copying them first.
 */
final class SegmentCache {

    private record Entry(Path path, Object fileKey, long modified, ByteBuffer content) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final Queue<Path> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long budget;

    SegmentCache(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /**
     * The content of {@code root/name} (read-only and shared: read it through a duplicate, as
     * {@link LiveMedia.File#content()} does), or null when {@link MediaFiles#find} finds no such file.
     */
    ByteBuffer get(Path root, String name) throws IOException {
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
        BasicFileAttributes read;
        ByteBuffer content;
        try (FileChannel in = FileChannel.open(real, StandardOpenOption.READ)) {
            read = Files.readAttributes(real, BasicFileAttributes.class);
            if (read.size() > Integer.MAX_VALUE) {
                throw new IOException(name + " is too large to send from memory");
            }
            boolean keep = read.size() <= budget / 8;
            content = keep ? ByteBuffer.allocateDirect((int) read.size()) : ByteBuffer.allocate((int) read.size());
            while (content.hasRemaining() && in.read(content) >= 0) {
                // until full or the file ends
            }
            if (keep && !content.hasRemaining() && in.read(ByteBuffer.allocate(1)) < 0) {
                ByteBuffer kept = content.flip().asReadOnlyBuffer();
                put(new Entry(path, read.fileKey(), read.lastModifiedTime().toMillis(), kept));
                return kept;
            }
        } catch (NoSuchFileException gone) {
            return null;
        }
        return content.flip().asReadOnlyBuffer();
    }

    private static boolean same(Entry e, BasicFileAttributes a) {
        return Objects.equals(e.fileKey, a.fileKey()) && e.modified == a.lastModifiedTime().toMillis() && e.content.capacity() == a.size();
    }

    private void put(Entry e) {
        Entry old = entries.put(e.path, e);
        if (old != null) {
            bytes.addAndGet(-old.content.capacity());
        } else {
            order.add(e.path);
        }
        bytes.addAndGet(e.content.capacity());
        while (bytes.get() > budget) {
            Path oldest = order.poll();
            if (oldest == null) {
                break;
            }
            Entry gone = entries.remove(oldest);
            if (gone != null) {
                bytes.addAndGet(-gone.content.capacity());
            }
        }
    }

    void clear() {
        entries.clear();
        order.clear();
        bytes.set(0);
    }
}
