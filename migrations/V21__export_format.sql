-- The file format an export was written as: wav16, wav24 or wav32f (docs/media.md).
-- NULL for exports rendered before formats (they are wav16).
ALTER TABLE exports ADD COLUMN format text CHECK (format IN ('wav16', 'wav24', 'wav32f'));
