-- kg graph file, schema version 2: history.
-- Every write (import, merge, update, retract, revert) is a row of `writes`;
-- every fact row names the write that added it (`added_by`); what a write
-- removed or changed is kept in `changes`, so that `kg log` can list it and
-- `kg revert N` can undo it.

CREATE TABLE writes (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,                 -- UTC, ISO 8601 (2026-12-01T17:05:09Z)
    action      TEXT NOT NULL,                 -- import, update, retract, revert, write, migrate
    command     TEXT NOT NULL,                 -- the command line, file or request that wrote
    reason      TEXT,                          -- why, when the writer said so
    counts      TEXT NOT NULL DEFAULT '{}',    -- a JSON object of counts (nodes_added, ...)
    summary     TEXT NOT NULL DEFAULT '',      -- the counts as a sentence
    reverts     INTEGER REFERENCES writes (id),
    reverted_by INTEGER REFERENCES writes (id)
) STRICT;

-- What a write took out of the graph or changed in it.
--   action 'remove': a row left the live tables (retracted, or reverted);
--                    entity node, edge, alias, evidence or source; row its id;
--                    data the whole row as a JSON object.
--   action 'set':    a node's property got a value; entity 'property' (or
--                    'name'); target the node key; data {"property", "old", "new"}
--                    (old null: the property was new).
CREATE TABLE changes (
    id       INTEGER PRIMARY KEY,
    write    INTEGER NOT NULL REFERENCES writes (id),
    action   TEXT NOT NULL,
    entity   TEXT NOT NULL,
    row      INTEGER,
    target   TEXT NOT NULL,                    -- node key, or 'SRC TYPE DST' for an edge
    data     TEXT NOT NULL,                    -- a JSON object
    reason   TEXT,
    evidence TEXT                              -- a JSON array of {source, quote}, when given
) STRICT;
CREATE INDEX changes_by_write ON changes (write);
CREATE INDEX changes_by_target ON changes (entity, target);

ALTER TABLE nodes ADD COLUMN added_by INTEGER;
ALTER TABLE edges ADD COLUMN added_by INTEGER;
ALTER TABLE aliases ADD COLUMN added_by INTEGER;
ALTER TABLE sources ADD COLUMN added_by INTEGER;
ALTER TABLE evidence ADD COLUMN added_by INTEGER;

-- A graph of format 1 that holds data: what it holds is write 1.
INSERT INTO writes (id, at, action, command, counts, summary)
SELECT 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migrate', 'graph format 1 (before history)',
       json_object('nodes_added', (SELECT count(*) FROM nodes), 'edges_added', (SELECT count(*) FROM edges),
                   'evidence_added', (SELECT count(*) FROM evidence)),
       'the facts the graph held before it kept history'
WHERE EXISTS (SELECT 1 FROM nodes) OR EXISTS (SELECT 1 FROM sources);
UPDATE nodes SET added_by = 1;
UPDATE edges SET added_by = 1;
UPDATE aliases SET added_by = 1;
UPDATE sources SET added_by = 1;
UPDATE evidence SET added_by = 1;
