package io.lectern.destination.tutorial.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;

import io.lectern.packager.hls.HlsPlaylists;

/**
 * Closes a recording that was being written when Lectern stopped without finishing it (a crash, a
 * power cut): its media playlists get {@code EXT-X-ENDLIST}, and its duration and size are read
 * back from the files. The segment that was in progress is lost; every listed one plays.
 */
final class Leftovers {

    private static final String ENDLIST = "#EXT-X-ENDLIST";

    /** What a closed leftover holds; {@code durationMillis} 0 when no segment was finished. */
    record Closed(long durationMillis, long bytes, FileTime lastWritten) {
    }

    private Leftovers() {
    }

    static Closed close(Path dir) throws IOException {
        long duration = 0;
        FileTime last = FileTime.fromMillis(0);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> lists = Files.newDirectoryStream(dir, "*" + HlsPlaylists.SUFFIX)) {
                for (Path list : lists) {
                    if (list.getFileName().toString().equals(Recorder.MASTER)) {
                        continue;
                    }
                    String text = Files.readString(list);
                    if (!text.contains(ENDLIST)) {
                        Folders.write(list, text + (text.endsWith("\n") ? "" : "\n") + ENDLIST + "\n");
                    }
                    long d = listed(text);
                    // Video and audio run side by side: the recording lasts as long as its longest track.
                    duration = Math.max(duration, d);
                }
            }
            try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
                for (Path f : all) {
                    FileTime t = Files.getLastModifiedTime(f);
                    last = t.compareTo(last) > 0 ? t : last;
                }
            }
        }
        return new Closed(duration, Folders.size(dir), last);
    }

    /** The sum of a media playlist's {@code EXTINF} durations, in milliseconds. */
    static long listed(String playlist) {
        double seconds = 0;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXTINF:")) {
                int comma = line.indexOf(',');
                String value = line.substring(8, comma < 0 ? line.length() : comma).trim();
                try {
                    seconds += Double.parseDouble(value.toLowerCase(Locale.ROOT));
                } catch (NumberFormatException e) {
                    // not ours; skip it
                }
            }
        }
        return Math.round(seconds * 1000);
    }
}
