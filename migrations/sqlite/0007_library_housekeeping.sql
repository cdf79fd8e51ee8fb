-- Library housekeeping (see library::housekeep): when each blob chunk was written, so that
-- chunks no version references are swept only once they are old (never those of an upload
-- still on its way), and how far the change feed has been pruned, so that an index that
-- applied less than that rebuilds instead of missing changes. Chunks written before this
-- migration have no time; the sweep stamps the unreferenced ones first and judges them later.
ALTER TABLE library_blob_chunks ADD COLUMN created_at BIGINT;
CREATE INDEX library_blob_chunks_created ON library_blob_chunks (created_at, blob_id);
CREATE INDEX library_versions_blob ON library_versions (blob_id);

CREATE TABLE library_feed_pruned (
    id    BIGINT PRIMARY KEY,
    up_to BIGINT NOT NULL
);
