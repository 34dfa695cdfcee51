-- Lighthouse reports become evidence of their own kind. SQLite cannot widen a
-- CHECK constraint in place, so the table is rebuilt with its rows and ids.
CREATE TABLE evidence_new (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  kind TEXT NOT NULL CHECK (kind IN ('screenshot', 'element', 'html', 'headers', 'lighthouse')),
  url TEXT NOT NULL,
  selector TEXT,
  snippet TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  captured_at TEXT NOT NULL,
  selector_found INTEGER,
  service_url TEXT
);
INSERT INTO evidence_new (id, finding_id, kind, url, selector, snippet, sha256, mime, captured_at, selector_found, service_url)
  SELECT id, finding_id, kind, url, selector, snippet, sha256, mime, captured_at, selector_found, service_url FROM evidence;
DROP TABLE evidence;
ALTER TABLE evidence_new RENAME TO evidence;
CREATE INDEX evidence_by_finding ON evidence(finding_id);
CREATE INDEX evidence_by_sha ON evidence(sha256);
