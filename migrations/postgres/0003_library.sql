-- Library: documents and links, their file versions (bytes in chunks, see src/library/blobs.rs),
-- collections (generic folders, e.g. an event's materials) and the change feed that each
-- instance's search index follows.

CREATE TABLE library_documents (
    id               BIGSERIAL PRIMARY KEY,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    authors          TEXT NOT NULL DEFAULT '',
    year             BIGINT,
    doc_type         TEXT NOT NULL DEFAULT 'other',
    languages        TEXT NOT NULL DEFAULT '',
    topics           TEXT NOT NULL DEFAULT '',
    tags             TEXT NOT NULL DEFAULT '',
    visibility       TEXT NOT NULL DEFAULT 'members',
    url              TEXT,
    uploader_id      BIGINT REFERENCES members(id) ON DELETE SET NULL,
    version_id       BIGINT,
    extraction       TEXT NOT NULL DEFAULT 'none',
    extraction_error TEXT,
    body             TEXT NOT NULL DEFAULT '',
    pages            BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    deleted_at       BIGINT
);
CREATE INDEX library_documents_created ON library_documents (created_at);

CREATE TABLE library_versions (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES library_documents(id) ON DELETE CASCADE,
    blob_id     TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES members(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX library_versions_document ON library_versions (document_id, id);

CREATE TABLE library_blob_chunks (
    blob_id TEXT NOT NULL,
    seq     BIGINT NOT NULL,
    data    BYTEA NOT NULL,
    PRIMARY KEY (blob_id, seq)
);

CREATE TABLE library_collection_items (
    collection  TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES library_documents(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, document_id)
);
CREATE INDEX library_collection_items_document ON library_collection_items (document_id);

CREATE TABLE library_changes (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
