package io.lectern.api.media;

/** What a track carries. */
public enum MediaKind {
    VIDEO, AUDIO, DATA
}
