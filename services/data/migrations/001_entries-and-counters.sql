-- Up Migration
-- Keys are kept as their UTF-8 bytes and found by their SHA-256: a Thrift string may hold
-- any character (NUL, which PostgreSQL's text refuses, included) and be as long as a
-- request body, longer than a B-tree index entry may be.
CREATE TABLE entries (
  id bytea GENERATED ALWAYS AS (sha256(key)) STORED PRIMARY KEY,
  key bytea NOT NULL,
  value bytea NOT NULL,
  -- 1 for a new key, one more on each write.
  version bigint NOT NULL
);

CREATE TABLE counters (
  id bytea GENERATED ALWAYS AS (sha256(key)) STORED PRIMARY KEY,
  key bytea NOT NULL,
  -- A Thrift i64: an increment past its range fails (bigint out of range) instead of wrapping.
  value bigint NOT NULL
);

-- Down Migration
DROP TABLE counters;
DROP TABLE entries;
