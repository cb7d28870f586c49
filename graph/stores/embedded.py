"""The embedded store: one SQLite database in a directory, atomic per report, no server.

SQLite gives what a laptop store needs without us writing a database: ACID
transactions (a report is all there or not at all, even after SIGKILL or a power cut),
write-ahead logging (readers in other processes see the state before a report or
after it while one writer writes), B-tree indexes for what the queries ask (edges by
node and type, reports by text hash and URL, claims by entity with their date and
flags) and FTS5 for text search. Nothing is held in memory but SQLite's page cache,
so memory stays flat as the store grows. Every row carries the CRC-32 of its
properties: a byte changed on disk is reported, never served.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from graph.model import Direction, Edge, GraphBatch, Node, Subgraph
from graph.schema import SCHEMA, SchemaError
from graph.stores import sql
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

DATABASE = "store.db"
GROUP_REPORTS = 200          # reports per commit inside grouped()
GROUP_SECONDS = 10.0         # and at most this long between commits (each commit is an fsync:
                             # every 2 s, they were an eighth of a busy machine's ingest)
GROUP_ROWS = 100_000         # rows per transaction in write_batches (one fsync per group)
FIRST_LOAD_ROWS = 1_000_000  # and in a first load, whose random-key inserts dirty pages all over
                             # the relationships' B-tree: each commit writes every page it dirtied
                             # (300,000 claims: 6.7 GB written for a 650 MB file in groups of
                             # 100,000 rows, 2.3 GB in groups of 1,000,000)
BUSY_SECONDS = 60.0          # how long a writer waits for another process's write to finish
CACHE_KIB = 64 * 1024        # SQLite page cache per connection (an upper bound: pages read)
WRITE_CACHE_KIB = 256 * 1024 # while a connection writes groups of reports (one writer at a time)
FIRST_LOAD_CACHE_KIB = 1024 * 1024  # while it writes a first load: a group's dirty pages stay in
                                    # memory until its commit instead of spilling to the log
CHECKPOINT_PAGES = 16_384    # write-ahead log pages (64 MiB) before they are copied into the file
# (temp_store stays on files: in memory, the savepoint journals of a long write group made
# every report slower than the one before; 1,500 dataset events took 35 s of CPU, not 5)
REBUILD_ROWS = 5_000         # nodes per statement when the word index is rebuilt
SIMPLE_VALUE = (str, int, float, bool, type(None))


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# The C encoder behind _ENCODER, built once: JSONEncoder.encode builds it again on every
# call, which at ~375 rows per report was a third of the encoding time.
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)     # None without the C speedups
_C_ENCODER = (_MAKE_ENCODER(None, _ENCODER.default, json.encoder.encode_basestring, None,
                            ":", ",", False, False, True) if _MAKE_ENCODER is not None else None)


def encode(props: Mapping[str, Any]) -> tuple[str, int]:
    """Properties as stored: compact JSON (as ``_ENCODER`` writes it) and its CRC-32."""
    text = "".join(_C_ENCODER(props, 0)) if _C_ENCODER is not None else _ENCODER.encode(props)
    return text, zlib.crc32(text.encode("utf-8"))


def node_words(node: Node) -> str:
    """The node's searchable words (``base.search_tokens``), for the FTS5 index."""
    words: set[str] = set()
    for name in searchable_fields(node.label):
        value = node.props.get(name)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                words.update(search_tokens(text))
    return " ".join(sorted(words))


def fts_query(words: Sequence[str], labels: Sequence[str] | None = None) -> str:
    """Every word required in a node's words, and, when given, one of the labels.

    Words are ``\\w+`` tokens and labels schema names, so quoting them is enough.
    """
    query = "body : (" + " ".join(f'"{word}"' for word in words) + ")"
    if labels:
        names = " OR ".join(f'"{label}"' for label in labels)
        query = f"label : ({names}) AND {query}"
    return query


class CorruptRowError(StoreError):
    """A row whose properties no longer match their checksum."""

    def __init__(self, table: str, row_id: str):
        """Name the table and the row."""
        super().__init__(f"the store's {table} row {row_id} fails its checksum (the file was "
                         "changed outside conflictkg); run `conflictkg check` for a full report")
        self.table = table
        self.row_id = row_id


class EmbeddedStore:
    """The :class:`~graph.stores.base.GraphStore` over one SQLite file in ``path``."""

    def __init__(self, path: str | Path):
        """Open the store in directory ``path``, creating it when the directory is new or empty.

        A directory that holds other files but no store, a store file that is not a
        database, or a store written by another format version is refused with one
        line saying why, never opened as an empty store. A store in the earlier
        snapshot-and-journal format is migrated first (see ``legacy.py``).
        """
        from graph.stores import legacy

        self.root = Path(path)
        self.db_path = self.root / DATABASE
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self.notices: list[str] = []      # what opening did that a user should hear about
        fresh = _prepare_directory(self.root, self.db_path)
        self._connect_checked()
        if fresh and legacy.present(self.root):
            legacy.migrate(self.root, self)

    # ------------------------------------------------------------ connections

    def _connect_checked(self) -> None:
        try:
            connection = self._connection()
            with self._errors("opening"):
                self.notices.extend(_ensure_schema(connection, self.db_path))
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"{self.db_path} is not a readable conflictkg store ({exc}); "
                             "run `conflictkg check` for details, or restore it from a copy") from None

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections are not shared between threads)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.db_path, timeout=BUSY_SECONDS, isolation_level=None,
                                         check_same_thread=False)
            connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            connection.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = OFF")
            self._local.connection = connection
            with self._guard:
                self._connections.append(connection)
        return connection

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """SQLite failures become one-line StoreErrors that name the store."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"embedded store {self.root} failed while {doing}: {exc}") from None

    @contextmanager
    def _read(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One read transaction: every statement in it sees the same committed state
        (inside a write group, this connection's own uncommitted reports too)."""
        connection = self._connection()
        with self._errors(doing):
            if connection.in_transaction:
                yield connection
                return
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("COMMIT")

    @contextmanager
    def transaction(self, doing: str) -> Iterator[_Transaction]:
        """One write transaction: committed whole when the block ends, else rolled back.

        Inside :meth:`grouped` it is a savepoint of the group's transaction instead, so
        a failing report still leaves nothing of itself behind.
        """
        connection = self._connection()
        group: _Group | None = getattr(self._local, "group", None)
        with self._errors(doing):
            if group is not None:
                with group.savepoint(connection):
                    yield _Transaction(connection)
                return
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield _Transaction(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextmanager
    def grouped(self, reports: int = GROUP_REPORTS, seconds: float = GROUP_SECONDS) -> Iterator[None]:
        """Let the writes inside share transactions: one commit (and one fsync) per
        ``reports`` reports or ``seconds``, whichever comes first, and one at the end.

        Each report is still all or nothing (a savepoint each), reads on this thread
        see the reports written so far, and other processes see whole groups. A crash
        loses at most the reports of the group not yet committed, never part of one.
        """
        if getattr(self._local, "group", None) is not None:
            yield
            return
        connection = self._connection()
        with _write_cache(connection):
            yield from self._in_group(connection, _Group(connection, reports, seconds))

    @contextmanager
    def loading(self, reports: int = GROUP_REPORTS, seconds: float = GROUP_SECONDS) -> Iterator[None]:
        """:meth:`grouped`, and into an empty store a first load (:meth:`_first_load`): the
        indexes only readers use are built once, at the end, instead of a B-tree insert
        per row (the writer's CPU per report of a first ingest 11.0 -> 8.9 ms).

        For callers whose reads inside need none of those indexes: the report ingest
        reads by id, by ``sha256`` and ``issuer_root`` (their own indexes) and by source;
        the dataset loader, which reads relationships by target, uses :meth:`grouped`.
        """
        with self._first_load(), self.grouped(reports, seconds):
            yield

    def _in_group(self, connection: sqlite3.Connection, group: _Group) -> Iterator[None]:
        self._local.group = group
        try:
            with self._errors("writing a group of reports"):
                connection.execute("BEGIN IMMEDIATE")
            yield
        except BaseException:
            self._local.group = None
            if connection.in_transaction:
                with self._errors("committing a group of reports"):
                    connection.execute("COMMIT")   # the reports whose savepoints were released
            raise
        self._local.group = None
        with self._errors("committing a group of reports"):
            connection.execute("COMMIT")

    # ---------------------------------------------------------------- writing

    def write_batch(self, batch: GraphBatch) -> None:
        """Validate one report's batch and write it in one transaction."""
        self.write_batches([batch])

    def write_batches(self, batches: Iterable[GraphBatch], *, validated: bool = False) -> None:
        """Write reports in order, many per transaction, as write_batch on each would.

        Each report stays all or nothing: an invalid batch ends the call after the
        reports before it are committed, and a group that fails in the database is
        retried report by report. ``validated`` skips validation for batches that were
        validated when they were built (by the ingest workers). Into an empty store,
        the indexes only readers use are built once, at the end (:meth:`_first_load`),
        and the groups are ten times larger, under a 1 GiB page cache: each commit
        writes every page its group dirtied, and random ids spread a group's rows over
        the whole relationships table.
        """
        grouped = getattr(self._local, "group", None) is not None
        with self._first_load() as first:
            cache = FIRST_LOAD_CACHE_KIB if first else WRITE_CACHE_KIB
            with nullcontext() if grouped else _write_cache(self._connection(), cache):
                self._write_in_groups(batches, validated, FIRST_LOAD_ROWS if first else GROUP_ROWS)

    @contextmanager
    def _first_load(self) -> Iterator[bool]:
        """Into an empty store (outside a write group), drop the indexes no write reads and
        build them after the load: one sort each instead of a random B-tree insert per
        row (store CPU at 100,000 claims 41.9 -> 32.4 s). Readers in other processes meanwhile
        get the same answers, more slowly; a crash before the end leaves the indexes to
        the next open, which creates any that are missing. Yields whether it is one."""
        connection = self._connection()
        if getattr(self._local, "group", None) is not None or connection.in_transaction:
            yield False
            return
        with self._errors("preparing a first load"):
            connection.execute("BEGIN IMMEDIATE")
            empty = bool(connection.execute(sql.is_empty()).fetchone()[0])
            for statement in sql.drop_deferred_indexes() if empty else []:
                connection.execute(statement)
            connection.execute("COMMIT")
        try:
            yield empty
        finally:
            if empty:
                with self._errors("building the store's indexes"):
                    connection.execute("BEGIN IMMEDIATE")
                    for statement in sql.DEFERRED_INDEXES.values():
                        connection.execute(statement)
                    connection.execute("COMMIT")

    def _write_in_groups(self, batches: Iterable[GraphBatch], validated: bool, group_rows: int) -> None:
        group: list[PreparedBatch] = []
        rows = 0
        for batch in batches:
            try:
                prepared = PreparedBatch.of(batch, validate=not validated)
            except SchemaError:
                self._write_group(group)
                raise
            group.append(prepared)
            rows += prepared.size()
            if rows >= group_rows:
                self._write_group(group)
                group, rows = [], 0
        self._write_group(group)

    def _write_group(self, group: list[PreparedBatch]) -> None:
        if not group:
            return
        try:
            with self.transaction(f"writing report {group[0].report_id}") as tx:
                for prepared in group:
                    tx.apply(prepared)
        except StoreError:
            if len(group) == 1:
                raise
            for prepared in group:
                self._write_group([prepared])

    def delete_report(self, report_id: str) -> bool:
        """Delete a report and what only it supports (the rules are in ``base``)."""
        with self.transaction(f"deleting report {report_id}") as tx:
            return delete_report_with(tx, report_id)

    # ---------------------------------------------------------------- reading

    def get_nodes(self, ids: Sequence[str], fields: Sequence[str] | None = None) -> dict[str, Node]:
        """The existing nodes among ``ids``, in the order asked for (only ``fields`` if given)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        with self._read("reading nodes") as db:
            rows = db.execute(sql.nodes_by_id(), [json.dumps(wanted)]).fetchall()
        found = {row[0]: _node(row, fields) for row in rows}
        return {nid: found[nid] for nid in wanted if nid in found}

    def find_nodes(self, label: str, where: Mapping[str, Any] | None = None,
                   limit: int = 100, offset: int = 0) -> list[Node]:
        """Nodes of ``label`` whose properties equal ``where``, ordered by id."""
        SCHEMA.node(label)
        in_sql = {k: v for k, v in (where or {}).items()
                  if sql.NAME.match(k) and isinstance(v, SIMPLE_VALUE)}
        rest = {k: v for k, v in (where or {}).items() if k not in in_sql}
        conditions = tuple((k, v is None) for k, v in in_sql.items())
        values = [v for v in in_sql.values() if v is not None]
        page = [-1, 0] if rest else [limit, offset]
        with self._read(f"finding {label} nodes") as db:
            rows = db.execute(sql.find_nodes(label, conditions), [*values, *page]).fetchall()
        nodes = [_node(row) for row in rows]
        if rest:
            kept = [n for n in nodes if all(n.props.get(k) == v for k, v in rest.items())]
            nodes = kept[offset:offset + limit]
        return nodes

    def edges(self, ids: Sequence[str], types: Sequence[str] | None = None,
              direction: Direction = "out", fields: Sequence[str] | None = None) -> list[Edge]:
        """Edges touching ``ids`` in ``direction``, filtered by type, ordered by id."""
        wanted = list(dict.fromkeys(ids))
        if not wanted or direction not in ("out", "in", "both"):
            return []
        params = [json.dumps(wanted)] + ([json.dumps(list(types))] if types else [])
        with self._read("reading relationships") as db:
            rows = db.execute(sql.edges_around(direction, bool(types)), params).fetchall()
        found = {row[0]: _edge(row, fields) for row in rows}
        return [found[k] for k in sorted(found)]

    def expand(self, ids: Sequence[str], types: Sequence[str] | None = None, depth: int = 1,
               direction: Direction = "both", max_nodes: int = MAX_EXPAND_NODES) -> Subgraph:
        """Breadth-first subgraph around ``ids`` (shared with the Neo4j store)."""
        return expand_with(self, ids, types, depth, direction, max_nodes)

    def search(self, text: str, labels: Sequence[str] | None = None,
               limit: int = 50) -> list[SearchHit]:
        """Nodes whose searchable fields hold every word of ``text``, ordered by id."""
        words = list(dict.fromkeys(search_tokens(text)))
        known = [label for label in labels or () if label in SCHEMA.nodes]
        if not words or (labels and not known):
            return []
        params = [fts_query(words, known)] + ([json.dumps(known)] if known else [])
        hits: list[SearchHit] = []
        wanted = set(words)
        with self._read("searching") as db:
            for row in db.execute(sql.search(bool(known)), params):
                node = _node(row)
                if wanted <= set(node_words(node).split()):   # FTS5 finds candidates; words decide
                    hits.append(SearchHit(node, matched_field(node, words)))
                    if len(hits) >= limit:
                        break
        return hits

    def ids_with_prefix(self, prefix: str, limit: int = 10) -> list[str]:
        """Ids starting with ``prefix``, in id order, at most ``limit`` (short ids)."""
        if not prefix:
            return []
        with self._read("looking up ids") as db:
            rows = db.execute(sql.ids_with_prefix(), [prefix, prefix + "\U0010ffff", limit]).fetchall()
        return [row[0] for row in rows]

    def word_postings(self, words: Sequence[str], label: str, cap: int) -> dict[str, list[str] | None]:
        """Per word, the ``label`` nodes holding it, in id order; None when more than
        ``cap`` nodes hold it (the word names a topic: corroboration skips it)."""
        found: dict[str, list[str] | None] = {}
        with self._read("looking up words") as db:
            for word in dict.fromkeys(words):
                rows = db.execute(sql.word_postings(), [fts_query([word]), cap + 1]).fetchall()
                found[word] = None if len(rows) > cap else sorted(nid for nid, lab in rows if lab == label)
        return found

    def mention_postings(self, entities: Sequence[str], cap: int) -> dict[str, list[str] | None]:
        """Per entity, the claims linked to it, in id order; None when more than ``cap``
        are (the entity names a topic: corroboration does not look it up)."""
        found: dict[str, list[str] | None] = {}
        with self._read("looking up entities") as db:
            for entity in dict.fromkeys(entities):
                rows = db.execute(sql.mention_postings(), [entity, cap + 1]).fetchall()
                found[entity] = capped((claim for (claim,) in rows), cap)
        return found

    def pair_postings(self, pairs: Sequence[tuple[str, str]], cap: int
                      ) -> dict[tuple[str, str], list[str] | None]:
        """Per pair of entities, the claims linked to both, in id order; None when more
        than ``cap`` are (the pair names a topic too)."""
        found: dict[tuple[str, str], list[str] | None] = {}
        with self._read("looking up pairs of entities") as db:
            for a, b in dict.fromkeys(pairs):
                rows = db.execute(sql.pair_postings(), [a, b, cap + 1]).fetchall()
                found[(a, b)] = capped((claim for (claim,) in rows), cap)
        return found

    def stats(self) -> dict[str, int]:
        """Counts per label and per relationship type (kept by triggers, so instant)."""
        counts = empty_stats()
        with self._read("counting") as db:
            counts.update({name: n for name, n in db.execute(sql.counts()) if name in counts})
        return counts

    def claim_page(self, query: ClaimQuery) -> ClaimPage:
        """Claims about entities: counted, filtered, sorted and paged in the claim index,
        so only the page's rows leave the database (a publisher filter, which the index
        does not hold, reads the matching claims' reports instead)."""
        conditions = tuple(name for name in ("since", "until", "hedged", "sourced")
                           if getattr(query, name) is not None)
        scope = json.dumps(list(query.entities))
        params: list[Any] = [scope]
        if query.within is not None:
            params.append(json.dumps(list(query.within)))
        params += [_condition_value(query, name) for name in conditions]
        scoped = query.within is not None
        with self._read("finding claims about an entity") as db:
            if query.publisher is not None:
                return _publisher_page(db, query, sql.claim_hits(scoped, conditions), params)
            (total,) = db.execute(sql.claim_count(scoped, conditions), params).fetchone()
            rows = db.execute(sql.claim_page(scoped, conditions, query.newest_first),
                              [*params, query.limit, query.offset]).fetchall()
            page = [claim for _, claim in rows]
            linked: dict[str, set[str]] = {claim: set() for claim in page}
            for claim, entity in db.execute(sql.claim_entities(), [scope, json.dumps(page)]):
                linked[claim].add(entity)
        return ClaimPage(int(total), [(claim, sorted(linked[claim])) for claim in page])

    def report_claims(self, report_ids: Sequence[str]) -> dict[str, list[tuple[Node, set[str]]]]:
        """Each report's claims in id order, with the entities each mentions (one statement)."""
        wanted = list(dict.fromkeys(report_ids))
        if not wanted:
            return {}
        with self._read("reading reports' claims") as db:
            rows = db.execute(sql.report_claims(), [json.dumps(wanted)]).fetchall()
        found: dict[str, list[tuple[Node, set[str]]]] = {}
        for report, *node, mentioned in sorted(rows, key=lambda r: (r[0], r[1])):
            found.setdefault(report, []).append(
                (_node(tuple(node)), set(mentioned.split("\x1f")) if mentioned else set()))
        return found

    def claim_summary(self, entities: Sequence[str], co_limit: int = 15) -> ClaimSummary:
        """Counts over the claims linked to ``entities``, from the claim index (one
        statement that gathers the claims once; no claim node is read)."""
        scope = json.dumps(list(dict.fromkeys(entities)))
        with self._read("summarising claims about an entity") as db:
            rows = db.execute(sql.claim_summary(), [scope, co_limit]).fetchall()
        totals = next(row[2:] for row in rows if row[0] == "totals")
        months = {str(key): int(n) for part, key, n, _, _ in rows if part == "month"}
        co = [(str(key), int(n)) for part, key, n, _, _ in rows if part == "co"]
        return ClaimSummary(int(totals[0]), int(totals[1]), int(totals[2]), months, co)

    def claim_links(self, labels: Sequence[str], since: str | None = None,
                    until: str | None = None) -> list[ClaimLinks]:
        """Every claim linked to entities of ``labels``, with its links, in one read
        transaction: the claim index in each label's id range (it holds each claim's date,
        flags, report and each link's kind), and the subjects' predicates by a seek each in
        the edges' key order (sorted, the seeks read each page once: 2.5 times less CPU than
        in the index's order)."""
        bounds = [str(since)[:10] if since else None, str(until)[:10] if until else None]
        found: dict[str, list[Any]] = {}
        subjects: list[tuple[str, str]] = []
        with self._read("reading the claims' links") as db:
            for label in dict.fromkeys(labels):
                low, high = sql.id_range(SCHEMA.node(label).id_prefix)
                for claim, entity, eid, published, hedged, sourced, report, kind in db.execute(
                        sql.claim_links(), [low, high, *bounds]):
                    entry = found.get(claim)
                    if entry is None:
                        entry = found[claim] = [str(report or ""), published, bool(hedged), bool(sourced), []]
                    entry[4].append((kind, entity, eid if kind == "SUBJECT" else ""))
                    if kind == "SUBJECT":
                        subjects.append((claim, eid))
            predicates = _subject_predicates(db, sorted(subjects))
        for claim in dict.fromkeys(claim for claim, _ in subjects):
            links = found[claim][4]
            links[:] = [(kind, entity, predicates.get(eid, "") if kind == "SUBJECT" else "")
                        for kind, entity, eid in links]
        return [ClaimLinks(claim, report, published, hedged, sourced, tuple(links))
                for claim in sorted(found) for report, published, hedged, sourced, links in [found[claim]]]

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._guard:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()

    # -------------------------------------------------------------- integrity

    def verify_files(self) -> list[str]:
        """Problems in the database file itself: SQLite's own check, then every row's checksum."""
        problems: list[str] = []
        with self._read("checking the database") as db:
            problems += [f"database: {msg}" for (msg,) in db.execute("PRAGMA integrity_check")
                         if msg != "ok"]
            for table in ("nodes", "edges"):
                for row_id, props, crc in db.execute(sql.all_rows(table)):
                    if zlib.crc32(props.encode("utf-8")) != crc:
                        problems.append(f"{table} row {row_id}: its properties fail their checksum")
        return problems


# --------------------------------------------------------------- the primitives


class _Group:
    """The open transaction of :meth:`EmbeddedStore.grouped`, committed now and then."""

    def __init__(self, db: sqlite3.Connection, reports: int, seconds: float):
        self.db = db
        self.reports = reports
        self.seconds = seconds
        self.written = 0
        self.since = time.monotonic()

    @contextmanager
    def savepoint(self, db: sqlite3.Connection) -> Iterator[None]:
        """One report inside the group: released on success, rolled back on failure."""
        db.execute("SAVEPOINT report")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK TO report")
            db.execute("RELEASE report")
            raise
        db.execute("RELEASE report")
        self.written += 1
        if self.written >= self.reports or time.monotonic() - self.since >= self.seconds:
            db.execute("COMMIT")
            db.execute("BEGIN IMMEDIATE")
            self.written, self.since = 0, time.monotonic()


class _Transaction:
    """The basic writes and reads the rules in ``base`` need, inside one transaction."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def apply(self, batch: PreparedBatch) -> None:
        """Write one prepared batch, in the order :class:`PreparedBatch` prescribes.

        One look-up finds which of the batch's nodes and loose ends are stored; only when
        the report is among them are its old claims and outgoing relationships removed
        and the look-up made again (a first load makes one probe per report, not three).
        The relationships leaving the report or a node written new need no look-up (none
        of them can be stored), the others are probed.
        """
        wanted = sorted(batch.node_ids() | batch.loose_ends())
        stored = self._row_ids(wanted)
        if batch.report_id in stored:      # a report not stored has no claims or edges to remove
            self.remove_nodes(sorted(self.targets([batch.report_id], ["MAKES"])))
            self.remove_outgoing(batch.report_id)
            stored = self._row_ids(wanted)
        written = [*batch.owned.values(), *(n for nid, n in batch.shared.items() if nid not in stored)]
        self._put_nodes(written, stored)
        fresh = {n.id for n in written if n.id not in stored} | {batch.report_id}
        self._put_edges(batch.edges.values(), stored.keys() | {n.id for n in written},
                        batch.owned, fresh)

    def _row_ids(self, ids: Sequence[str]) -> dict[str, int]:
        if not ids:
            return {}
        return dict(self.db.execute(sql.row_ids(), [json.dumps(list(ids))]).fetchall())

    def write_nodes(self, nodes: Sequence[Node]) -> None:
        """Write nodes (replacing stored ones) and keep their words and counts in step."""
        if nodes:
            self._put_nodes(nodes, self._row_ids([n.id for n in nodes]))

    def _put_nodes(self, nodes: Sequence[Node], stored: Mapping[str, int]) -> None:
        """Write nodes, ``stored`` giving the row ids of those already stored: they are
        updated in place (words replaced), the others inserted under row ids chosen
        here (one past the largest), so no look-up is needed to index their words.
        The writer counts what it inserts (no per-row trigger: a third of the write)."""
        if not nodes:
            return
        latest = dict((n.id, n) for n in nodes)           # a node given twice: the last wins
        old = [n for n in latest.values() if n.id in stored]
        new = [n for n in latest.values() if n.id not in stored]
        if old:
            self.db.executemany(sql.delete_words(), [(stored[n.id],) for n in old])
            self.db.executemany(sql.update_node(), [(n.label, *encode(n.props), stored[n.id]) for n in old])
        base = int(self.db.execute(sql.last_row_id()).fetchone()[0]) + 1
        rids = {**{n.id: stored[n.id] for n in old}, **{n.id: base + i for i, n in enumerate(new)}}
        self.db.executemany(sql.insert_node(), [(rids[n.id], n.id, n.label, *encode(n.props)) for n in new])
        words = [(rids[n.id], n.label, text) for n in latest.values() if (text := node_words(n))]
        self.db.executemany(sql.insert_words(), words)
        self._count(Counter(n.label for n in new))

    def write_edges(self, edges: Iterable[Edge], claims: Mapping[str, Node] | None = None) -> None:
        """Write relationships whose ends both exist (others are dropped, as everywhere),
        and index the claim links among them (``claims``: claim nodes already at hand)."""
        listed = list(edges)
        ends = {end for e in listed for end in (e.source, e.target)}
        self._put_edges(listed, self._row_ids(sorted(ends)).keys(), claims or {}, set())

    def _put_edges(self, edges: Iterable[Edge], present: AbstractSet[str],
                   claims: Mapping[str, Node], fresh: AbstractSet[str]) -> None:
        """Write the relationships whose ends are ``present``; those leaving a ``fresh``
        node are new, the others are looked up to count only the ones inserted."""
        kept = [e for e in edges if e.source in present and e.target in present]
        probed = [[e.source, e.type, e.id] for e in kept if e.source not in fresh]
        stored = ({eid for (eid,) in self.db.execute(sql.stored_edges(), [json.dumps(probed)])}
                  if probed else set())
        self.db.executemany(sql.upsert_edge(),
                            [(e.id, e.type, e.source, e.target, *encode(e.props)) for e in kept])
        self._count(Counter(e.type for e in kept if e.id not in stored))
        links = [e for e in kept if e.type in sql.CLAIM_LINKS]
        known = dict(claims)
        missing = sorted({e.source for e in links} - known.keys())
        if missing:
            known.update({row[0]: _node(row) for row in
                          self.db.execute(sql.nodes_by_id(), [json.dumps(missing)])})
        self.db.executemany(sql.insert_claim_link(), [_claim_link(e, known[e.source]) for e in links])

    def _count(self, added: Counter[str]) -> None:
        """Add what was inserted to the counts per label and type (deletes are counted
        by triggers: they happen in set-based statements)."""
        if added:
            self.db.executemany(sql.add_counts(), list(added.items()))

    def node(self, node_id: str) -> Node | None:
        """The node with this id, if any."""
        row = self.db.execute(sql.nodes_by_id(), [json.dumps([node_id])]).fetchone()
        return _node(row) if row else None

    def targets(self, ids: Sequence[str], types: Sequence[str] | None = None) -> set[str]:
        """Ends of relationships leaving ``ids``."""
        if not ids:
            return set()
        if types:
            rows = self.db.execute(sql.typed_targets(), [json.dumps(list(ids)), json.dumps(list(types))])
        else:
            rows = self.db.execute(sql.targets(), [json.dumps(list(ids))])
        return {target for (target,) in rows}

    def remove_nodes(self, ids: Sequence[str]) -> None:
        """Remove nodes, their words and every relationship touching them."""
        if not ids:
            return
        listed = json.dumps(list(ids))
        self.db.executemany(sql.delete_words(), self.db.execute(sql.words_of_nodes(), [listed]).fetchall())
        self.db.execute(sql.delete_edges_of_nodes(), [listed])
        self.db.execute(sql.delete_nodes(), [listed])

    def remove_outgoing(self, node_id: str) -> None:
        """Remove the relationships leaving a node."""
        self.db.execute(sql.delete_outgoing(), [node_id])

    def has_incoming(self, node_id: str) -> bool:
        """Whether any relationship points at the node."""
        return bool(self.db.execute(sql.has_incoming(), [node_id]).fetchone()[0])

    def replace_node(self, node: Node) -> None:
        """Replace a node's properties (and its words)."""
        self.write_nodes([node])

    def surroundings(self, ids: Sequence[str]) -> dict[str, tuple[Node, set[str], set[str]]]:
        """Each existing node with the types and other ends of its relationships."""
        found = {row[0]: (_node(row), set[str](), set[str]())
                 for row in self.db.execute(sql.nodes_by_id(), [json.dumps(list(ids))])}
        for nid, rel, other in self.db.execute(sql.edge_summary(), [json.dumps(sorted(found))]):
            found[nid][1].add(rel)
            found[nid][2].add(other)
        return found

    def ingestion_in_use(self, ingestion_id: str) -> bool:
        """Whether any report names this ingestion."""
        return bool(self.db.execute(sql.ingestion_in_use(), [ingestion_id]).fetchone()[0])


# ------------------------------------------------------------------ helpers


@contextmanager
def _write_cache(connection: sqlite3.Connection, kib: int = WRITE_CACHE_KIB) -> Iterator[None]:
    """A larger page cache while this connection writes, the usual one after: readers
    (one connection per server thread) keep a small cache each."""
    connection.execute(f"PRAGMA cache_size = -{kib}")
    try:
        yield
    finally:
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _prepare_directory(root: Path, db_path: Path) -> bool:
    """Create the directory when needed; True when the store file is new.

    Refuses a directory that has a write-ahead log but lost its database, or that
    holds other files and no store: opening either as an empty store would hide data.
    """
    from graph.stores import legacy

    if db_path.exists():
        return False
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create store directory {root}: {exc}") from exc
    if (root / f"{DATABASE}-wal").exists():
        raise StoreError(f"{db_path} is missing but its write-ahead log is still there: the store "
                         "file was lost or moved; restore it rather than starting an empty store")
    others = [p.name for p in root.iterdir() if not p.name.startswith(".")
              and p.name not in legacy.FILE_NAMES and not legacy.is_legacy_file(p.name)]
    if others:
        raise StoreError(f"{root} holds files ({', '.join(sorted(others)[:3])}) but no conflictkg "
                         f"store ({DATABASE}); refusing to create an empty store there: name a new "
                         "or empty directory")
    return True


def _ensure_schema(db: sqlite3.Connection, db_path: Path) -> list[str]:
    """WAL mode, then the tables and indexes; a store of an earlier SQLite format is
    upgraded step by step (a note for each step is returned), one of any other refused."""
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("BEGIN IMMEDIATE")
    notes: list[str] = []
    try:
        row = _meta(db, "format")
        if row == str(sql.UPGRADABLE):
            notes.append(_rebuild_words(db, db_path))
            row = str(sql.COUNTED_BY_TRIGGERS)
        if row == str(sql.COUNTED_BY_TRIGGERS):
            notes.append(_drop_insert_counters(db, db_path))
            row = str(sql.KINDLESS_CLAIM_INDEX)
        if row == str(sql.KINDLESS_CLAIM_INDEX):
            notes.append(_index_link_kinds(db, db_path))
        elif row is not None and row != str(sql.FORMAT):
            raise StoreError(f"{db_path} has store format {row}, this version reads format "
                             f"{sql.FORMAT}: re-ingest the reports into a new store directory")
        for statement in sql.schema_statements():
            db.execute(statement)
        if row is None:
            db.execute("INSERT INTO meta(key, value) VALUES ('format', ?)", [str(sql.FORMAT)])
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return notes


def _rebuild_words(db: sqlite3.Connection, db_path: Path) -> str:
    """Format 2 to 3: the word index is rebuilt with each node's label beside its words
    (inside the caller's transaction: a crash leaves format 2, upgraded next time)."""
    db.execute(sql.drop_words())
    db.execute(sql.words_table())
    rows = db.execute(sql.all_nodes())
    while chunk := rows.fetchmany(REBUILD_ROWS):
        nodes = [(row[0], _node(row[1:])) for row in chunk]
        db.executemany(sql.insert_words(), [(rid, node.label, text) for rid, node in nodes
                                           if (text := node_words(node))])
    db.execute("UPDATE meta SET value = ? WHERE key = 'format'", [str(sql.COUNTED_BY_TRIGGERS)])
    return (f"{db_path}: upgraded from store format {sql.UPGRADABLE} to {sql.COUNTED_BY_TRIGGERS} "
            "(word index rebuilt)")


def _drop_insert_counters(db: sqlite3.Connection, db_path: Path) -> str:
    """Format 3 to 4: inserts are counted by the writer, not by triggers (the counts are
    kept); the described stubs' issuing family gets its index (schema statements)."""
    for statement in sql.drop_insert_counters():
        db.execute(statement)
    db.execute("UPDATE meta SET value = ? WHERE key = 'format'", [str(sql.KINDLESS_CLAIM_INDEX)])
    return f"{db_path}: upgraded from store format {sql.COUNTED_BY_TRIGGERS} to {sql.KINDLESS_CLAIM_INDEX}"


def _index_link_kinds(db: sqlite3.Connection, db_path: Path) -> str:
    """Format 4 to 5: each claim-index row says which kind of link it indexes, read from
    its relationship (one pass over the SUBJECT and OBJECT relationships; the others are
    MENTIONS); the index by claim is built by the schema statements."""
    if "kind" not in {name for (name,) in db.execute(sql.claim_index_columns())}:
        db.execute(sql.add_link_kinds())
    for kind in sql.CLAIM_LINKS:
        if kind != "MENTIONS":
            db.execute(sql.set_link_kind(), [kind])
    db.execute("UPDATE meta SET value = ? WHERE key = 'format'", [str(sql.FORMAT)])
    return (f"{db_path}: upgraded from store format {sql.KINDLESS_CLAIM_INDEX} to {sql.FORMAT} "
            "(claim index by claim)")


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    has_table = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if not has_table:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def _node(row: tuple[Any, ...], fields: Sequence[str] | None = None) -> Node:
    """A model node from a ``(id, label, props, crc)`` row, checked against its checksum."""
    nid, label, text, crc = row
    return Node(label, nid, _props(_checked("nodes", nid, text, crc), fields))


def _edge(row: tuple[Any, ...], fields: Sequence[str] | None = None) -> Edge:
    """A model edge from an ``(id, type, source, target, props, crc)`` row, checked."""
    eid, rel, source, target, text, crc = row
    return Edge(rel, source, target, eid, _props(_checked("edges", eid, text, crc), fields))


def _checked(table: str, row_id: str, text: str, crc: int) -> str:
    """A row's stored properties, refused when they fail their checksum."""
    if zlib.crc32(text.encode("utf-8")) != crc:
        raise CorruptRowError(table, row_id)
    return text


def _props(text: str, fields: Sequence[str] | None) -> dict[str, Any]:
    """Stored properties, only ``fields`` when given: none asked for, none parsed (the
    walks that need only a graph's shape read thousands of rows at a time)."""
    if fields is not None and not fields:
        return {}
    props: dict[str, Any] = json.loads(text)
    if fields is not None:
        props = {k: props[k] for k in fields if k in props}
    return props


def _claim_link(edge: Edge, claim: Node) -> tuple[Any, ...]:
    """A claim-index row: the entity, the claim, the link, and the claim's date and flags."""
    props = claim.props
    return (edge.target, edge.source, edge.id, str(props.get("published") or ""),
            int(bool(props.get("hedged"))), int(bool(props.get("sourced"))), props.get("report_id"),
            edge.type)


def _subject_predicates(db: sqlite3.Connection, keys: list[tuple[str, str]],
                        chunk: int = 20_000) -> dict[str, str]:
    """SUBJECT relationship id -> its predicate, for ``(claim, relationship id)`` keys, each
    row checked against its checksum."""
    found: dict[str, str] = {}
    for start in range(0, len(keys), chunk):
        for eid, text, crc in db.execute(sql.subject_predicates(), [json.dumps(keys[start:start + chunk])]):
            found[eid] = str(json.loads(_checked("edges", eid, text, crc)).get("predicate") or "")
    return found


def _condition_value(query: ClaimQuery, name: str) -> Any:
    value = getattr(query, name)
    return str(value)[:10] if name in ("since", "until") else int(bool(value))


def _publisher_page(db: sqlite3.Connection, query: ClaimQuery, statement: str,
                    params: list[Any]) -> ClaimPage:
    """A claim page filtered by publisher: every matching claim's report is read."""
    publisher = str(query.publisher)
    rows = _by_publisher(db, db.execute(statement, params).fetchall(), publisher)
    rows.sort(key=lambda r: (r[1], r[0]), reverse=query.newest_first)
    page = rows[query.offset:query.offset + query.limit]
    return ClaimPage(len(rows), [(r[0], sorted(set(r[3].split("\x1f")))) for r in page])


def _by_publisher(db: sqlite3.Connection, rows: list[Any], publisher: str) -> list[Any]:
    """Rows whose report's publisher is ``publisher`` (compared as Python lower-cases it)."""
    reports = sorted({r[2] for r in rows if r[2]})
    names = {row[0]: _node(row, ["publisher"]).props.get("publisher")
             for row in db.execute(sql.nodes_by_id(), [json.dumps(reports)])}
    wanted = publisher.lower()
    return [r for r in rows if str(names.get(r[2]) or "").lower() == wanted]
