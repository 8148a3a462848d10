-- Comments pinned to a time in the song (docs/arrangement.md#comments). `at_sample` is
-- the timeline position when made (samples at 48 kHz); a comment on a clip also keeps its
-- offset from the clip's start, so readers place it on the clip wherever the clip is.
-- Track and clip ids are not foreign keys: a comment outlives its clip (it then shows at
-- its stored time). The CHECKs repeat the limits `studio::comments` enforces.
CREATE TABLE comments (
    id                uuid        PRIMARY KEY,
    session_id        uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    -- The comment's place among its session's comments, from 1 (paging).
    seq               bigint      NOT NULL CHECK (seq > 0),
    -- The thread's first comment, for a reply (one level).
    reply_to          uuid        REFERENCES comments (id) ON DELETE CASCADE,
    author_id         text,
    author_name       text,
    body              text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    at_sample         bigint      NOT NULL CHECK (at_sample BETWEEN 0 AND 57600000),
    track_id          uuid,
    clip_id           uuid,
    clip_offset       bigint,
    -- The arrangement version current when the comment was made.
    version           bigint      NOT NULL CHECK (version >= 0),
    resolved_at       timestamptz,
    resolved_by_id    text,
    resolved_by_name  text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session_id, seq),
    CHECK ((clip_id IS NULL) = (clip_offset IS NULL))
);

-- The per-member quota counts a member's comments in a session.
CREATE INDEX comments_by_author ON comments (session_id, author_id);
