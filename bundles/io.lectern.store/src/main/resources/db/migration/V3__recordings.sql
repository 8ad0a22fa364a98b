-- Recordings kept by the tutorial destination. The files live in the data folder
-- (recordings/<stream>/<id>/); this table holds what the lists and the pruner need.
-- No foreign key to lectern_stream: a recording outlives its stream until it is pruned or deleted.

CREATE TABLE lectern_recording (
    id VARCHAR(32) NOT NULL PRIMARY KEY,
    stream VARCHAR(64) NOT NULL,
    title VARCHAR(200) NOT NULL,
    started TIMESTAMP NOT NULL,
    ended TIMESTAMP,
    duration_ms BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    state VARCHAR(16) NOT NULL,
    keep_days INTEGER NOT NULL
);

CREATE INDEX lectern_recording_stream ON lectern_recording (stream, started);
CREATE INDEX lectern_recording_started ON lectern_recording (started);
