-- Runs, the agencies audited in each, their pages, findings and evidence.
-- Blobs (screenshots, HTML, headers) are stored once per sha256.
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  as_of TEXT NOT NULL,
  model_version TEXT NOT NULL,
  model_hash TEXT NOT NULL,
  options_json TEXT NOT NULL,
  national_score REAL,
  prev_manifest_sha256 TEXT,
  manifest_sha256 TEXT
);

CREATE TABLE run_agencies (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  agency_id TEXT NOT NULL,
  name_fa TEXT NOT NULL,
  name_en TEXT NOT NULL,
  homepage TEXT NOT NULL,
  hosts_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  error TEXT,
  score REAL,
  coverage REAL NOT NULL,
  pillars_json TEXT NOT NULL,
  pages_crawled INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  PRIMARY KEY (run_id, agency_id)
);

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB
);

CREATE TABLE pages (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  agency_id TEXT NOT NULL,
  url TEXT NOT NULL,
  final_url TEXT NOT NULL,
  status INTEGER,
  depth INTEGER NOT NULL,
  fetched_by TEXT NOT NULL,
  title TEXT NOT NULL,
  content_type TEXT NOT NULL,
  headers_json TEXT NOT NULL,
  html_sha256 TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  FOREIGN KEY (run_id, agency_id) REFERENCES run_agencies(run_id, agency_id)
);
CREATE INDEX pages_by_agency ON pages(run_id, agency_id);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  agency_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  pillar TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'partial', 'fail', 'needs-review', 'not-applicable', 'error')),
  score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
  message_key TEXT,
  data_json TEXT NOT NULL,
  UNIQUE (run_id, agency_id, indicator_id),
  FOREIGN KEY (run_id, agency_id) REFERENCES run_agencies(run_id, agency_id)
);

CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  kind TEXT NOT NULL CHECK (kind IN ('screenshot', 'element', 'html', 'headers')),
  url TEXT NOT NULL,
  selector TEXT,
  snippet TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  captured_at TEXT NOT NULL,
  -- 0 when the cited element could not be found again at capture time.
  selector_found INTEGER
);
CREATE INDEX evidence_by_finding ON evidence(finding_id);
CREATE INDEX evidence_by_sha ON evidence(sha256);
