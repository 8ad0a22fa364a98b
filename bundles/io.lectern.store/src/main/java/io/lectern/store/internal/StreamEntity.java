package io.lectern.store.internal;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A stream's settings. Lists and maps are JSON text (see {@link Json}); times are UTC. The key is
 * kept only as its SHA-256 hash.
 */
@Entity
@Table(name = "lectern_stream")
public class StreamEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lectern_stream_seq")
    @SequenceGenerator(name = "lectern_stream_seq", sequenceName = "lectern_stream_seq", allocationSize = 50)
    Long id;

    @Column(name = "name", nullable = false, unique = true, length = 64)
    String name;

    @Column(name = "title", nullable = false)
    String title;

    @Column(name = "description", nullable = false)
    String description;

    @Column(name = "ingest", nullable = false)
    String ingest;

    @Column(name = "key_hash", nullable = false, unique = true, length = 64)
    String keyHash;

    @Column(name = "key_hint", nullable = false, length = 4)
    String keyHint;

    @Column(name = "latency_mode", nullable = false)
    String latencyMode;

    @Column(name = "profile", nullable = false)
    String profile;

    @Column(name = "ladder", nullable = false)
    String ladder;

    @Column(name = "encoders", nullable = false)
    String encoders;

    @Column(name = "packagers", nullable = false)
    String packagers;

    @Column(name = "settings", nullable = false)
    String settings;

    @Column(name = "enabled", nullable = false)
    boolean enabled;

    @Column(name = "created", nullable = false)
    LocalDateTime created;

    @Column(name = "updated", nullable = false)
    LocalDateTime updated;

    /** Optimistic locking: two admins saving at once cannot silently overwrite each other. */
    @Version
    @Column(name = "version", nullable = false)
    long version;

    @OneToMany(mappedBy = "stream", cascade = CascadeType.ALL, orphanRemoval = true)
    List<StreamOutputEntity> outputs = new ArrayList<>();
}
