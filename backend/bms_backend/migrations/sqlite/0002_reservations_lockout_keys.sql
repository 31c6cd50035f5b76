-- Issue 12: pending payment orders reserve their amount and expire; lockouts expire; SMS rate
-- limit; terminal keys checked with a fast keyed hash and revocable. Keys issued before this
-- version were scrypt hashes: they are revoked and must be issued again (bms-backend issue-terminal).
ALTER TABLE terminals ADD COLUMN scheme TEXT NOT NULL DEFAULT 'scrypt';
ALTER TABLE terminals ADD COLUMN revoked_at TEXT;
UPDATE terminals SET revoked_at = created_at WHERE scheme = 'scrypt';
ALTER TABLE accounts ADD COLUMN locked_until REAL;
ALTER TABLE accounts ADD COLUMN sms_sent_at REAL;
UPDATE accounts SET locked_until = 1e12 WHERE locked = 1;
-- SQLite cannot add a CHECK to an existing table: creances is rebuilt with its invariants.
CREATE TABLE creances_new (
    reference TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, caisse TEXT NOT NULL,
    issued_on TEXT NOT NULL, initial INTEGER NOT NULL, remaining INTEGER NOT NULL,
    reserved INTEGER NOT NULL DEFAULT 0,
    CHECK (remaining >= 0), CHECK (reserved >= 0), CHECK (reserved <= remaining));
INSERT INTO creances_new (reference, assure_nir, caisse, issued_on, initial, remaining)
    SELECT reference, assure_nir, caisse, issued_on, initial, remaining FROM creances;
DROP TABLE creances;
ALTER TABLE creances_new RENAME TO creances;
CREATE INDEX creances_by_account ON creances (assure_nir);
ALTER TABLE payments ADD COLUMN expires_at REAL NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN reconciliation TEXT;
CREATE INDEX payments_pending ON payments (status, expires_at);
CREATE INDEX sessions_expiry ON sessions (expires);
CREATE INDEX persons_by_account ON persons (assure_nir);
-- at most one OC choice waiting per account, whatever the interleaving
CREATE UNIQUE INDEX oc_requests_one_pending ON oc_requests (assure_nir) WHERE processed_at IS NULL;
CREATE INDEX payments_by_account ON payments (assure_nir);
CREATE INDEX messages_by_account ON messages (assure_nir);
