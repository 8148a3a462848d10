-- The members of a session, as the studio admitted them: the host when it created the
-- session, each guest when it joined with an invite, renamed when it renews its token.
-- The join refuses a guest the host's display name (case-insensitively), so nobody
-- speaks as the host. `invite_id` (the invite a guest came through) and `removed_at`
-- (kick and bans) are for the per-invite caps and the roles work built on this table;
-- `role` is free text so that performer/listener roles can be added without a migration.
CREATE TABLE session_members (
    session_id    uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    member_id     text        NOT NULL,
    display_name  text        NOT NULL,
    invite_id     text,
    role          text        NOT NULL,
    removed_at    timestamptz,
    joined_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, member_id)
);

-- Serves "the host of a session" on every join.
CREATE INDEX session_members_by_role ON session_members (session_id, role);
