-- The operator's Ed25519 signature over each completed run's manifest
-- (src/evidence/signing.ts: "portal-audit/run@1 run=ID manifest=SHA256").
-- The private key never enters the database; the public key is kept with
-- each signature, and `verify --public-key` checks it is the operator's.
CREATE TABLE run_signatures (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id),
  manifest_sha256 TEXT NOT NULL,
  -- SubjectPublicKeyInfo DER, base64
  public_key TEXT NOT NULL,
  -- Ed25519 signature, base64
  signature TEXT NOT NULL,
  signed_at TEXT NOT NULL
);
