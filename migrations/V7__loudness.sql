-- EBU R128 loudness of an upload's audio and of an export's mix, measured in the same
-- pass as the peaks: { integratedLufs, loudnessRangeLu, maxShortTermLufs, truePeakDbtp }
-- (levels of silence are null; see docs/media.md). NULL while an upload is pending, and
-- for media stored before loudness was kept.
ALTER TABLE uploads ADD COLUMN loudness jsonb;
ALTER TABLE exports ADD COLUMN loudness jsonb;
