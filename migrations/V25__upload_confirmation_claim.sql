-- One confirmation per pending upload: the request that reads, hashes and decodes a
-- pending upload's object first claims it until `confirming_until`; concurrent reads
-- of the same upload see it pending instead of each downloading it again. A claim
-- whose holder died (a function timed out) lapses at that time.
ALTER TABLE uploads ADD COLUMN confirming_until timestamptz;
