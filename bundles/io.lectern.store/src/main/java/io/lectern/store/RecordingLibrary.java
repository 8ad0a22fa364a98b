package io.lectern.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered by the bundle that writes recordings (the tutorial destination), which alone knows
 * where their files are. The REST API deletes through it, so files and row go together.
 */
@ConsumerType
public interface RecordingLibrary {

    /**
     * Deletes a recording's files and then its row; a recording still being written is stopped
     * first. False when there is no such recording.
     */
    boolean delete(String id);
}
