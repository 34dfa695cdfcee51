-- Issue 12: the national-systems list a run judged with (its version and the
-- SHA-256 of the file; null for runs made before it existed), and why an
-- agency's portal was not assessed when it refused the crawler (JSON
-- {kind, detail, url, status}; null when it did not).
ALTER TABLE runs ADD COLUMN national_systems_version TEXT;
ALTER TABLE runs ADD COLUMN national_systems_sha256 TEXT;
ALTER TABLE run_agencies ADD COLUMN blocked_json TEXT;
