-- Sessions: the system of record for studio sessions.
CREATE TABLE sessions (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Serves "newest first" and keyset paging on (created_at, id).
CREATE INDEX sessions_newest_first ON sessions (created_at DESC, id DESC);
