-- Self-declarations, imported by round. Re-importing a round replaces its rows.
-- Verdicts are not stored: they are computed against a run when exported.
CREATE TABLE declaration_rounds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  source_file TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'json')),
  encoding TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  imported_at TEXT NOT NULL
);

CREATE TABLE declarations (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES declaration_rounds(id) ON DELETE CASCADE,
  -- The row in the source file, so a verdict can point back to it.
  source_row INTEGER NOT NULL,
  agency_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  -- '' for a claim about the whole agency, else the service's absolute URL.
  service_url TEXT NOT NULL DEFAULT '',
  declared_raw TEXT NOT NULL,
  -- d: yes = 1, no = 0, a percentage as a share.
  declared REAL NOT NULL CHECK (declared >= 0 AND declared <= 1),
  -- The declared number of services (service-catalog only).
  declared_count INTEGER CHECK (declared_count IS NULL OR declared_count >= 0),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (round_id, agency_id, indicator_id, service_url)
);
CREATE INDEX declarations_by_agency ON declarations(round_id, agency_id);
