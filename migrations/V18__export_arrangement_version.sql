-- The arrangement version an export rendered (docs/media.md). NULL for exports
-- rendered before exports followed the arrangement.
ALTER TABLE exports ADD COLUMN arrangement_version bigint CHECK (arrangement_version >= 0);
