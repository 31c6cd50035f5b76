-- The schema of the first reference backend (before versioned migrations).
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE terminals (
    id TEXT PRIMARY KEY, salt BLOB NOT NULL, hash BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE accounts (
    assure_nir TEXT PRIMARY KEY, code_salt BLOB NOT NULL, code_hash BLOB NOT NULL,
    mobile TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0,
    sms_hash BLOB, sms_expires REAL, code_regime TEXT NOT NULL, caisse_code TEXT NOT NULL,
    caisse_name TEXT NOT NULL, address_known INTEGER NOT NULL, partner_regime INTEGER NOT NULL DEFAULT 0);
CREATE TABLE persons (
    nir TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, nom TEXT NOT NULL, prenom TEXT NOT NULL,
    naissance TEXT NOT NULL, rang INTEGER NOT NULL, qualite TEXT NOT NULL,
    rights_from TEXT, rights_to TEXT, medecin TEXT NOT NULL, exo INTEGER NOT NULL,
    exo_label TEXT NOT NULL, css INTEGER NOT NULL, status TEXT NOT NULL);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, card_nirs TEXT NOT NULL,
    terminal_id TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE sms_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, assure_nir TEXT NOT NULL, mobile TEXT NOT NULL,
    code TEXT NOT NULL, sent_at TEXT NOT NULL);
CREATE TABLE creances (
    reference TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, caisse TEXT NOT NULL,
    issued_on TEXT NOT NULL, initial INTEGER NOT NULL, remaining INTEGER NOT NULL);
CREATE TABLE payments (
    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, request_hash TEXT NOT NULL,
    terminal_id TEXT NOT NULL, assure_nir TEXT NOT NULL, reference TEXT NOT NULL,
    lines TEXT NOT NULL, amount INTEGER NOT NULL, spread TEXT NOT NULL, status TEXT NOT NULL,
    transaction_ref TEXT NOT NULL, merchant_id TEXT NOT NULL, authorisation TEXT NOT NULL DEFAULT '',
    masked_card TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, result_at TEXT);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, assure_nir TEXT NOT NULL, kind TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE oc_overlaps (
    assure_nir TEXT NOT NULL, beneficiary_nir TEXT NOT NULL, ocs TEXT NOT NULL,
    PRIMARY KEY (assure_nir, beneficiary_nir));
CREATE TABLE oc_requests (
    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, request_hash TEXT NOT NULL,
    assure_nir TEXT NOT NULL, choices TEXT NOT NULL, requested_at TEXT NOT NULL, processed_at TEXT);
CREATE TABLE ij (
    assure_nir TEXT PRIMARY KEY, periods TEXT NOT NULL);
CREATE TABLE releves (
    assure_nir TEXT PRIMARY KEY, year INTEGER NOT NULL, published_on TEXT NOT NULL,
    total_imposable INTEGER NOT NULL);
