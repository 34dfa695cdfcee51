-- Nightly operation: a hash per finding (so verify can name what changed),
-- retries per page, each agency's sub-check statuses, and the audit lock.
ALTER TABLE findings ADD COLUMN sha256 TEXT;
ALTER TABLE pages ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN attempts_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE run_agencies ADD COLUMN checks_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE run_agencies ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;

-- At most one audit writes at a time; a row left by a dead process is taken over.
CREATE TABLE locks (
  name TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  run_id INTEGER,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
