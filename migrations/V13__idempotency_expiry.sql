-- Idempotency keys are kept as `sha256:<hex>` of route, member and key, and their
-- answers sealed under the key (see shared/src/idempotency_seal.rs). An answer is
-- forgotten at `expires_at`: a day after it was kept, or sooner when it carries a token
-- or presigned URL that expires sooner. Rows kept before this migration (in clear)
-- are dropped: a retry of one of them does the work again.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN expires_at timestamptz;
