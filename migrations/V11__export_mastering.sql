-- What mastering applied to an export: { target, targetLufs, ceilingDbtp, gainDb,
-- limiterMaxReductionDb, integratedLufsBefore } (see docs/media.md). NULL for exports
-- rendered before mastering.
ALTER TABLE exports ADD COLUMN mastering jsonb;
