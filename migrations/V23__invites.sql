-- Invites as records the host controls (docs/access.md#invites): each invite token
-- names its row by id (`jti`), so the host can list and revoke it and the join can
-- bound it. `max_members` is how many members the invite may admit (default 50,
-- ceiling 250, checked by the studio); `admitted` counts them and `window_started_at`
-- / `window_joins` count the admissions of the current minute, both updated in the
-- join's transaction under the row's lock, so concurrent joins cannot overshoot.
CREATE TABLE invites (
    id                 uuid        PRIMARY KEY,
    session_id         uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    role               text        NOT NULL,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz NOT NULL,
    revoked_at         timestamptz,
    max_members        integer     NOT NULL,
    admitted           integer     NOT NULL DEFAULT 0,
    window_started_at  timestamptz NOT NULL DEFAULT now(),
    window_joins       integer     NOT NULL DEFAULT 0
);

-- Serves the host's list of its session's invites.
CREATE INDEX invites_by_session ON invites (session_id, created_at);

-- A locked room admits no one new through an invite; members already in keep renewing.
ALTER TABLE sessions ADD COLUMN locked boolean NOT NULL DEFAULT false;
