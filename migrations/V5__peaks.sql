-- Waveform peaks of an upload's audio and of an export's mix, computed once when the
-- audio is stored: { framesPerBucket, channels: [[min, max, ...], ...] }, at most 200
-- pairs for each of at most 2 channels (see docs/media.md). NULL while an upload is
-- pending, and for media stored before peaks were kept.
ALTER TABLE uploads ADD COLUMN peaks jsonb;
ALTER TABLE exports ADD COLUMN peaks jsonb;
