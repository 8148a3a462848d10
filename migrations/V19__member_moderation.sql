-- Moderation of a session's members: a host removes a member (`removed_at`, from V16)
-- and may ban it (`banned`). A removed member's renewals are refused, and its tokens
-- by the revocation record the authorizers read (DynamoDB, see docs/access.md).
ALTER TABLE session_members ADD COLUMN banned boolean NOT NULL DEFAULT false;
