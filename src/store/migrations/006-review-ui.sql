-- The evaluators' review UI: local accounts, their sessions, and reviews.
-- Reviews live beside the findings and never change them, so a finding's
-- digest and its run's manifest stay as captured.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'evaluator', 'admin')),
  -- scrypt$ln=N,r=R,p=P$salt$hash (base64): the cost travels with the hash.
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Only the SHA-256 of a session token is stored: a copy of the database holds no live session.
CREATE TABLE sessions (
  token_sha256 TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

-- Append-only. Each row is chained to the one before it (sha256 over its
-- fields, the reviewed finding's digest and prev_sha256), so `verify` can
-- tell an edited or deleted review. The user is kept by name: removing an
-- account keeps what it reviewed.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  action TEXT NOT NULL CHECK (action IN ('confirm', 'override')),
  -- The outcome and score the evaluator settled on (for confirm: the observed ones).
  outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'partial', 'fail', 'needs-review', 'not-applicable', 'error')),
  score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
  reason TEXT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  prev_sha256 TEXT,
  sha256 TEXT NOT NULL
);
CREATE INDEX reviews_by_finding ON reviews(finding_id, id);

CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
