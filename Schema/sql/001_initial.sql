-- kg graph file, schema version 1.
-- Applied in order by the store (Sources/KnowledgeGraph/Store/Migrations.swift);
-- each file N_*.sql moves a graph from version N-1 to version N.

-- Facts about the file itself (kg version that created it, seed digest, ...).
CREATE TABLE kg_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The graph schema (node kinds, edge types, derived types) as its source text,
-- so that a graph always knows its own rules.
CREATE TABLE graph_schema (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    name   TEXT NOT NULL,
    source TEXT NOT NULL
) STRICT;

CREATE TABLE nodes (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,                 -- lower-cased name, for case-insensitive lookup
    props       TEXT NOT NULL DEFAULT '{}'     -- a JSON object
) STRICT;
CREATE INDEX nodes_by_kind ON nodes (kind);
CREATE INDEX nodes_by_name ON nodes (name_folded);

-- Other names of a node: spellings, scripts ("小米" for Xiaomi).
CREATE TABLE aliases (
    alias_folded TEXT NOT NULL,
    node         INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    alias        TEXT NOT NULL,
    PRIMARY KEY (alias_folded, node)
) STRICT, WITHOUT ROWID;
CREATE INDEX aliases_by_node ON aliases (node);

CREATE TABLE edges (
    id         INTEGER PRIMARY KEY,
    type       TEXT NOT NULL,
    src        INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    dst        INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    props      TEXT NOT NULL DEFAULT '{}',
    valid_from TEXT,                           -- partial date: 2017, 2017-07 or 2017-07-14
    valid_to   TEXT
) STRICT;
-- Both directions, by type: (type, src) finds a node's outgoing edges of a
-- type, (type, dst) its incoming ones, and a whole type is one index range
-- (loaded into memory for large traversals).
CREATE INDEX edges_out ON edges (type, src, dst);
CREATE INDEX edges_in ON edges (type, dst, src);

-- Documents facts rest on.
CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    file      TEXT NOT NULL,
    title     TEXT,
    published TEXT,                            -- partial date, when the document gives one
    language  TEXT,
    author    TEXT
) STRICT;

-- One quoted sentence supporting one node or one edge.
CREATE TABLE evidence (
    id     INTEGER PRIMARY KEY,
    source INTEGER NOT NULL REFERENCES sources (id),
    quote  TEXT NOT NULL,
    node   INTEGER REFERENCES nodes (id) ON DELETE CASCADE,
    edge   INTEGER REFERENCES edges (id) ON DELETE CASCADE,
    CHECK ((node IS NULL) <> (edge IS NULL))
) STRICT;
CREATE INDEX evidence_by_node ON evidence (node) WHERE node IS NOT NULL;
CREATE INDEX evidence_by_edge ON evidence (edge) WHERE edge IS NOT NULL;
CREATE INDEX evidence_by_source ON evidence (source);
