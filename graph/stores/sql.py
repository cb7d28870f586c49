"""Every SQL statement the embedded store runs, each built by one named function.

Labels, relationship types and property names come only from the schema and are
checked before they are spliced into a statement (partial indexes need them as
literals); every value travels as a ``?`` parameter. Lists of ids travel as one JSON
array parameter read with ``json_each``, so a statement's text never depends on how
many ids it is given.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.schema import SCHEMA, SchemaError

FORMAT = 5                       # the on-disk format this module writes (1 was snapshot + journal)
UPGRADABLE = 2                   # format 2 differs only in its word index, rebuilt on opening
COUNTED_BY_TRIGGERS = 3          # format 3 counted inserts by triggers; from 4 the writer does
KINDLESS_CLAIM_INDEX = 4         # format 4's claim index did not say which kind of link a row is
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Properties nodes are looked up by: the duplicate-text check, URLs, the delete cascade,
# and the described-document stubs a new report may join (by their issuing family).
INDEXED_PROPERTIES = (("Report", "sha256"), ("Report", "url"), ("Report", "ingestion_id"),
                      ("Report", "issuer_root"))
CLAIM_LINKS = ("MENTIONS", "SUBJECT", "OBJECT")


def _checked(name: str) -> str:
    if not NAME.match(name):
        raise SchemaError(f"{name!r} cannot be used as an SQL name")
    return name


def literal(name: str) -> str:
    """A checked schema name as an SQL string literal (names never contain quotes)."""
    return f"'{_checked(name)}'"


def prop(name: str) -> str:
    """The expression that reads one property of a row's JSON properties."""
    return f"json_extract(props, '$.{_checked(name)}')"


def property_index(label: str, name: str) -> str:
    """A partial index on one property of one label."""
    if name not in SCHEMA.node(label).properties:
        raise SchemaError(f"{label} has no property {name!r} to index")
    return (f"CREATE INDEX IF NOT EXISTS nodes_{_checked(label)}_{_checked(name)} "
            f"ON nodes({prop(name)}) WHERE label = {literal(label)}")


def schema_statements() -> list[str]:
    """Tables, indexes, the word index and the counters, each idempotent.

    ``crc`` holds the CRC-32 of a row's JSON properties, so a byte changed on disk
    outside the store is found when the row is read (and by ``conflictkg check``).
    The claim index is a projection of claims-about: one row per claim and linked
    entity, with the claim's date and flags, kept by triggers on ``edges``.
    """
    statements = [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS nodes (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
        "label TEXT NOT NULL, props TEXT NOT NULL, crc INTEGER NOT NULL)",
        DEFERRED_INDEXES["nodes_label"],
        # clustered by (source, type): the outgoing edges of a node are read together;
        # an edge id already names its type and ends, so the key is unique per id
        "CREATE TABLE IF NOT EXISTS edges (source TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, "
        "target TEXT NOT NULL, props TEXT NOT NULL, crc INTEGER NOT NULL, "
        "PRIMARY KEY (source, type, id)) WITHOUT ROWID",
        DEFERRED_INDEXES["edges_in"],
        words_table(),
        "CREATE TABLE IF NOT EXISTS counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS claim_index (entity TEXT NOT NULL, claim TEXT NOT NULL, "
        "edge TEXT NOT NULL, published TEXT NOT NULL, hedged INTEGER NOT NULL, "
        "sourced INTEGER NOT NULL, report TEXT, kind TEXT NOT NULL DEFAULT 'MENTIONS', "
        "PRIMARY KEY (entity, claim, edge)) WITHOUT ROWID",
        DEFERRED_INDEXES["claim_index_by_date"],
        DEFERRED_INDEXES["claim_index_by_claim"],
    ]
    statements += [property_index(label, name) for label, name in INDEXED_PROPERTIES]
    statements += _counter_triggers()
    statements += _claim_index_triggers()
    return statements


# Indexes only readers use: a first load into an empty store builds them at its end.
DEFERRED_INDEXES = {
    "nodes_label": "CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, id)",
    "edges_in": "CREATE INDEX IF NOT EXISTS edges_in ON edges(target, type)",
    "claim_index_by_date": "CREATE INDEX IF NOT EXISTS claim_index_by_date "
                           "ON claim_index(entity, published, claim)",
    # a claim's links by kind: the entities its MENTIONS name, read from a narrow index
    # (the profile's co-mentioned entities seek it once per claim of the entity)
    "claim_index_by_claim": "CREATE INDEX IF NOT EXISTS claim_index_by_claim "
                            "ON claim_index(claim, kind, entity)",
}


def drop_deferred_indexes() -> list[str]:
    """Drop the indexes no write reads (each is built again by its statement above)."""
    return [f"DROP INDEX IF EXISTS {_checked(name)}" for name in DEFERRED_INDEXES]


def is_empty() -> str:
    """Whether the store holds no node."""
    return "SELECT NOT EXISTS (SELECT 1 FROM nodes)"


def words_table() -> str:
    """The word index: each node's label beside its words, so that a search for
    organisations never walks the postings of a million claims holding the same word."""
    return ("CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(label, body, "
            "tokenize = 'unicode61 remove_diacritics 0')")


def drop_words() -> str:
    """Drop the word index (to rebuild it in the current layout)."""
    return "DROP TABLE IF EXISTS words"


def all_nodes() -> str:
    """Every node with its row id, in row order (to rebuild the word index)."""
    return "SELECT rid, id, label, props, crc FROM nodes ORDER BY rid"


def _counter_triggers() -> list[str]:
    """Deletes kept in step with the counts per label and type (inserts are counted by
    the writer, which knows what it inserts: a trigger per inserted row cost a third of
    a report's write)."""
    bump = ("INSERT INTO counts(name, n) VALUES ({name}, {delta}) "
            "ON CONFLICT(name) DO UPDATE SET n = n + {delta}")
    return [
        "CREATE TRIGGER IF NOT EXISTS nodes_removed AFTER DELETE ON nodes BEGIN "
        + bump.format(name="old.label", delta=-1) + "; END",
        "CREATE TRIGGER IF NOT EXISTS edges_removed AFTER DELETE ON edges BEGIN "
        + bump.format(name="old.type", delta=-1) + "; END",
    ]


def drop_insert_counters() -> list[str]:
    """Format 3 to 4: the triggers that counted inserts go (the counts they kept stay)."""
    return ["DROP TRIGGER IF EXISTS nodes_added", "DROP TRIGGER IF EXISTS edges_added"]


def _claim_index_triggers() -> list[str]:
    """Rows of the claim index go with the claim links they index (added by the writer)."""
    links = ", ".join(literal(name) for name in CLAIM_LINKS)
    return [
        "CREATE TRIGGER IF NOT EXISTS claim_link_removed AFTER DELETE ON edges "
        f"WHEN old.type IN ({links}) BEGIN "
        "DELETE FROM claim_index WHERE entity = old.target AND claim = old.source AND edge = old.id; END",
    ]


# ------------------------------------------------------------------ writes


def insert_node() -> str:
    """Write a new node under a row id the writer chose."""
    return "INSERT INTO nodes(rid, id, label, props, crc) VALUES (?, ?, ?, ?, ?)"


def update_node() -> str:
    """Replace the label and properties of a stored node (by row id)."""
    return "UPDATE nodes SET label = ?, props = ?, crc = ? WHERE rid = ?"


def last_row_id() -> str:
    """The largest row id of a node (0 in an empty store): new nodes go after it."""
    return "SELECT coalesce(max(rid), 0) FROM nodes"


def stored_edges() -> str:
    """Ids of the relationships stored among a JSON array of ``[source, type, id]``
    (each a seek on the primary key)."""
    return ("SELECT e.id FROM json_each(?) j JOIN edges e ON e.source = json_extract(j.value, '$[0]') "
            "AND e.type = json_extract(j.value, '$[1]') AND e.id = json_extract(j.value, '$[2]')")


def add_counts() -> str:
    """Add inserted rows to the count of a label or type."""
    return ("INSERT INTO counts(name, n) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET n = n + excluded.n")


def row_ids() -> str:
    """``(id, rid)`` of the existing nodes among a JSON array of ids."""
    return "SELECT id, rid FROM nodes WHERE id IN (SELECT value FROM json_each(?))"


def delete_words() -> str:
    """Forget a node's words."""
    return "DELETE FROM words WHERE rowid = ?"


def insert_words() -> str:
    """Index a node's label and words under its row id."""
    return "INSERT INTO words(rowid, label, body) VALUES (?, ?, ?)"


def upsert_edge() -> str:
    """Write a relationship, replacing one with its id (the caller checked its ends exist)."""
    return ("INSERT INTO edges(id, type, source, target, props, crc) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(source, type, id) DO UPDATE SET target = excluded.target, "
            "props = excluded.props, crc = excluded.crc")


def insert_claim_link() -> str:
    """Index one claim link with the claim's date and flags and the link's kind."""
    return ("INSERT OR REPLACE INTO claim_index(entity, claim, edge, published, hedged, sourced, report, "
            "kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def claim_index_columns() -> str:
    """The claim index's columns (format 4 has no ``kind``)."""
    return "SELECT name FROM pragma_table_info('claim_index')"


def add_link_kinds() -> str:
    """Format 4 to 5: the claim index gets each link's kind, MENTIONS until told otherwise."""
    return "ALTER TABLE claim_index ADD COLUMN kind TEXT NOT NULL DEFAULT 'MENTIONS'"


def set_link_kind() -> str:
    """Format 4 to 5: the rows of the links of type ?1 say so (their relationships are
    found by type in the edges' key; the claim index by its own key)."""
    return ("UPDATE claim_index SET kind = ?1 WHERE (claim, edge) IN "
            "(SELECT source, id FROM edges WHERE type = ?1)")


def delete_edges_of_nodes() -> str:
    """Remove every relationship touching the nodes in a JSON array of ids."""
    return ("DELETE FROM edges WHERE source IN (SELECT value FROM json_each(?1)) "
            "OR target IN (SELECT value FROM json_each(?1))")


def delete_nodes() -> str:
    """Remove nodes (their words first, with :func:`words_of_nodes`)."""
    return "DELETE FROM nodes WHERE id IN (SELECT value FROM json_each(?))"


def words_of_nodes() -> str:
    """Row ids of nodes, to drop their words."""
    return "SELECT rid FROM nodes WHERE id IN (SELECT value FROM json_each(?))"


def delete_outgoing() -> str:
    """Remove the relationships leaving one node."""
    return "DELETE FROM edges WHERE source = ?"


# ------------------------------------------------------------------- reads


def nodes_by_id() -> str:
    """Nodes by id (a JSON array of ids)."""
    return ("SELECT id, label, props, crc FROM nodes "
            "WHERE id IN (SELECT value FROM json_each(?))")


def find_nodes(label: str, conditions: tuple[tuple[str, bool], ...]) -> str:
    """Nodes of a label whose properties equal (``False``) or lack (``True``) values, by id.

    A value asked of an indexed property is read through its index (``INDEXED BY``):
    left to itself, SQLite walks the label index to save the sort by id, which made the
    duplicate-text check of every ingested report scan every stored report.
    """
    where = [f"label = {literal(label)}"]
    for name, absent in conditions:
        where.append(f"{prop(name)} IS NULL" if absent else f"{prop(name)} = ?")
    return (f"SELECT id, label, props, crc FROM nodes{_index_hint(label, conditions)} "
            f"WHERE {' AND '.join(where)} ORDER BY id LIMIT ? OFFSET ?")


def _index_hint(label: str, conditions: tuple[tuple[str, bool], ...]) -> str:
    """``INDEXED BY`` the first indexed property given a value, if any."""
    for name, absent in conditions:
        if not absent and (label, name) in INDEXED_PROPERTIES:
            return f" INDEXED BY nodes_{_checked(label)}_{_checked(name)}"
    return ""


@lru_cache(maxsize=32)
def edges_around(direction: str, typed: bool) -> str:
    """Relationships touching nodes (a JSON array) in one direction, optionally of some types."""
    ends = {"out": ("source",), "in": ("target",), "both": ("source", "target")}[direction]
    type_filter = " AND type IN (SELECT value FROM json_each(?2))" if typed else ""
    parts = [f"SELECT id, type, source, target, props, crc FROM edges "
             f"WHERE {end} IN (SELECT value FROM json_each(?1)){type_filter}" for end in ends]
    return " UNION ".join(parts)


def edge_summary() -> str:
    """For nodes (a JSON array): each relationship's type and its other end."""
    return ("SELECT source, type, target FROM edges WHERE source IN (SELECT value FROM json_each(?1)) "
            "UNION ALL SELECT target, type, source FROM edges "
            "WHERE target IN (SELECT value FROM json_each(?1))")


def targets() -> str:
    """Ends of relationships leaving nodes (a JSON array)."""
    return "SELECT target FROM edges WHERE source IN (SELECT value FROM json_each(?))"


def typed_targets() -> str:
    """As :func:`targets`, of some types (a second JSON array)."""
    return ("SELECT target FROM edges WHERE source IN (SELECT value FROM json_each(?1)) "
            "AND type IN (SELECT value FROM json_each(?2))")


def has_incoming() -> str:
    """Whether any relationship points at a node."""
    return "SELECT EXISTS (SELECT 1 FROM edges WHERE target = ?)"


def ingestion_in_use() -> str:
    """Whether any report names an ingestion (uses the partial index)."""
    return (f"SELECT EXISTS (SELECT 1 FROM nodes WHERE label = {literal('Report')} "
            f"AND {prop('ingestion_id')} = ?)")


def search(labelled: bool) -> str:
    """Nodes whose words match an FTS5 query, optionally of some labels, by id."""
    label_filter = " AND n.label IN (SELECT value FROM json_each(?2))" if labelled else ""
    return ("SELECT n.id, n.label, n.props, n.crc FROM words JOIN nodes n ON n.rid = words.rowid "
            f"WHERE words MATCH ?1{label_filter} ORDER BY n.id")


def word_postings() -> str:
    """Nodes holding one word (an FTS5 query ?1), at most ?2 of them, in index order.

    No ``ORDER BY``: a word held by many nodes is read only up to the limit.
    """
    return ("SELECT n.id, n.label FROM words JOIN nodes n ON n.rid = words.rowid "
            "WHERE words MATCH ?1 LIMIT ?2")

def mention_postings() -> str:
    """Claims linked to one entity ?1, at most ?2 of them: a seek on the claim index,
    read only up to the limit however many claims name the entity."""
    return "SELECT DISTINCT claim FROM claim_index WHERE entity = ?1 LIMIT ?2"


def pair_postings() -> str:
    """Claims linked to both entities ?1 and ?2, at most ?3: the first one's claims in
    key order, each probed for the second by primary key, read only up to the limit."""
    return ("SELECT DISTINCT a.claim FROM claim_index a WHERE a.entity = ?1 AND EXISTS "
            "(SELECT 1 FROM claim_index b WHERE b.entity = ?2 AND b.claim = a.claim) LIMIT ?3")


def ids_with_prefix() -> str:
    """Node ids in the range [?1, ?2) (the ids starting with a prefix), by id, at most ?3:
    a seek on the unique id index, so it costs the same at a million nodes."""
    return "SELECT id FROM nodes WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT ?3"


def counts() -> str:
    """Nodes per label and relationships per type."""
    return "SELECT name, n FROM counts"


def _claim_where(scoped_by_region: bool, conditions: tuple[str, ...]) -> str:
    """The claim-index rows of entities (JSON array ?1) that pass the filters set.

    With a region scope (JSON array ?2), only claims also linked to it; ``conditions``
    name the filters that are set (``since``, ``until``, ``hedged``, ``sourced``), each
    taking the next parameter in that order.
    """
    where = ["ci.entity IN (SELECT value FROM json_each(?1))"]
    if scoped_by_region:
        where.append("EXISTS (SELECT 1 FROM claim_index r WHERE r.claim = ci.claim "
                     "AND r.entity IN (SELECT value FROM json_each(?2)))")
    day = "substr(ci.published, 1, 10)"
    tests = {"since": f"ci.published != '' AND {day} >= ?", "until": f"ci.published != '' AND {day} <= ?",
             "hedged": "ci.hedged = ?", "sourced": "ci.sourced = ?"}
    where += [tests[name] for name in conditions]
    return " AND ".join(where)


def claim_hits(scoped_by_region: bool, conditions: tuple[str, ...]) -> str:
    """Distinct claims linked to entities, with their date, report and linked entities
    (every one, for filters the index does not hold: the publisher)."""
    return ("SELECT ci.claim, ci.published, ci.report, group_concat(ci.entity, char(31)) FROM claim_index ci "
            f"WHERE {_claim_where(scoped_by_region, conditions)} GROUP BY ci.claim")


def claim_count(scoped_by_region: bool, conditions: tuple[str, ...]) -> str:
    """How many distinct claims pass (read from the index alone)."""
    return (f"SELECT count(DISTINCT ci.claim) FROM claim_index ci "
            f"WHERE {_claim_where(scoped_by_region, conditions)}")


def claim_page(scoped_by_region: bool, conditions: tuple[str, ...], newest_first: bool) -> str:
    """One page of distinct claims by (date, id), the last two parameters being the
    limit and the offset: sorted and cut in the database, not in Python."""
    order = "DESC" if newest_first else "ASC"
    return (f"SELECT DISTINCT ci.published, ci.claim FROM claim_index ci "
            f"WHERE {_claim_where(scoped_by_region, conditions)} "
            f"ORDER BY ci.published {order}, ci.claim {order} LIMIT ? OFFSET ?")


def claim_entities() -> str:
    """For claims (JSON array ?2), the entities among ?1 each is linked to."""
    return ("SELECT claim, entity FROM claim_index WHERE entity IN (SELECT value FROM json_each(?1)) "
            "AND claim IN (SELECT value FROM json_each(?2))")


def report_claims() -> str:
    """The claims of reports (JSON array ?1), each with the entities it mentions joined by
    char(31): MAKES and MENTIONS are read from the edges' primary key (source, type)."""
    return ("SELECT m.source, n.id, n.label, n.props, n.crc, "
            "(SELECT group_concat(e.target, char(31)) FROM edges e "
            f"WHERE e.source = n.id AND e.type = {literal('MENTIONS')}) "
            "FROM edges m JOIN nodes n ON n.id = m.target "
            f"WHERE m.source IN (SELECT value FROM json_each(?1)) AND m.type = {literal('MAKES')}")


def claim_summary() -> str:
    """What an entity profile counts over the claims linked to entities (JSON array ?1),
    in one statement, so the claims are gathered once (``c``, used three times, is
    materialised once), as rows ``(part, key, a, b, c)``:

    - ``('totals', NULL, claims, reports, hedged)``;
    - ``('month', "2025-03" or "undated", claims, NULL, NULL)``, one per month;
    - ``('co', entity, mentions, NULL, NULL)``: the entities those claims mention besides
      the ones asked about, most first, at most ?2 of them. Each claim's MENTIONS are read
      from the claim index by claim (``claim_index_by_claim``, narrow: a seek into the
      relationships' key read a page of properties per claim). ``CROSS JOIN`` keeps the
      claims outside (left to itself, the planner scanned the whole index and probed the
      claims); the index is not named, as it is missing during a first load.
    """
    mentions = literal("MENTIONS")
    return ("WITH c AS (SELECT claim, max(published) AS published, max(hedged) AS hedged, "
            "max(report) AS report FROM claim_index "
            "WHERE entity IN (SELECT value FROM json_each(?1)) GROUP BY claim) "
            "SELECT 'totals', NULL, count(*), count(DISTINCT report), coalesce(sum(hedged), 0) FROM c "
            "UNION ALL SELECT 'month', CASE WHEN published = '' THEN 'undated' "
            "ELSE substr(published, 1, 7) END AS month, count(*), NULL, NULL FROM c GROUP BY month "
            "UNION ALL SELECT * FROM (SELECT 'co', m.entity, count(*) AS n, NULL, NULL FROM c "
            f"CROSS JOIN claim_index m ON m.claim = c.claim AND m.kind = {mentions} "
            "WHERE m.entity NOT IN (SELECT value FROM json_each(?1)) "
            "GROUP BY m.entity ORDER BY n DESC, m.entity LIMIT ?2)")


# --------------------------------------------------------------- integrity


def all_rows(table: str) -> str:
    """Every row of ``nodes`` or ``edges`` with its checksum, in id order."""
    if table not in ("nodes", "edges"):
        raise SchemaError(f"no table {table!r}")
    return f"SELECT id, props, crc FROM {table} ORDER BY id"


# ------------------------------------------------------------ actor network


def id_range(prefix: str) -> tuple[str, str]:
    """The ids of one label (``prefix:...``) as a half-open range [low, high): a range
    seek on an index keyed by id instead of a test on every row."""
    return f"{prefix}:", f"{prefix};"


def claim_links() -> str:
    """Claim-index rows of the entities with ids in [?1, ?2): each link's claim, entity,
    relationship id and kind with the claim's date, flags and report, from the index alone.

    ?3 and ?4 bound the claim's day (inclusive; null: no bound), as :func:`claim_page` does.
    """
    day = "substr(published, 1, 10)"
    return ("SELECT claim, entity, edge, published, hedged, sourced, report, kind FROM claim_index "
            "WHERE entity >= ?1 AND entity < ?2 "
            f"AND (?3 IS NULL OR (published != '' AND {day} >= ?3)) "
            f"AND (?4 IS NULL OR (published != '' AND {day} <= ?4))")


def subject_predicates() -> str:
    """Properties (with their checksum) of the SUBJECT relationships in a JSON array of
    ``[source, id]``: a seek each on the primary key, cheapest when the array is sorted."""
    return ("SELECT e.id, e.props, e.crc FROM json_each(?1) j JOIN edges e "
            f"ON e.source = json_extract(j.value, '$[0]') AND e.type = {literal('SUBJECT')} "
            "AND e.id = json_extract(j.value, '$[1]')")
