-- How each page was obtained in an HTTP-first crawl: why it was rendered in
-- Chromium (null when it was not, or when every page was rendered), and the
-- character encoding its HTTP body was decoded from.
ALTER TABLE pages ADD COLUMN render_reason TEXT;
ALTER TABLE pages ADD COLUMN encoding TEXT;
