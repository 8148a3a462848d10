-- Exports in FLAC (flac16, flac24) besides WAV, at 44.1 or 48 kHz (docs/media.md).
-- The rate is the V3 sample_rate column; every export so far was 48 kHz.
ALTER TABLE exports DROP CONSTRAINT IF EXISTS exports_format_check;
ALTER TABLE exports ADD CONSTRAINT exports_format_check
    CHECK (format IN ('wav16', 'wav24', 'wav32f', 'flac16', 'flac24'));
ALTER TABLE exports ADD CONSTRAINT exports_sample_rate_delivered
    CHECK (sample_rate IN (44100, 48000)) NOT VALID;
