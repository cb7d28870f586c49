"""The Neo4j store: the same graph and the same answers as the embedded store, in Neo4j.

Each report's batch is one write transaction (all of it or none); a read of one
statement runs as an auto-commit read query, a read of several in one read
transaction; every statement comes from ``cypher.py`` and every value is a parameter.
Each node keeps its schema label and an ``id`` property (unique per label); search
words live in a hidden property indexed by a full-text index. Connection problems and
refused credentials surface as one-line :class:`StoreError` within seconds.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import neo4j
from neo4j import exceptions as neo4j_errors

from graph.model import Direction, Edge, GraphBatch, Node, Subgraph
from graph.schema import SCHEMA, SchemaError
from graph.settings import Settings, current
from graph.stores import cypher, read_query
from graph.stores.base import (
    MAX_EXPAND_NODES,
    ClaimLinks,
    ClaimPage,
    ClaimQuery,
    ClaimSummary,
    PreparedBatch,
    SearchHit,
    StoreError,
    capped,
    delete_report_with,
    empty_stats,
    expand_with,
    matched_field,
    search_tokens,
    searchable_fields,
)

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_USER = "neo4j"
MAX_LUCENE_WORDS = 256
CHUNK_ROWS = 16_000  # nodes + relationships per write statement in write_batches (100,000 claims
                     # at load average 2-4: 4,000 rows 51% of the bare-UNWIND ceiling, 16,000 66-67%)
INDEX_WAIT_SECONDS = 300
DRIVER_CONFIG: dict[str, Any] = {
    "connection_timeout": 5.0,              # a dead host fails in seconds, not minutes
    "connection_acquisition_timeout": 10.0,
    "max_transaction_retry_time": 5.0,      # retries only transient errors (deadlocks)
    "notifications_min_severity": "WARNING",
}
Result = TypeVar("Result")
Runner = neo4j.Session | neo4j.ManagedTransaction   # what runs one read statement
_REASON = re.compile(r"\(reason (.+)\)\s*$")

# The driver logs connection failures as warnings; without this, Python's last-resort
# handler would print them next to the one error line the CLI shows.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect; the password is never put into messages."""

    uri: str
    user: str = DEFAULT_USER
    password: str | None = None
    database: str | None = None


def settings_from_url(url: str, env: Mapping[str, str] | None = None) -> Neo4jSettings:
    """Settings from ``bolt://[user[:password]@]host[:port][/database]`` and NEO4J_* variables.

    Credentials and database in the URL win over ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
    ``NEO4J_DATABASE``; the returned URI carries neither credentials nor path.
    """
    given = current() if env is None else Settings.from_environ(env)
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    if parts.scheme not in SCHEMES or not host:
        raise StoreError(f"not a Neo4j URL (expected bolt://host:port or neo4j://host:port): "
                         f"{parts.scheme}://{host}")
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise StoreError(f"bad port in Neo4j URL {parts.scheme}://{host}: {exc}") from None
    user = unquote(parts.username) if parts.username else given.neo4j_user or DEFAULT_USER
    password = (unquote(parts.password) if parts.password is not None
                else given.neo4j_password)
    database = unquote(parts.path.strip("/")) or given.neo4j_database
    return Neo4jSettings(f"{parts.scheme}://{host}", user, password, database)


def one_line(text: str, limit: int = 300) -> str:
    """Collapse a driver message to one short line."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def unreachable_reason(text: str) -> str:
    """The operating system's reason when the driver gives one ("Connection refused")."""
    found = _REASON.search(text.strip())
    return found.group(1) if found else one_line(text)


# ------------------------------------------------------------- batch rows


def _present(props: Mapping[str, Any]) -> dict[str, Any]:
    """Neo4j cannot store null: a property set to None is simply not written."""
    return {k: v for k, v in props.items() if v is not None}


def search_words(node: Node) -> list[str]:
    """The node's searchable words, tokenised as the embedded store does, sorted."""
    words: set[str] = set()
    for name in searchable_fields(node.label):
        value = node.props.get(name)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                words.update(search_tokens(text))
    return sorted(words)


def node_props(node: Node) -> dict[str, Any]:
    """What a node stores in Neo4j: its properties, its id and its search words."""
    props = {**_present(node.props), cypher.ID: node.id}
    words = search_words(node)
    if words:
        props[cypher.SEARCH_WORDS] = words
    return props


def _node_row(node: Node) -> dict[str, Any]:
    return {cypher.ID: node.id, "props": node_props(node)}


def _edge_row(edge: Edge) -> dict[str, Any]:
    return {cypher.ID: edge.id, "source": edge.source, "target": edge.target,
            "props": {**_present(edge.props), cypher.ID: edge.id}}


@dataclass
class WriteChunk:
    """Reports written by one statement in one transaction, with the same result as in turn.

    Writing reports together reorders their steps (all old claims go first, then all
    nodes, then all relationships). That changes nothing unless one report's batch
    holds another's claims or starts relationships at another report of the chunk, or
    refers to nodes outside itself; such batches start a new chunk (checked in
    :meth:`accepts`).
    """

    batches: list[PreparedBatch] = field(default_factory=list)
    owned: set[str] = field(default_factory=set)
    reports: set[str] = field(default_factory=set)
    nodes: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    rows: int = 0
    alone: bool = False

    def accepts(self, batch: PreparedBatch) -> bool:
        """Whether ``batch`` can join without changing what in-turn writing would give."""
        if not self.batches:
            return True
        if self.alone or batch.loose_ends() or batch.report_id in self.owned:
            return False
        claims = batch.owned.keys() - {batch.report_id}
        return not (claims & self.nodes or (self.owned - self.reports) & batch.node_ids()
                    or batch.report_id in self.sources or batch.shared_sources() & self.reports)

    def add(self, batch: PreparedBatch) -> None:
        """Take ``batch`` into the chunk (after :meth:`accepts`)."""
        self.batches.append(batch)
        self.owned |= batch.owned.keys()
        self.reports.add(batch.report_id)
        self.nodes |= batch.node_ids()
        self.sources |= batch.shared_sources()
        self.rows += batch.size()
        self.alone = self.alone or bool(batch.loose_ends())

    def statement_input(self) -> tuple[dict[str, Any], list[Edge], dict[str, str]]:
        """Parameters for the nodes, the relationships, and the labels of known ids."""
        owned: dict[str, Node] = {}
        shared: dict[str, Node] = {}
        edges: dict[tuple[str, str, str], Edge] = {}
        for batch in self.batches:
            owned.update(batch.owned)
            edges.update(batch.edges)
        for batch in self.batches:
            for nid, node in batch.shared.items():
                if nid not in owned:
                    shared.setdefault(nid, node)
        params: dict[str, Any] = {"report_ids": [b.report_id for b in self.batches]}
        for node_label in SCHEMA.nodes:
            params[cypher.owned_param(node_label)] = [
                _node_row(n) for n in owned.values() if n.label == node_label]
            params[cypher.shared_param(node_label)] = [
                _node_row(n) for n in shared.values() if n.label == node_label]
        labels = {nid: n.label for nid, n in (*owned.items(), *shared.items())}
        return params, list(edges.values()), labels

    def loose_ends(self) -> list[str]:
        """Relationship ends outside the chunk's batches."""
        return sorted(set().union(*(b.loose_ends() for b in self.batches)))


def group_edges(edges: Sequence[Edge], labels: Mapping[str, str]
                ) -> tuple[dict[str, list[dict[str, Any]]], tuple[cypher.EdgeGroup, ...]]:
    """Edge rows per group parameter, and the groups the schema does not list.

    Relationships whose ends are nowhere (not in the batch, not in the store) are
    dropped, as the embedded store drops them.
    """
    known = set(cypher.schema_edge_groups())
    rows: dict[str, list[dict[str, Any]]] = {group.param: [] for group in known}
    extra: set[cypher.EdgeGroup] = set()
    for edge in edges:
        if edge.source not in labels or edge.target not in labels:
            continue
        group = cypher.EdgeGroup(edge.type, labels[edge.source], labels[edge.target])
        if group not in known:
            extra.add(group)
        rows.setdefault(group.param, []).append(_edge_row(edge))
    return rows, tuple(sorted(extra))


def chunked(batches: Iterable[GraphBatch], max_rows: int, *,
            validated: bool = False) -> Iterator[WriteChunk | SchemaError]:
    """Compatible batches grouped up to ``max_rows``; an invalid batch ends the stream."""
    chunk = WriteChunk()
    for batch in batches:
        try:
            prepared = PreparedBatch.of(batch, validate=not validated)
        except SchemaError as exc:
            if chunk.batches:
                yield chunk
            yield exc
            return
        if chunk.batches and (chunk.rows + prepared.size() > max_rows
                              or not chunk.accepts(prepared)):
            yield chunk
            chunk = WriteChunk()
        chunk.add(prepared)
    if chunk.batches:
        yield chunk


# ---------------------------------------------------------------- reading


def node_from(label: str, props: Mapping[str, Any]) -> Node:
    """A model node from stored properties (without the adapter's own keys)."""
    hidden = (cypher.ID, cypher.SEARCH_WORDS)
    return Node(label, str(props[cypher.ID]), {k: v for k, v in props.items() if k not in hidden})


def labels_of(ids: Sequence[str]) -> list[str] | None:
    """The labels these ids can have, from their prefixes (``clm:`` is a Claim); None when
    an id has no known prefix, so that every label is searched."""
    labels = {SCHEMA.label_for_prefix(nid) for nid in ids}
    if None in labels:
        return None
    return sorted(label for label in labels if label is not None)


def schema_label(labels: Sequence[str]) -> str:
    """The schema label among a Neo4j node's labels."""
    return next(name for name in labels if name in SCHEMA.nodes)


def lucene_query(words: Sequence[str]) -> str:
    """Every word required; words are ``\\w+`` tokens, so quoting them is enough."""
    return " ".join(f'+"{word}"' for word in words[:MAX_LUCENE_WORDS])


class Neo4jStore:
    """The :class:`~graph.stores.base.GraphStore` over a Neo4j 5 server."""

    def __init__(self, uri: str, user: str = DEFAULT_USER, password: str | None = None,
                 database: str | None = None, *, chunk_rows: int = CHUNK_ROWS):
        """Connect, check the credentials and create constraints and indexes if missing."""
        _check_reserved_names()
        self.chunk_rows = chunk_rows
        self.uri = uri
        self.user = user
        self.database = database
        auth = (user, password) if password is not None else None
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()  # read your writes in clusters
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth, **DRIVER_CONFIG)
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise StoreError(f"cannot use Neo4j URL {uri}: {one_line(str(exc))}") from None
        try:
            with self._errors("connecting"):
                self._driver.verify_connectivity()
            self.ensure_schema()
        except StoreError:
            self._driver.close()
            raise

    @classmethod
    def connect(cls, uri: str, user: str = DEFAULT_USER, password: str | None = None,
                database: str | None = None) -> Neo4jStore:
        """Open a store on a running server with explicit credentials."""
        return cls(uri, user, password, database)

    @classmethod
    def from_url(cls, url: str) -> Neo4jStore:
        """Open the store a ``bolt://`` or ``neo4j://`` URL names (see settings_from_url)."""
        settings = settings_from_url(url)
        return cls(settings.uri, settings.user, settings.password, settings.database)

    # ------------------------------------------------------------ plumbing

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Turn driver failures into one-line StoreErrors that name the server."""
        try:
            yield
        except neo4j_errors.AuthError:
            raise StoreError(
                f"Neo4j at {self.uri} refused the credentials of user {self.user!r} while "
                f"{doing} (check NEO4J_USER and NEO4J_PASSWORD)") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
            raise StoreError(f"cannot reach Neo4j at {self.uri} while {doing} "
                             f"(is it running?): {unreachable_reason(str(exc))}") from None
        except neo4j_errors.Neo4jError as exc:
            raise StoreError(f"Neo4j at {self.uri} failed while {doing}: {exc.code}: "
                             f"{one_line(exc.message or str(exc))}") from None
        except neo4j_errors.DriverError as exc:
            raise StoreError(f"Neo4j driver error while {doing} ({self.uri}): "
                             f"{one_line(str(exc))}") from None

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self.database, bookmark_manager=self._bookmarks)

    def _read(self, doing: str, work: Callable[[neo4j.ManagedTransaction], Result]) -> Result:
        """Several statements in one read transaction: they see one state of the graph."""
        with self._errors(doing), self._session() as session:
            return session.execute_read(work)

    def _read_one(self, doing: str, work: Callable[[Runner], Result]) -> Result:
        """One read statement as an auto-commit query. A managed transaction costs the
        server about a millisecond of CPU for its BEGIN and COMMIT round trips, several
        times what a small indexed read costs, and one corroboration question makes
        sixteen such reads; a single statement sees one state of the graph either way.
        (Auto-commit queries are not retried; a read fails with one error line.)"""
        with self._errors(doing), self._driver.session(
                database=self.database, bookmark_manager=self._bookmarks,
                default_access_mode=neo4j.READ_ACCESS) as session:
            return work(session)

    def _write(self, doing: str, work: Callable[[neo4j.ManagedTransaction], Result]) -> Result:
        with self._errors(doing), self._session() as session:
            return session.execute_write(work)

    def ensure_schema(self) -> None:
        """Create the constraints and indexes the schema implies; drop outdated search indexes."""
        with self._errors("creating constraints and indexes"), self._session() as session:
            created = 0
            current = cypher.search_index_name()
            for record in session.run(cypher.list_search_indexes(),
                                      prefix=cypher.SEARCH_INDEX_PREFIX):
                if record["name"] != current:
                    session.run(cypher.drop_index(record["name"])).consume()
            for statement in cypher.schema_statements():
                counters = session.run(statement).consume().counters
                created += counters.indexes_added + counters.constraints_added
            if created:
                session.run(cypher.await_indexes(), seconds=INDEX_WAIT_SECONDS).consume()

    def clear_all(self) -> None:
        """Delete every node and relationship (tests and benchmarks); keeps the schema."""
        with self._errors("clearing the database"), self._session() as session:
            for statement in cypher.clear_all():
                session.run(statement).consume()

    # -------------------------------------------------------------- writing

    def write_batch(self, batch: GraphBatch) -> None:
        """Write one report's batch in one transaction; replaces an earlier version."""
        self.write_batches([batch])

    def grouped(self) -> contextlib.AbstractContextManager[None]:
        """Each report keeps its own transaction here (reads inside must see earlier ones)."""
        return contextlib.nullcontext()

    def write_batches(self, batches: Iterable[GraphBatch], *, validated: bool = False) -> None:
        """Write reports in order, several per transaction, as write_batch on each would.

        Each report is still all or nothing: when a transaction of several fails, its
        reports are retried one by one, so the reports before the failing one are
        written and its error is raised.
        """
        for item in chunked(batches, self.chunk_rows, validated=validated):
            if isinstance(item, SchemaError):
                raise item
            try:
                self._write_chunk(item)
            except StoreError:
                if len(item.batches) == 1:
                    raise
                for prepared in item.batches:
                    single = WriteChunk()
                    single.add(prepared)
                    self._write_chunk(single)

    def _write_chunk(self, chunk: WriteChunk) -> None:
        reports = ", ".join(b.report_id for b in chunk.batches[:3])
        more = f" and {len(chunk.batches) - 3} more" if len(chunk.batches) > 3 else ""
        self._write(f"writing report {reports}{more}", lambda tx: _run_chunk(tx, chunk))

    def delete_report(self, report_id: str) -> bool:
        """Delete a report and what only it supports; a cited report stays as a stub."""
        return self._write(f"deleting report {report_id}",
                           lambda tx: delete_report_with(_DeletePrimitives(tx), report_id))

    # -------------------------------------------------------------- reading

    def get_nodes(self, ids: Sequence[str], fields: Sequence[str] | None = None) -> dict[str, Node]:
        """The existing nodes among ``ids``, in the order asked for (only ``fields`` if given)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}

        labels = labels_of(wanted)

        def work(tx: Runner) -> dict[str, Node]:
            if fields is not None:
                rows = tx.run(cypher.node_fields_by_id(labels), ids=wanted, fields=list(fields)).single()
                return {str(nid): node_from(label, {cypher.ID: nid, **dict(pairs)})
                        for label, nid, pairs in (rows["rows"] if rows else [])}
            found = tx.run(cypher.nodes_by_id(labels), ids=wanted).single()
            return {str(props[cypher.ID]): node_from(label, props)
                    for label, props in (found["rows"] if found else [])}

        found = self._read_one("reading nodes", work)
        return {nid: found[nid] for nid in wanted if nid in found}

    def find_nodes(self, label: str, where: Mapping[str, Any] | None = None,
                   limit: int = 100, offset: int = 0) -> list[Node]:
        """Nodes of ``label`` whose properties equal ``where``, ordered by id."""
        statement = cypher.find_nodes(label)
        conditions = dict(where or {})
        hidden = {k: v for k, v in conditions.items() if k in (cypher.ID, cypher.SEARCH_WORDS)}
        if any(v is not None for v in hidden.values()):
            return []          # the model never has these keys, so nothing can equal them
        equal = {k: v for k, v in conditions.items() if v is not None and k not in hidden}
        absent = [k for k, v in conditions.items() if v is None and k not in hidden]

        def work(tx: Runner) -> list[Node]:
            result = tx.run(statement, equal=equal, absent=absent, offset=offset, limit=limit)
            return [node_from(label, r["props"]) for r in result]

        return self._read_one(f"finding {label} nodes", work)

    def edges(self, ids: Sequence[str], types: Sequence[str] | None = None,
              direction: Direction = "out", fields: Sequence[str] | None = None) -> list[Edge]:
        """Edges touching ``ids`` in ``direction``, filtered by type, ordered by id."""
        wanted = list(dict.fromkeys(ids))
        if not wanted or direction not in cypher.PATTERNS:
            return []
        statement = cypher.edges_around(direction, fields is not None, labels_of(wanted))
        type_filter = list(types) if types else None

        def work(tx: Runner) -> dict[str, Edge]:
            found: dict[str, Edge] = {}
            row = tx.run(statement, ids=wanted, types=type_filter, fields=list(fields or ())).single()
            for rel_type, source, target, *rest in (row["rows"] if row else []):
                props = dict(rest[1]) if fields is not None else dict(rest[0])
                eid = str(rest[0]) if fields is not None else str(props.pop(cypher.ID))
                found[eid] = Edge(rel_type, source, target, eid, props)
            return found

        found = self._read_one("reading relationships", work)
        return [found[k] for k in sorted(found)]

    def expand(self, ids: Sequence[str], types: Sequence[str] | None = None, depth: int = 1,
               direction: Direction = "both", max_nodes: int = MAX_EXPAND_NODES) -> Subgraph:
        """Breadth-first subgraph around ``ids`` (shared with the embedded store)."""
        return expand_with(self, ids, types, depth, direction, max_nodes)

    def search(self, text: str, labels: Sequence[str] | None = None,
               limit: int = 50) -> list[SearchHit]:
        """Nodes whose searchable fields hold every word of ``text``, ordered by id."""
        words = list(dict.fromkeys(search_tokens(text)))
        if not words:
            return []
        params: dict[str, Any] = {"index": cypher.search_index_name(), "lucene": lucene_query(words),
                  "words": words, "labels": list(labels) if labels else None,
                  "limit": max(limit, 1)}

        def work(tx: Runner) -> list[Node]:
            return [node_from(schema_label(r["labels"]), r["props"])
                    for r in tx.run(cypher.search(), params)]

        nodes = self._read_one("searching", work)
        return [SearchHit(node, matched_field(node, words)) for node in nodes]

    def ids_with_prefix(self, prefix: str, limit: int = 10) -> list[str]:
        """Ids starting with ``prefix``, in id order, at most ``limit`` (short ids)."""
        statement = cypher.ids_with_prefix(labels_of([prefix]) if ":" in prefix else None)

        def work(tx: Runner) -> list[str]:
            return [str(r["id"]) for r in tx.run(statement, prefix=prefix, limit=limit)]

        return self._read_one("looking up ids", work) if prefix else []

    def word_postings(self, words: Sequence[str], label: str, cap: int) -> dict[str, list[str] | None]:
        """Per word, the ``label`` nodes holding it, in id order; None when more than
        ``cap`` nodes hold it (the word names a topic: corroboration skips it)."""
        wanted = [w for w in dict.fromkeys(words) if search_tokens(w) == [w]]
        params = {"words": wanted, "index": cypher.search_index_name(), "cap": cap}
        statement = cypher.word_postings(label)

        def work(tx: Runner) -> dict[str, list[str] | None]:
            return {row["word"]: None if row["ids"] is None else sorted(str(nid) for nid in row["ids"])
                    for row in tx.run(statement, params)}

        found = self._read_one("looking up words", work) if wanted else {}
        return {w: found.get(w, []) for w in dict.fromkeys(words)}

    def mention_postings(self, entities: Sequence[str], cap: int) -> dict[str, list[str] | None]:
        """Per entity, the claims linked to it, in id order; None when more than ``cap``
        are (one statement, each entity's match cut at the limit in the server)."""
        wanted = list(dict.fromkeys(entities))
        if not wanted:
            return {}
        statement = cypher.mention_postings(labels_of(wanted))

        def work(tx: Runner) -> dict[str, list[str] | None]:
            found: dict[str, list[str] | None] = {}
            for row in tx.run(statement, ids=wanted, limit=cap + 1):
                found[str(row["id"])] = capped((str(c) for c in row["claims"]), cap)
            return found

        found = self._read_one("looking up entities", work)
        return {e: found.get(e, []) for e in wanted}

    def pair_postings(self, pairs: Sequence[tuple[str, str]], cap: int
                      ) -> dict[tuple[str, str], list[str] | None]:
        """Per pair of entities, the claims linked to both, in id order; None when more
        than ``cap`` are (one statement, each pair's match cut at the limit)."""
        wanted = list(dict.fromkeys(pairs))
        if not wanted:
            return {}
        statement = cypher.pair_postings(labels_of([e for pair in wanted for e in pair]))

        def work(tx: Runner) -> dict[tuple[str, str], list[str] | None]:
            found: dict[tuple[str, str], list[str] | None] = {}
            for row in tx.run(statement, pairs=[list(p) for p in wanted], limit=cap + 1):
                found[(str(row["a"]), str(row["b"]))] = capped((str(c) for c in row["claims"]), cap)
            return found

        found = self._read_one("looking up pairs of entities", work)
        return {p: found.get(p, []) for p in wanted}

    def stats(self) -> dict[str, int]:
        """Counts per label and per relationship type."""
        def work(tx: Runner) -> dict[str, int]:
            return {r["name"]: r["count"] for r in tx.run(cypher.stats())}

        counts = empty_stats()
        counts.update(self._read_one("counting", work))
        return counts

    def claim_page(self, query: ClaimQuery) -> ClaimPage:
        """Claims about entities, filtered, sorted and paged in one Cypher statement."""
        entities = list(dict.fromkeys(query.entities))
        if not entities:
            return ClaimPage(0, [])
        filters = [name for name in cypher.CLAIM_FILTERS if getattr(query, name) is not None]
        statement = cypher.claim_page(query.newest_first, labels_of(entities), filters)
        params: dict[str, Any] = {
            "ids": entities, "within": list(query.within) if query.within is not None else None,
            "since": query.since[:10] if query.since is not None else None,
            "until": query.until[:10] if query.until is not None else None,
            "hedged": query.hedged, "sourced": query.sourced,
            "publisher": query.publisher.lower() if query.publisher is not None else None,
            "offset": query.offset, "limit": query.limit}

        def work(tx: Runner) -> ClaimPage:
            row = tx.run(statement, params).single(strict=True)
            return ClaimPage(int(row["total"]), [(str(cid), sorted(linked)) for cid, linked in row["page"]])

        return self._read_one("finding claims about an entity", work)

    def report_claims(self, report_ids: Sequence[str]) -> dict[str, list[tuple[Node, set[str]]]]:
        """Each report's claims in id order, with the entities each mentions (one statement)."""
        wanted = list(dict.fromkeys(report_ids))
        if not wanted:
            return {}

        def work(tx: Runner) -> list[Any]:
            row = tx.run(cypher.report_claims(), ids=wanted).single()
            return list(row["rows"]) if row else []

        found: dict[str, list[tuple[Node, set[str]]]] = {}
        rows = self._read_one("reading reports' claims", work)
        for report, props, entities in sorted(rows, key=lambda r: (str(r[0]), str(r[1][cypher.ID]))):
            found.setdefault(str(report), []).append((node_from("Claim", props), {str(e) for e in entities}))
        return found

    def claim_summary(self, entities: Sequence[str], co_limit: int = 15) -> ClaimSummary:
        """Counts over the claims linked to ``entities``, in one statement that gathers
        the claims once (no claim is sent to the client)."""
        ids = list(dict.fromkeys(entities))
        if not ids:
            return ClaimSummary(0, 0, 0, {}, [])
        statement = cypher.claim_summary(labels_of(ids))

        def work(tx: neo4j.ManagedTransaction) -> ClaimSummary:
            row = tx.run(statement, ids=ids, limit=co_limit).single(strict=True)
            return ClaimSummary(int(row["claims"]), int(row["reports"]), int(row["hedged"] or 0),
                                {str(month): int(n) for month, n in row["months"]},
                                [(str(eid), int(n)) for eid, n in row["co"]])

        return self._read("summarising claims about an entity", work)

    def claim_links(self, labels: Sequence[str], since: str | None = None,
                    until: str | None = None) -> list[ClaimLinks]:
        """Every claim linked to entities of ``labels``, with its links: one statement,
        grouped per claim in the server and streamed one row per claim."""
        wanted = list(dict.fromkeys(labels))
        if not wanted:
            return []
        statement = cypher.claim_links(wanted)
        params = {"since": since[:10] if since else None, "until": until[:10] if until else None}

        def work(tx: Runner) -> list[ClaimLinks]:
            return [ClaimLinks(str(r["claim"]), str(r["report"]), str(r["published"]), bool(r["hedged"]),
                               bool(r["sourced"]), tuple((str(k), str(e), str(p)) for k, e, p in r["links"]))
                    for r in tx.run(statement, params)]

        return self._read_one("reading the claims' links", work)

    def run_read_query(self, query: str, params: dict[str, Any], timeout_s: float, row_limit: int,
                       auth: tuple[str, str] | None = None) -> read_query.ReadResult:
        """A researcher's read-only Cypher, checked and bounded (see ``read_query``); ``auth``
        runs it as another, less privileged user where the server has roles."""
        with self._errors("running a read query"):
            return read_query.run_read_query(self._driver, self.database, query, params,
                                             timeout_s, row_limit, auth)

    def close(self) -> None:
        """Close the driver and its connections."""
        self._driver.close()


def _check_reserved_names() -> None:
    """The adapter's own keys must not collide with a declared property."""
    declared = {p for node in SCHEMA.nodes.values() for p in node.properties}
    declared |= {p for rel in SCHEMA.relationships.values() for p in rel.properties}
    clash = declared & {cypher.ID, cypher.SEARCH_WORDS}
    if clash:
        raise SchemaError(f"the schema declares {sorted(clash)}, which the Neo4j store reserves")


# ------------------------------------------------------- transaction work


def _run_chunk(tx: neo4j.ManagedTransaction, chunk: WriteChunk) -> None:
    """Run the write statement (after looking up labels of ends the chunk does not hold)."""
    params, edges, labels = chunk.statement_input()
    loose = chunk.loose_ends()
    if loose:
        labels.update({r["id"]: r["label"] for r in tx.run(cypher.labels_by_id(), ids=loose)})
    edge_rows, extra = group_edges(edges, labels)
    tx.run(cypher.write_reports(extra), {**params, **edge_rows}).consume()


class _DeletePrimitives:
    """The basic operations the delete rules in ``base`` need, in one Neo4j transaction."""

    def __init__(self, tx: neo4j.ManagedTransaction):
        self.tx = tx

    def node(self, node_id: str) -> Node | None:
        """The node with this id, if any."""
        found = self.tx.run(cypher.nodes_by_id(labels_of([node_id])), ids=[node_id]).single()
        rows = found["rows"] if found else []
        return node_from(rows[0][0], rows[0][1]) if rows else None

    def targets(self, ids: Sequence[str], types: Sequence[str] | None = None) -> set[str]:
        """Ends of the relationships leaving ``ids``."""
        if not ids:
            return set()
        row = self.tx.run(cypher.outgoing_targets(labels_of(ids)), ids=list(ids),
                          types=list(types) if types else None).single(strict=True)
        return set(row["targets"])

    def remove_nodes(self, ids: Sequence[str]) -> None:
        """Remove nodes with every relationship touching them."""
        if ids:
            self.tx.run(cypher.detach_delete(labels_of(ids)), ids=list(ids)).consume()

    def remove_outgoing(self, node_id: str) -> None:
        """Remove the relationships leaving a node."""
        self.tx.run(cypher.delete_outgoing(labels_of([node_id])), ids=[node_id]).consume()

    def has_incoming(self, node_id: str) -> bool:
        """Whether any relationship points at the node."""
        row = self.tx.run(cypher.has_incoming(labels_of([node_id])), ids=[node_id]).single()
        return bool(row and row["incoming"])

    def replace_node(self, node: Node) -> None:
        """Replace a node's properties (with its search words)."""
        self.tx.run(cypher.replace_node_properties(labels_of([node.id])), ids=[node.id],
                    props=node_props(node)).consume()

    def surroundings(self, ids: Sequence[str]) -> dict[str, tuple[Node, set[str], set[str]]]:
        """Each existing node with the types and other ends of its relationships."""
        found: dict[str, tuple[Node, set[str], set[str]]] = {}
        for record in self.tx.run(cypher.surroundings(labels_of(ids)), ids=list(ids)):
            node = node_from(schema_label(record["labels"]), record["props"])
            pairs = [(rel, other) for rel, other in record["around"] if rel is not None]
            found[node.id] = (node, {rel for rel, _ in pairs}, {other for _, other in pairs})
        return found

    def ingestion_in_use(self, ingestion_id: str) -> bool:
        """Whether any report still names this ingestion."""
        row = self.tx.run(cypher.ingestion_in_use(), ingestion_id=ingestion_id).single()
        return bool(row and row["used"])
