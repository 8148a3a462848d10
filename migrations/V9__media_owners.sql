-- Who made an upload or an export: the member id from the member token's context (in
-- invite mode). Deletes are allowed to the owner and the session's host only. NULL for
-- media made in open mode, and for media recorded before owners were kept (the host
-- alone may delete those).
ALTER TABLE uploads ADD COLUMN owner_id text;
ALTER TABLE exports ADD COLUMN owner_id text;
