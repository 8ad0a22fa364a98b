package io.lectern.store.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * One rendition or destination of a stream with its last state. A destination the admin defined
 * has {@code settings} (JSON) and a {@code position}; a row made only by a state report has neither.
 */
@Entity
@Table(name = "lectern_stream_output")
public class StreamOutputEntity {

    static final String RENDITION = "rendition";
    static final String DESTINATION = "destination";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lectern_stream_output_seq")
    @SequenceGenerator(name = "lectern_stream_output_seq", sequenceName = "lectern_stream_output_seq", allocationSize = 50)
    Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "stream_id", nullable = false)
    StreamEntity stream;

    @Column(name = "kind", nullable = false, length = 16)
    String kind;

    @Column(name = "output_id", nullable = false, length = 64)
    String outputId;

    @Column(name = "position")
    Integer position;

    @Column(name = "settings")
    String settings;

    @Column(name = "state", nullable = false)
    String state;

    @Column(name = "updated", nullable = false)
    LocalDateTime updated;
}
