-- Exports: WAV mixes rendered from a session's audio uploads.
CREATE TABLE exports (
    id           uuid        PRIMARY KEY,
    session_id   uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    object_key   text        NOT NULL UNIQUE,
    size_bytes   bigint      NOT NULL CHECK (size_bytes >= 0),
    sample_rate  integer     NOT NULL CHECK (sample_rate > 0),
    channels     smallint    NOT NULL CHECK (channels > 0),
    frames       bigint      NOT NULL CHECK (frames >= 0),
    track_count  integer     NOT NULL CHECK (track_count >= 0),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX exports_by_session ON exports (session_id, created_at DESC);
