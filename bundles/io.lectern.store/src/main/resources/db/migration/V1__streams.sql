-- Streams, their outputs (renditions and destinations) and their statistics.
-- Ids come from sequences: EclipseLink allocates 50 at a time, so INCREMENT BY must match and
-- START WITH must be at least 50 (it checks the first value against the allocation size).

CREATE SEQUENCE lectern_stream_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE lectern_stream_output_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE lectern_stream_stats_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE lectern_stream (
    id BIGINT NOT NULL PRIMARY KEY,
    name VARCHAR(64) NOT NULL,
    title VARCHAR(200) NOT NULL,
    description VARCHAR(4000) NOT NULL,
    ingest VARCHAR(64) NOT NULL,
    key_hash CHAR(64) NOT NULL,
    key_hint VARCHAR(4) NOT NULL,
    latency_mode VARCHAR(32) NOT NULL,
    profile VARCHAR(2000) NOT NULL,
    ladder VARCHAR(4000) NOT NULL,
    encoders VARCHAR(1000) NOT NULL,
    packagers VARCHAR(1000) NOT NULL,
    settings VARCHAR(100000) NOT NULL,
    enabled BOOLEAN NOT NULL,
    created TIMESTAMP NOT NULL,
    updated TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    CONSTRAINT lectern_stream_name_uq UNIQUE (name),
    CONSTRAINT lectern_stream_key_uq UNIQUE (key_hash)
);

CREATE TABLE lectern_stream_output (
    id BIGINT NOT NULL PRIMARY KEY,
    stream_id BIGINT NOT NULL,
    kind VARCHAR(16) NOT NULL,
    output_id VARCHAR(64) NOT NULL,
    position INTEGER,
    settings VARCHAR(100000),
    state VARCHAR(1000) NOT NULL,
    updated TIMESTAMP NOT NULL,
    CONSTRAINT lectern_stream_output_stream_fk FOREIGN KEY (stream_id) REFERENCES lectern_stream (id) ON DELETE CASCADE,
    CONSTRAINT lectern_stream_output_uq UNIQUE (stream_id, kind, output_id)
);

-- Keyed by stream name, not id: samples are written often and need no join.
CREATE TABLE lectern_stream_stats (
    id BIGINT NOT NULL PRIMARY KEY,
    stream VARCHAR(64) NOT NULL,
    sampled_at TIMESTAMP NOT NULL,
    viewers INTEGER NOT NULL,
    ingest_bitrate BIGINT NOT NULL,
    fps DOUBLE PRECISION NOT NULL,
    dropped_frames BIGINT NOT NULL,
    encoder_speed DOUBLE PRECISION NOT NULL,
    destinations VARCHAR(100000) NOT NULL
);

CREATE INDEX lectern_stream_stats_stream_at ON lectern_stream_stats (stream, sampled_at);
CREATE INDEX lectern_stream_stats_sampled_at ON lectern_stream_stats (sampled_at);
