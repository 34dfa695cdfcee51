-- Per-service indicators: evidence that backs one sampled service rather than the indicator as a whole.
ALTER TABLE evidence ADD COLUMN service_url TEXT;
