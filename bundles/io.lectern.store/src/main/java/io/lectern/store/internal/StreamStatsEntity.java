package io.lectern.store.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One statistics sample; the migration creates the (stream, sampled_at) index. */
@Entity
@Table(name = "lectern_stream_stats", indexes = @Index(name = "lectern_stream_stats_stream_at", columnList = "stream, sampled_at"))
public class StreamStatsEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lectern_stream_stats_seq")
    @SequenceGenerator(name = "lectern_stream_stats_seq", sequenceName = "lectern_stream_stats_seq", allocationSize = 50)
    Long id;

    @Column(name = "stream", nullable = false, length = 64)
    String stream;

    @Column(name = "sampled_at", nullable = false)
    LocalDateTime at;

    @Column(name = "viewers", nullable = false)
    int viewers;

    @Column(name = "ingest_bitrate", nullable = false)
    long ingestBitrate;

    @Column(name = "fps", nullable = false)
    double fps;

    @Column(name = "dropped_frames", nullable = false)
    long droppedFrames;

    @Column(name = "encoder_speed", nullable = false)
    double encoderSpeed;

    /** Destination id to state text, JSON. */
    @Column(name = "destinations", nullable = false)
    String destinations;
}
