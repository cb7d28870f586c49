"""Every Cypher statement the Neo4j adapter runs, each built by one named function.

Labels, relationship types and index names come only from the schema and are checked
before they are spliced into a statement; every value (ids, properties, search words,
limits) travels as a ``$parameter``. Keeping all statements here makes them easy to
review, EXPLAIN and test in one place. Statements use ``CALL (...) { }`` scope
clauses, so they need Neo4j 5.23 or later (the project targets 5.26).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graph.model import digest
from graph.schema import SCHEMA, SchemaError

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
ID = "id"
SEARCH_WORDS = "_search_words"
HIERARCHY = "PART_OF"
INDEX_PREFIX = "conflictkg_"
SEARCH_INDEX_PREFIX = f"{INDEX_PREFIX}search_"
INDEXED_PROPERTIES = (("Report", "ingestion_id"),)


# ------------------------------------------------------------------ names


def _checked(name: str) -> str:
    if not NAME.match(name):
        raise SchemaError(f"{name!r} cannot be used as a Neo4j name")
    return f"`{name}`"


def label(name: str) -> str:
    """A schema label, quoted for Cypher; anything not in the schema is refused."""
    SCHEMA.node(name)
    return _checked(name)


def rel_type(name: str) -> str:
    """A schema relationship type, quoted for Cypher; anything else is refused."""
    SCHEMA.relationship(name)
    return _checked(name)


def _literal(name: str) -> str:
    """A checked schema name as a Cypher string literal (names never contain quotes)."""
    _checked(name)
    return f"'{name}'"


def searchable_labels() -> tuple[str, ...]:
    """Labels with at least one searchable property, in schema order."""
    return tuple(name for name, node in SCHEMA.nodes.items() if node.search)


def search_index_name() -> str:
    """The full-text index name; it changes when the searchable labels change."""
    return f"{SEARCH_INDEX_PREFIX}{digest(*searchable_labels(), length=8)}"


# ------------------------------------------------------------ schema set-up


def id_constraint(node_label: str) -> str:
    """Unique ``id`` per label; it also gives the index every id lookup uses."""
    name = _checked(f"{INDEX_PREFIX}{node_label}_id")
    return (f"CREATE CONSTRAINT {name} IF NOT EXISTS "
            f"FOR (n:{label(node_label)}) REQUIRE n.{ID} IS UNIQUE")


def property_index(node_label: str, prop: str) -> str:
    """A range index on a declared property the adapter looks nodes up by."""
    if prop not in SCHEMA.node(node_label).properties:
        raise SchemaError(f"{node_label} has no property {prop!r} to index")
    name = _checked(f"{INDEX_PREFIX}{node_label}_{prop}")
    return f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label(node_label)}) ON (n.{_checked(prop)})"


def search_index() -> str:
    """Full-text index over the pre-split search words of every searchable label.

    The words are lower-case ``\\w+`` tokens (``base.search_tokens``) of the fields the
    schema lists under ``search``; Lucene's whitespace analyzer keeps them exactly as
    they are, so the index finds the same nodes as the embedded store's word index.
    """
    labels = "|".join(label(name) for name in searchable_labels())
    return (f"CREATE FULLTEXT INDEX {_checked(search_index_name())} IF NOT EXISTS "
            f"FOR (n:{labels}) ON EACH [n.{SEARCH_WORDS}] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', "
            "`fulltext.eventually_consistent`: false}}")


def schema_statements() -> list[str]:
    """All constraints and indexes the adapter needs, each idempotent."""
    statements = [id_constraint(name) for name in SCHEMA.nodes]
    statements += [property_index(node_label, prop) for node_label, prop in INDEXED_PROPERTIES]
    statements.append(search_index())
    return statements


def list_search_indexes() -> str:
    """Names of full-text indexes this adapter created (to drop outdated ones)."""
    return ("SHOW FULLTEXT INDEXES YIELD name WHERE name STARTS WITH $prefix "
            "RETURN name")


def drop_index(name: str) -> str:
    """Drop one of the adapter's own indexes by name."""
    if not name.startswith(INDEX_PREFIX):
        raise SchemaError(f"{name!r} is not an index of this adapter")
    return f"DROP INDEX {_checked(name)} IF EXISTS"


def await_indexes() -> str:
    """Wait until new indexes are online, so the first search does not fail."""
    return "CALL db.awaitIndexes($seconds)"


# ------------------------------------------------------------------ writes


@dataclass(frozen=True, order=True)
class EdgeGroup:
    """Edges of one type between two labels: one ``UNWIND`` in the write statement."""

    type: str
    source: str
    target: str

    @property
    def param(self) -> str:
        """The parameter that carries this group's rows."""
        return f"edges_{self.type}_{self.source}_{self.target}"


def schema_edge_groups() -> tuple[EdgeGroup, ...]:
    """Every (type, source label, target label) the schema allows, sorted."""
    return tuple(sorted(EdgeGroup(name, src, dst) for name, rel in SCHEMA.relationships.items()
                        for src in rel.sources for dst in rel.targets))


def owned_param(node_label: str) -> str:
    """Parameter with the rows of a label's owned (replaced) nodes."""
    return f"owned_{node_label}"


def shared_param(node_label: str) -> str:
    """Parameter with the rows of a label's shared (created when missing) nodes."""
    return f"shared_{node_label}"


def _drop_owned_lines() -> list[str]:
    report = label("Report")
    makes = rel_type("MAKES")
    return [
        f"CALL () {{ UNWIND $report_ids AS report_id MATCH (report:{report} {{{ID}: report_id}}) "
        f"MATCH (report)-[:{makes}]->(claim) DETACH DELETE claim }}",
        f"CALL () {{ UNWIND $report_ids AS report_id MATCH (report:{report} {{{ID}: report_id}}) "
        "MATCH (report)-[out]->() DELETE out }",
    ]


def _node_lines(node_label: str) -> list[str]:
    quoted = label(node_label)
    return [
        f"CALL () {{ UNWIND ${_checked(owned_param(node_label))} AS row "
        f"MERGE (n:{quoted} {{{ID}: row.{ID}}}) SET n = row.props }}",
        f"CALL () {{ UNWIND ${_checked(shared_param(node_label))} AS row "
        f"MERGE (n:{quoted} {{{ID}: row.{ID}}}) ON CREATE SET n = row.props }}",
    ]


def _edge_line(group: EdgeGroup) -> str:
    return (f"CALL () {{ UNWIND ${_checked(group.param)} AS row "
            f"MATCH (a:{label(group.source)} {{{ID}: row.source}}) "
            f"MATCH (b:{label(group.target)} {{{ID}: row.target}}) "
            f"MERGE (a)-[r:{rel_type(group.type)} {{{ID}: row.{ID}}}]->(b) SET r = row.props }}")


@lru_cache(maxsize=64)
def write_reports(extra_groups: tuple[EdgeGroup, ...] = ()) -> str:
    """The batches of one or more reports in one statement (and so one round trip).

    First the reports' claims and outgoing relationships go (replace on re-ingest),
    then owned nodes are replaced, shared nodes created only when missing, and every
    relationship merged by id between ends that exist. The text is the same for every
    call (unused groups get empty lists), so Neo4j plans it once.
    """
    lines = _drop_owned_lines()
    for node_label in SCHEMA.nodes:
        lines += _node_lines(node_label)
    for group in (*schema_edge_groups(), *extra_groups):
        lines.append(_edge_line(group))
    return "\n".join(lines)


def create_nodes(node_label: str) -> str:
    """Bare ``UNWIND $rows CREATE``: the benchmark's ceiling for writing nodes."""
    return f"UNWIND $rows AS row CREATE (n:{label(node_label)}) SET n = row.props"


def create_edges(group: EdgeGroup) -> str:
    """Bare ``UNWIND $rows CREATE`` of relationships: the benchmark's ceiling."""
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{label(group.source)} {{{ID}: row.source}}) "
            f"MATCH (b:{label(group.target)} {{{ID}: row.target}}) "
            f"CREATE (a)-[r:{rel_type(group.type)}]->(b) SET r = row.props")


# ---------------------------------------------------------------- deletion


def _matched(labels: Iterable[str] | None, ids: str = "$ids") -> str:
    """Nodes with the given ids among ``labels`` (all by default), one index seek per label."""
    union = " UNION ALL ".join(f"MATCH (n:{label(name)}) WHERE n.{ID} IN {ids} RETURN n"
                               for name in labels or SCHEMA.nodes)
    return f"CALL () {{ {union} }} "


def outgoing_targets(labels: Iterable[str] | None = None) -> str:
    """Ends of the relationships leaving nodes, optionally of some types."""
    return (_matched(labels) + "MATCH (n)-[r]->(m) WHERE $types IS NULL OR type(r) IN $types "
            f"RETURN collect(DISTINCT m.{ID}) AS targets")


def detach_delete(labels: Iterable[str] | None = None) -> str:
    """Delete nodes by id with every relationship touching them."""
    return _matched(labels) + "DETACH DELETE n"


def delete_outgoing(labels: Iterable[str] | None = None) -> str:
    """Delete the relationships leaving nodes."""
    return _matched(labels) + "MATCH (n)-[r]->() DELETE r"


def has_incoming(labels: Iterable[str] | None = None) -> str:
    """Whether anything points at a node."""
    return _matched(labels) + "RETURN COUNT { (n)<--() } > 0 AS incoming"


def replace_node_properties(labels: Iterable[str] | None = None) -> str:
    """Replace all properties of a node (a report demoted to a stub)."""
    return _matched(labels) + "SET n = $props"


def surroundings(labels: Iterable[str] | None = None) -> str:
    """Each node's labels and properties, and the type and other end of each relationship."""
    return (_matched(labels) + "OPTIONAL MATCH (n)-[r]-(m) "
            f"RETURN labels(n) AS labels, properties(n) AS props, "
            f"collect([type(r), m.{ID}]) AS around")


def ingestion_in_use() -> str:
    """Whether any report names an ingestion (uses the ingestion_id index)."""
    return (f"RETURN EXISTS {{ MATCH (r:{label('Report')}) "
            "WHERE r.ingestion_id = $ingestion_id } AS used")


def clear_all() -> list[str]:
    """Delete everything in small transactions (tests and benchmarks).

    Relationships go first, so that a hub node with many relationships never has to be
    deleted in one piece (that can exceed the transaction memory limit).
    """
    return ["MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
            "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS"]


# ------------------------------------------------------------------- reads


def _node_union(labels: Iterable[str], returning: str) -> str:
    return " UNION ALL ".join(
        f"MATCH (n:{label(name)}) WHERE n.{ID} IN $ids RETURN {_literal(name)} AS label, {returning}"
        for name in labels)


def nodes_by_id(labels: Iterable[str] | None = None) -> str:
    """Nodes by id among ``labels`` (all by default): one index seek per label, one round
    trip, and one row of ``[label, props]`` pairs (the driver decodes one row far faster
    than thousands)."""
    union = _node_union(labels or SCHEMA.nodes, "properties(n) AS props")
    return f"CALL () {{ {union} }} RETURN collect([label, props]) AS rows"


def node_fields_by_id(labels: Iterable[str] | None = None) -> str:
    """As :func:`nodes_by_id`, with only the properties named in ``$fields``: one row of
    ``[label, id, [[key, value], ...]]``."""
    union = _node_union(labels or SCHEMA.nodes,
                        f"n.{ID} AS id, [k IN $fields WHERE n[k] IS NOT NULL | [k, n[k]]] AS pairs")
    return f"CALL () {{ {union} }} RETURN collect([label, id, pairs]) AS rows"


def labels_by_id() -> str:
    """The label of each existing id (for relationship ends not in the batch)."""
    return _node_union(SCHEMA.nodes, f"n.{ID} AS id")


def find_nodes(node_label: str) -> str:
    """Nodes of a label whose properties equal (or lack) the given ones, ordered by id."""
    return (f"MATCH (n:{label(node_label)}) "
            "WHERE all(key IN keys($equal) WHERE n[key] = $equal[key]) "
            "AND all(key IN $absent WHERE n[key] IS NULL) "
            f"RETURN properties(n) AS props ORDER BY n.{ID} SKIP $offset LIMIT $limit")


PATTERNS = {"out": "(n)-[r]->(m)", "in": "(n)<-[r]-(m)", "both": "(n)-[r]-(m)"}


def edges_around(direction: str, only_fields: bool = False, labels: Iterable[str] | None = None) -> str:
    """Relationships touching the given nodes (of ``labels``, all by default) in one
    direction, optionally of some types (with ``only_fields``, just ``$fields``)."""
    starts = " UNION ALL ".join(
        f"MATCH (n:{label(name)}) WHERE n.{ID} IN $ids RETURN n" for name in labels or SCHEMA.nodes)
    props = (f"r.{ID}, [k IN $fields WHERE r[k] IS NOT NULL | [k, r[k]]]"
             if only_fields else "properties(r)")
    return (f"CALL () {{ {starts} }} "
            f"MATCH {PATTERNS[direction]} "
            "WHERE $types IS NULL OR type(r) IN $types "
            f"RETURN collect([type(r), startNode(r).{ID}, endNode(r).{ID}, {props}]) AS rows")


def search() -> str:
    """Full-text candidates that hold every word, optionally of some labels, ordered by id."""
    return ("CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node "
            f"WHERE all(word IN $words WHERE word IN node.{SEARCH_WORDS}) "
            "AND ($labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)) "
            f"RETURN labels(node) AS labels, properties(node) AS props "
            f"ORDER BY node.{ID} LIMIT $limit")


def ids_with_prefix(labels: Iterable[str] | None = None) -> str:
    """Node ids starting with ``$prefix`` among ``labels`` (all by default), by id, at most
    ``$limit``: a STARTS WITH seek on each label's id index."""
    union = " UNION ALL ".join(
        f"MATCH (n:{label(name)}) WHERE n.{ID} STARTS WITH $prefix RETURN n.{ID} AS id"
        for name in (labels or SCHEMA.nodes))
    return f"CALL () {{ {union} }} RETURN id ORDER BY id LIMIT $limit"


def word_postings(node_label: str) -> str:
    """Per word, the ids of the ``node_label`` nodes holding it; null when the index holds
    it for more than ``$cap`` nodes (of any label: a topic word, as in the embedded store).

    The whitespace analyzer indexes each search word exactly, so an index hit holds the
    word and nothing of the node is read but its label and, for a rare word, its id:
    reading the word list of every hit cost the server more than the look-up itself."""
    return ("UNWIND $words AS word "
            "CALL (word) { CALL db.index.fulltext.queryNodes($index, '\"' + word + '\"', {limit: $cap + 1}) "
            "YIELD node RETURN collect(node) AS hits } "
            f"RETURN word, CASE WHEN size(hits) > $cap THEN null "
            f"ELSE [n IN hits WHERE n:{label(node_label)} | n.{ID}] END AS ids")


def stats() -> str:
    """Nodes per label and relationships per type, from Neo4j's count store."""
    counts = [f"MATCH (n:{label(name)}) RETURN {_literal(name)} AS name, count(n) AS count"
              for name in SCHEMA.nodes]
    counts += [f"MATCH ()-[r:{rel_type(name)}]->() RETURN {_literal(name)} AS name, count(r) AS count"
               for name in SCHEMA.relationships]
    return " UNION ALL ".join(counts)


CLAIM_LINKS = ("MENTIONS", "SUBJECT", "OBJECT")


def _node_with_id(var: str, key: str, labels: Iterable[str] | None) -> str:
    """A union of id look-ups binding ``var`` to the node whose id is ``key``, one per
    label (each on that label's unique id index), all labels when none are known."""
    return " UNION ALL ".join(f"MATCH ({var}:{label(name)}) WHERE {var}.{ID} = {key} RETURN {var}"
                              for name in labels or SCHEMA.nodes)


def mention_postings(labels: Iterable[str] | None = None) -> str:
    """Per entity of ``$ids`` (of ``labels``), the claims linked to it, at most ``$limit``:
    the match stops at the limit, so an entity named by a million claims costs the same."""
    links = "|".join(rel_type(name) for name in CLAIM_LINKS)
    return ("UNWIND $ids AS id "
            f"CALL (id) {{ CALL (id) {{ {_node_with_id('n', 'id', labels)} }} "
            f"MATCH (c:{label('Claim')})-[:{links}]->(n) WITH DISTINCT c LIMIT $limit "
            f"RETURN collect(c.{ID}) AS claims }} "
            "RETURN id, claims")


def pair_postings(labels: Iterable[str] | None = None) -> str:
    """Per pair ``[a, b]`` of ``$pairs`` (entities of ``labels``), the claims linked to both,
    at most ``$limit``: two entities each named by thousands of claims share a handful,
    and the match stops at the limit instead of counting and sorting the first one's."""
    links = "|".join(rel_type(name) for name in CLAIM_LINKS)
    return ("UNWIND $pairs AS pair "
            f"CALL (pair) {{ CALL (pair) {{ {_node_with_id('a', 'pair[0]', labels)} }} "
            f"CALL (pair) {{ {_node_with_id('b', 'pair[1]', labels)} }} "
            f"MATCH (a)<-[:{links}]-(c:{label('Claim')})-[:{links}]->(b) WITH DISTINCT c LIMIT $limit "
            f"RETURN collect(c.{ID}) AS claims }} "
            "RETURN pair[0] AS a, pair[1] AS b, claims")


CLAIM_FILTERS = ("within", "since", "until", "hedged", "sourced", "publisher")


def _claim_filters(filters: Iterable[str]) -> str:
    """The ``WHERE`` of the claim-page filters that are set (each reads its ``$name``):
    a filter not asked for reads nothing (each property read walks a claim's property
    chain, and a country has tens of thousands of claims)."""
    links = "|".join(rel_type(name) for name in CLAIM_LINKS)
    tests = {
        "within": f"EXISTS {{ MATCH (c)-[:{links}]->(w) WHERE w.{ID} IN $within }}",
        "since": "(day <> '' AND day >= $since)",
        "until": "(day <> '' AND day <= $until)",
        "hedged": "coalesce(c.hedged, false) = $hedged",
        "sourced": "coalesce(c.sourced, false) = $sourced",
        "publisher": (f"EXISTS {{ MATCH (r:{label('Report')} {{{ID}: c.report_id}}) "
                      "WHERE toLower(coalesce(r.publisher, '')) = $publisher }"),
    }
    chosen = [tests[name] for name in CLAIM_FILTERS if name in set(filters)]
    return f"WHERE {' AND '.join(chosen)} " if chosen else ""


def claim_page(newest_first: bool, labels: Iterable[str] | None = None,
               filters: Iterable[str] = CLAIM_FILTERS) -> str:
    """Claims linked to entities (of ``labels``), filtered, sorted and paged in the server.

    ``filters`` names the filters that are set (of :data:`CLAIM_FILTERS`); the dates
    compare the first ten characters of a claim's ``published``; the answer is one row:
    the total and the page of ``[claim id, [linked entity ids]]``. Only the page's
    claims have their linked entities gathered (gathering them for every claim, then
    sorting the lists with them, was half the time of a country's page).
    """
    links = "|".join(rel_type(name) for name in CLAIM_LINKS)
    starts = " UNION ALL ".join(
        f"MATCH (n:{label(name)}) WHERE n.{ID} IN $ids RETURN n" for name in labels or SCHEMA.nodes)
    order = "DESC" if newest_first else "ASC"
    return (f"CALL () {{ {starts} }} "
            f"MATCH (c:{label('Claim')})-[:{links}]->(n) "
            "WITH DISTINCT c "
            "WITH c, coalesce(c.published, '') AS published "
            "WITH c, published, left(published, 10) AS day "
            f"{_claim_filters(filters)}"
            f"WITH c, published ORDER BY published {order}, c.{ID} {order} "
            "WITH collect(c) AS rows "
            "RETURN size(rows) AS total, "
            f"[c IN rows[$offset..$offset + $limit] | [c.{ID}, "
            f"[(c)-[:{links}]->(n) WHERE n.{ID} IN $ids | n.{ID}]]] AS page")


def report_claims() -> str:
    """The claims of the reports ``$ids``, each with the ids of the entities it mentions:
    one row of ``[report id, claim properties, [entity ids]]`` triples."""
    return (f"MATCH (r:{label('Report')}) WHERE r.{ID} IN $ids "
            f"MATCH (r)-[:{rel_type('MAKES')}]->(c:{label('Claim')}) "
            f"OPTIONAL MATCH (c)-[:{rel_type('MENTIONS')}]->(e) "
            f"WITH r, c, collect(e.{ID}) AS entities "
            f"RETURN collect([r.{ID}, properties(c), entities]) AS rows")


def claim_summary(labels: Iterable[str] | None = None) -> str:
    """What an entity profile counts over the distinct claims linked to ``$ids`` (of
    ``labels``), in one statement that gathers the claims once: ``claims``, ``reports``,
    ``hedged``, ``months`` (``[month, claims]`` pairs, "undated" without a date) and
    ``co`` (``[entity id, mentions]``: the entities those claims mention besides ``$ids``,
    most first then by id, at most ``$limit``)."""
    links = "|".join(rel_type(name) for name in CLAIM_LINKS)
    starts = " UNION ALL ".join(
        f"MATCH (n:{label(name)}) WHERE n.{ID} IN $ids RETURN n" for name in labels or SCHEMA.nodes)
    return (f"CALL () {{ {starts} }} MATCH (c:{label('Claim')})-[:{links}]->(n) WITH DISTINCT c "
            "WITH collect(c) AS claims "
            "CALL (claims) { UNWIND claims AS c "
            "RETURN count(c) AS total, count(DISTINCT c.report_id) AS reports, "
            "sum(CASE WHEN coalesce(c.hedged, false) THEN 1 ELSE 0 END) AS hedged } "
            "CALL (claims) { UNWIND claims AS c "
            "WITH CASE WHEN coalesce(c.published, '') = '' THEN 'undated' "
            "ELSE left(c.published, 7) END AS month, count(*) AS n "
            "RETURN collect([month, n]) AS months } "
            "CALL (claims) { UNWIND claims AS c "
            f"MATCH (c)-[:{rel_type('MENTIONS')}]->(o) WHERE NOT o.{ID} IN $ids "
            f"WITH o.{ID} AS id, count(*) AS n ORDER BY n DESC, id LIMIT $limit "
            "RETURN collect([id, n]) AS co } "
            "RETURN total AS claims, reports, hedged, months, co")


def claim_links(labels: Iterable[str]) -> str:
    """Every claim linked (MENTIONS, SUBJECT, OBJECT) to a node of ``labels``, with its
    links to those nodes: one row per claim, in claim id order, ``links`` holding
    ``[type, entity id, predicate]`` (the predicate of SUBJECT links, '' on the others).

    ``$since`` and ``$until`` bound the first ten characters of the claim's ``published``
    (null: no bound; with a bound, an undated claim is left out), as :func:`claim_page` does.
    """
    links = "|".join(rel_type(name) for name in CLAIM_LINKS)
    matches = " UNION ALL ".join(
        f"MATCH (n:{label(name)})<-[r:{links}]-(c:{label('Claim')}) RETURN c, r, n" for name in labels)
    return (f"CALL () {{ {matches} }} "
            "WITH c, r, n, left(coalesce(c.published, ''), 10) AS day "
            "WHERE ($since IS NULL OR (day <> '' AND day >= $since)) "
            "AND ($until IS NULL OR (day <> '' AND day <= $until)) "
            f"WITH c, collect([type(r), n.{ID}, CASE WHEN type(r) = {_literal('SUBJECT')} "
            "THEN coalesce(r.predicate, '') ELSE '' END]) AS links "
            f"RETURN c.{ID} AS claim, coalesce(c.report_id, '') AS report, "
            "coalesce(c.published, '') AS published, coalesce(c.hedged, false) AS hedged, "
            "coalesce(c.sourced, false) AS sourced, links ORDER BY claim")


def explain(query: str) -> str:
    """A researcher's query planned, not run: its plan shows what it would do."""
    return f"EXPLAIN {query}"
