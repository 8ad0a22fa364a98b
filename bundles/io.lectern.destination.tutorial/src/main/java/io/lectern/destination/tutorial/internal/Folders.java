package io.lectern.destination.tutorial.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

import io.lectern.api.stream.StreamNames;
import io.lectern.store.Recording;

/** Where recordings live on disk: {@code <root>/<stream>/<id>/}, and the file chores around them. */
final class Folders {

    private Folders() {
    }

    /** The configured folder, else {@code recordings} in the data folder. */
    static Path root(TutorialConfig config, String dataProperty) {
        if (!config.folder().isBlank()) {
            return Paths.get(config.folder()).toAbsolutePath().normalize();
        }
        String data = dataProperty == null || dataProperty.isBlank() ? "lectern-data" : dataProperty;
        return Paths.get(data).toAbsolutePath().normalize().resolve("recordings");
    }

    /** A recording's folder; its stream name and id are checked, so the path stays under {@code root}. */
    static Path of(Path root, Recording r) {
        return of(root, r.stream(), r.id());
    }

    static Path of(Path root, String stream, String id) {
        StreamNames.require(stream);
        if (!Recording.isValidId(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a recording id");
        }
        return root.resolve(stream).resolve(id);
    }

    /** Writes a file aside and moves it in place, so readers see the old or the new text, never half. */
    static void write(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Total size of the files under {@code dir}; 0 if it is not there. */
    static long size(Path dir) throws IOException {
        AtomicLong total = new AtomicLong();
        if (Files.isDirectory(dir)) {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total.addAndGet(attrs.size());
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return total.get();
    }

    /** Deletes {@code dir} with everything in it (links are deleted, not followed); nothing if it is not there. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                try {
                    Files.delete(d);
                } catch (NoSuchFileException gone) {
                    // deleted at the same time: fine
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
