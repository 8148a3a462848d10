-- Exports say which tracks they left out (a missing or undecodable object), as a JSON
-- array of { uploadId, filename, reason }.
ALTER TABLE exports ADD COLUMN skipped_tracks text NOT NULL DEFAULT '[]';

-- Serves the sweep: pending uploads and uploads without a session, oldest first.
CREATE INDEX uploads_to_sweep ON uploads (created_at) WHERE status = 'pending' OR session_id IS NULL;
-- Serves the sweep of exports whose objects the bucket has expired.
CREATE INDEX exports_oldest_first ON exports (created_at);

-- The first answer to a request sent with an Idempotency-Key header, kept for a day so
-- a retry gets it again instead of doing the work twice. `status` is null while the
-- first request is still being answered.
CREATE TABLE idempotency_keys (
    route        text        NOT NULL,
    key          text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    fingerprint  text        NOT NULL,
    status       smallint,
    body         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (route, key)
);

CREATE INDEX idempotency_keys_oldest_first ON idempotency_keys (created_at);
