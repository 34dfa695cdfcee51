-- Screenshots are taken as the page is, with nothing injected; the cited
-- element's box in the image (JSON {x, y, width, height}, pixels) is kept
-- beside it so a viewer can draw the highlight. Null for older rows.
ALTER TABLE evidence ADD COLUMN box_json TEXT;
