-- The arrangement's history (docs/arrangement.md#history): every version's whole
-- document, named snapshots, and sessions forked from a version of another session
-- that share its audio objects.

-- Each version's document as it was when the version was made, written in the same
-- transaction as the version by every writer (the edit path and the trigger below both
-- call arrangement_document). NULL only for versions older than this migration (their
-- documents could not be rebuilt from the tables).
ALTER TABLE arrangement_changes ADD COLUMN document jsonb;
-- A name a member gave the version (a snapshot); NULL for most versions.
ALTER TABLE arrangement_changes ADD COLUMN snapshot text
    CHECK (snapshot IS NULL OR char_length(snapshot) BETWEEN 1 AND 80);

CREATE INDEX arrangement_changes_snapshots ON arrangement_changes (session_id, version)
    WHERE snapshot IS NOT NULL;

-- The session's arrangement as it is in the tables, as one JSON document: the shape the
-- Postgres adapter reads back (`arrangement_history.rs`). A clip's `sourceLength` is kept
-- in the document, so an old version still answers it after its upload was deleted.
CREATE FUNCTION arrangement_document(session uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'version', a.version,
        'tempo', a.tempo_bpm,
        'beatsPerBar', a.beats_per_bar,
        'beatUnit', a.beat_unit,
        'masterGainDb', a.master_gain_db,
        'tempoChangedIn', a.tempo_changed_in,
        'signatureChangedIn', a.signature_changed_in,
        'masterChangedIn', a.master_changed_in,
        'tracks', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'id', t.id, 'name', t.name, 'gainDb', t.gain_db, 'pan', t.pan,
                'muted', t.muted, 'solo', t.solo, 'changedIn', t.changed_in,
                'clips', coalesce((
                    SELECT jsonb_agg(jsonb_build_object(
                        'id', c.id, 'uploadId', c.upload_id, 'start', c.start_sample,
                        'trimStart', c.trim_start, 'trimEnd', c.trim_end, 'gainDb', c.gain_db,
                        'fadeIn', c.fade_in, 'fadeOut', c.fade_out,
                        'sourceLength', round(u.duration_seconds * 48000)::bigint,
                        'changedIn', c.changed_in) ORDER BY c.start_sample, c.id)
                    FROM arrangement_clips c LEFT JOIN uploads u ON u.id = c.upload_id
                    WHERE c.track_id = t.id), '[]'::jsonb)) ORDER BY t.position, t.id)
            FROM arrangement_tracks t WHERE t.session_id = a.session_id), '[]'::jsonb))
    FROM arrangements a WHERE a.session_id = session
$$;

-- As in V6, and the version's document is kept with it. A fork inserts its uploads with
-- `studio.forking` set for its transaction: they arrive as the source version's
-- tracks, not as new ones.
CREATE OR REPLACE FUNCTION arrange_upload(upload_id uuid, session uuid, filename text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
    track uuid := gen_random_uuid();
    clip uuid := gen_random_uuid();
    next_position integer;
    name text := left(filename, 80);
BEGIN
    IF current_setting('studio.forking', true) = 'on' THEN
        RETURN;
    END IF;
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
    INSERT INTO arrangement_changes (session_id, version, operations, document) VALUES (session, v,
        jsonb_build_array(
            jsonb_build_object('op', 'addTrack', 'trackId', track, 'name', name),
            jsonb_build_object('op', 'addClip', 'clipId', clip, 'trackId', track, 'uploadId', upload_id, 'start', 0)),
        arrangement_document(session));
END $$;

-- Existing arrangements: the current document is the latest version's.
UPDATE arrangement_changes c SET document = arrangement_document(c.session_id)
    FROM arrangements a WHERE a.session_id = c.session_id AND a.version = c.version;

-- A fork's uploads name the same objects as its source's: an object key is no longer
-- one row's. An object is deleted only when no upload row names it any more (the
-- upload delete path and the sweep check, by this index).
ALTER TABLE uploads DROP CONSTRAINT uploads_object_key_key;
CREATE INDEX uploads_by_object_key ON uploads (object_key);

-- Where a fork came from: the session and version it started from. No foreign key: the
-- credit stays when the source session is deleted.
ALTER TABLE sessions ADD COLUMN forked_from_session uuid;
ALTER TABLE sessions ADD COLUMN forked_from_version bigint CHECK (forked_from_version >= 0);
