-- The arrangement: each session's song as a versioned document (docs/arrangement.md).
-- Times are integer samples at the render rate (48 kHz). The CHECKs repeat the limits
-- `studio::arrangement` enforces (with clear 4xx codes) so no writer can store worse.

-- A clip names an upload of its own session: (id, session_id) is what it references.
ALTER TABLE uploads ADD CONSTRAINT uploads_id_session UNIQUE (id, session_id);

-- One row per arranged session: the session-wide fields and the current version.
-- Editors lock this row (SELECT ... FOR UPDATE) so versions are handed out one at a time.
CREATE TABLE arrangements (
    session_id      uuid             PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    version         bigint           NOT NULL DEFAULT 0 CHECK (version >= 0),
    tempo_bpm       double precision NOT NULL DEFAULT 120 CHECK (tempo_bpm BETWEEN 20 AND 400),
    beats_per_bar   smallint         NOT NULL DEFAULT 4 CHECK (beats_per_bar BETWEEN 1 AND 32),
    beat_unit       smallint         NOT NULL DEFAULT 4 CHECK (beat_unit IN (1, 2, 4, 8, 16, 32)),
    master_gain_db  double precision NOT NULL DEFAULT 0 CHECK (master_gain_db BETWEEN -60 AND 12),
    -- The version that last changed each session-wide field (the rebase rule's per-field check).
    tempo_changed_in      bigint NOT NULL DEFAULT 0,
    signature_changed_in  bigint NOT NULL DEFAULT 0,
    master_changed_in     bigint NOT NULL DEFAULT 0,
    updated_at      timestamptz      NOT NULL DEFAULT now()
);

CREATE TABLE arrangement_tracks (
    id          uuid             PRIMARY KEY,
    session_id  uuid             NOT NULL REFERENCES arrangements (session_id) ON DELETE CASCADE,
    name        text             NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    position    integer          NOT NULL CHECK (position >= 0),
    gain_db     double precision NOT NULL DEFAULT 0 CHECK (gain_db BETWEEN -60 AND 12),
    pan         double precision NOT NULL DEFAULT 0 CHECK (pan BETWEEN -1 AND 1),
    muted       boolean          NOT NULL DEFAULT false,
    solo        boolean          NOT NULL DEFAULT false,
    -- The version that last changed this track.
    changed_in  bigint           NOT NULL,
    UNIQUE (id, session_id)
);

CREATE INDEX arrangement_tracks_in_order ON arrangement_tracks (session_id, position, id);

CREATE TABLE arrangement_clips (
    id            uuid             PRIMARY KEY,
    session_id    uuid             NOT NULL,
    track_id      uuid             NOT NULL,
    upload_id     uuid             NOT NULL,
    start_sample  bigint           NOT NULL CHECK (start_sample BETWEEN 0 AND 57600000),
    trim_start    bigint           NOT NULL DEFAULT 0 CHECK (trim_start >= 0),
    -- NULL: to the end of the upload.
    trim_end      bigint           CHECK (trim_end IS NULL OR trim_end > trim_start),
    gain_db       double precision NOT NULL DEFAULT 0 CHECK (gain_db BETWEEN -60 AND 12),
    fade_in       bigint           NOT NULL DEFAULT 0 CHECK (fade_in >= 0),
    fade_out      bigint           NOT NULL DEFAULT 0 CHECK (fade_out >= 0),
    changed_in    bigint           NOT NULL,
    FOREIGN KEY (track_id, session_id) REFERENCES arrangement_tracks (id, session_id) ON DELETE CASCADE,
    -- Deleting an upload takes its clips with it (the track stays).
    FOREIGN KEY (upload_id, session_id) REFERENCES uploads (id, session_id) ON DELETE CASCADE
);

CREATE INDEX arrangement_clips_by_track ON arrangement_clips (track_id, start_sample, id);
CREATE INDEX arrangement_clips_by_upload ON arrangement_clips (upload_id);

-- Every version's operations and who made them (NULL author: the studio itself, e.g. an
-- upload arriving as a track).
CREATE TABLE arrangement_changes (
    session_id   uuid        NOT NULL REFERENCES arrangements (session_id) ON DELETE CASCADE,
    version      bigint      NOT NULL CHECK (version > 0),
    author_id    text,
    author_name  text,
    operations   jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, version)
);

-- A ready upload of a session arrives as a new last track with one clip at 0, as a new
-- version, unless the session already has 64 tracks (then it is only in the upload list).
CREATE FUNCTION arrange_upload(upload_id uuid, session uuid, filename text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
    track uuid := gen_random_uuid();
    clip uuid := gen_random_uuid();
    next_position integer;
    name text := left(filename, 80);
BEGIN
    INSERT INTO arrangements (session_id) VALUES (session) ON CONFLICT DO NOTHING;
    PERFORM 1 FROM arrangements WHERE session_id = session FOR UPDATE;
    IF (SELECT count(*) FROM arrangement_tracks WHERE session_id = session) >= 64 THEN
        RETURN;
    END IF;
    UPDATE arrangements SET version = version + 1, updated_at = now()
        WHERE session_id = session RETURNING version INTO v;
    SELECT coalesce(max(position) + 1, 0) INTO next_position FROM arrangement_tracks WHERE session_id = session;
    INSERT INTO arrangement_tracks (id, session_id, name, position, changed_in)
        VALUES (track, session, name, next_position, v);
    INSERT INTO arrangement_clips (id, session_id, track_id, upload_id, start_sample, changed_in)
        VALUES (clip, session, track, upload_id, 0, v);
    INSERT INTO arrangement_changes (session_id, version, operations) VALUES (session, v, jsonb_build_array(
        jsonb_build_object('op', 'addTrack', 'trackId', track, 'name', name),
        jsonb_build_object('op', 'addClip', 'clipId', clip, 'trackId', track, 'uploadId', upload_id, 'start', 0)));
END $$;

-- Fires in the same transaction as the write that made the upload ready (a multipart
-- insert, or the confirmation of a presigned PUT), so every path arrives once.
CREATE FUNCTION uploads_arrive_as_tracks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'ready' AND NEW.session_id IS NOT NULL AND NEW.audio_format IS NOT NULL
       AND (TG_OP = 'INSERT' OR OLD.status <> 'ready') THEN
        PERFORM arrange_upload(NEW.id, NEW.session_id, NEW.filename);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER uploads_arrive_as_tracks AFTER INSERT OR UPDATE OF status ON uploads
    FOR EACH ROW EXECUTE FUNCTION uploads_arrive_as_tracks();

-- Sessions uploaded to before the arrangement existed get their tracks, oldest first.
DO $$
DECLARE u record;
BEGIN
    FOR u IN SELECT id, session_id, filename FROM uploads
             WHERE status = 'ready' AND session_id IS NOT NULL AND audio_format IS NOT NULL
             ORDER BY created_at, id LOOP
        PERFORM arrange_upload(u.id, u.session_id, u.filename);
    END LOOP;
END $$;
