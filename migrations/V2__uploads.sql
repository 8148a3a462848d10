-- Uploads: one row per file a client sent (or was given a presigned PUT for).
-- A pending row has no bytes yet; a ready one has its checksum and audio metadata.
CREATE TABLE uploads (
    id                uuid        PRIMARY KEY,
    session_id        uuid        REFERENCES sessions (id) ON DELETE CASCADE,
    object_key        text        NOT NULL UNIQUE,
    filename          text        NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 255),
    content_type      text        NOT NULL,
    size_bytes        bigint      NOT NULL CHECK (size_bytes >= 0),
    status            text        NOT NULL CHECK (status IN ('pending', 'ready')),
    checksum          text,
    audio_format      text        CHECK (audio_format IN ('wav', 'flac', 'ogg')),
    sample_rate       integer     CHECK (sample_rate > 0),
    channels          smallint    CHECK (channels > 0),
    duration_seconds  double precision,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- Serves "the audio uploads of a session, oldest first" (the tracks of an export).
CREATE INDEX uploads_by_session ON uploads (session_id, created_at, id);
