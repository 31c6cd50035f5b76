-- The whole schema of the reference backend on PostgreSQL (the SQLite history's 0001 + 0002).
-- Amounts in cents; times as POSIX seconds (double precision) or ISO text as on SQLite.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE terminals (
    id TEXT PRIMARY KEY, salt BYTEA NOT NULL, hash BYTEA NOT NULL, created_at TEXT NOT NULL,
    scheme TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE accounts (
    assure_nir TEXT PRIMARY KEY, code_salt BYTEA NOT NULL, code_hash BYTEA NOT NULL,
    mobile TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0,
    sms_hash BYTEA, sms_expires DOUBLE PRECISION, code_regime TEXT NOT NULL, caisse_code TEXT NOT NULL,
    caisse_name TEXT NOT NULL, address_known INTEGER NOT NULL, partner_regime INTEGER NOT NULL DEFAULT 0,
    locked_until DOUBLE PRECISION, sms_sent_at DOUBLE PRECISION,
    CHECK (failures >= 0));
-- rowid: the order of insertion, as SQLite's implicit rowid (the order of the people on the card)
CREATE TABLE persons (
    nir TEXT PRIMARY KEY, assure_nir TEXT NOT NULL REFERENCES accounts, nom TEXT NOT NULL, prenom TEXT NOT NULL,
    naissance TEXT NOT NULL, rang INTEGER NOT NULL, qualite TEXT NOT NULL,
    rights_from TEXT, rights_to TEXT, medecin TEXT NOT NULL, exo INTEGER NOT NULL,
    exo_label TEXT NOT NULL, css INTEGER NOT NULL, status TEXT NOT NULL, rowid BIGSERIAL NOT NULL);
CREATE INDEX persons_by_account ON persons (assure_nir);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, card_nirs TEXT NOT NULL,
    terminal_id TEXT NOT NULL, expires DOUBLE PRECISION NOT NULL);
CREATE INDEX sessions_expiry ON sessions (expires);
CREATE TABLE sms_outbox (
    id BIGSERIAL PRIMARY KEY, assure_nir TEXT NOT NULL, mobile TEXT NOT NULL,
    code TEXT NOT NULL, sent_at TEXT NOT NULL);
CREATE TABLE creances (
    reference TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, caisse TEXT NOT NULL,
    issued_on TEXT NOT NULL, initial INTEGER NOT NULL, remaining INTEGER NOT NULL,
    reserved INTEGER NOT NULL DEFAULT 0,
    CHECK (remaining >= 0), CHECK (reserved >= 0), CHECK (reserved <= remaining));
CREATE INDEX creances_by_account ON creances (assure_nir);
CREATE TABLE payments (
    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, request_hash TEXT NOT NULL,
    terminal_id TEXT NOT NULL, assure_nir TEXT NOT NULL, reference TEXT NOT NULL,
    lines TEXT NOT NULL, amount INTEGER NOT NULL, spread TEXT NOT NULL, status TEXT NOT NULL,
    transaction_ref TEXT NOT NULL, merchant_id TEXT NOT NULL, authorisation TEXT NOT NULL DEFAULT '',
    masked_card TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, result_at TEXT,
    expires_at DOUBLE PRECISION NOT NULL DEFAULT 0, reconciliation TEXT,
    CHECK (status IN ('pending', 'accepted', 'failed', 'expired')), CHECK (amount > 0));
CREATE INDEX payments_pending ON payments (status, expires_at);
CREATE INDEX payments_by_account ON payments (assure_nir);
CREATE TABLE messages (
    id BIGSERIAL PRIMARY KEY, assure_nir TEXT NOT NULL, kind TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE INDEX messages_by_account ON messages (assure_nir);
CREATE TABLE oc_overlaps (
    assure_nir TEXT NOT NULL, beneficiary_nir TEXT NOT NULL, ocs TEXT NOT NULL,
    PRIMARY KEY (assure_nir, beneficiary_nir));
CREATE TABLE oc_requests (
    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, request_hash TEXT NOT NULL,
    assure_nir TEXT NOT NULL, choices TEXT NOT NULL, requested_at TEXT NOT NULL, processed_at TEXT);
CREATE UNIQUE INDEX oc_requests_one_pending ON oc_requests (assure_nir) WHERE processed_at IS NULL;
CREATE TABLE ij (
    assure_nir TEXT PRIMARY KEY, periods TEXT NOT NULL);
CREATE TABLE releves (
    assure_nir TEXT PRIMARY KEY, year INTEGER NOT NULL, published_on TEXT NOT NULL,
    total_imposable INTEGER NOT NULL);
