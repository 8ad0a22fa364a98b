package io.lectern.store.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One recording; the id is random, so no sequence is needed. */
@Entity
@Table(name = "lectern_recording")
public class RecordingEntity {

    @Id
    @Column(name = "id", length = 32)
    String id;

    @Column(name = "stream", nullable = false, length = 64)
    String stream;

    @Column(name = "title", nullable = false, length = 200)
    String title;

    @Column(name = "started", nullable = false)
    LocalDateTime started;

    @Column(name = "ended")
    LocalDateTime ended;

    @Column(name = "duration_ms", nullable = false)
    long durationMillis;

    @Column(name = "bytes", nullable = false)
    long bytes;

    @Column(name = "state", nullable = false, length = 16)
    String state;

    @Column(name = "keep_days", nullable = false)
    int keepDays;
}
