"""A researcher's read-only Cypher on the Neo4j store, refused unless it is a pure read.

A read transaction alone is not a sandbox: Neo4j runs ``LOAD CSV`` (files, and HTTP to
any host), ``SHOW TRANSACTIONS`` (other clients' queries), ``TERMINATE TRANSACTIONS``
and procedures such as ``dbms.listConfig`` inside one. So every query is first planned
with ``EXPLAIN`` (nothing runs) and refused unless the plan says it only reads, touches
only our database, and uses no operator, procedure or namespaced function outside the
short lists in ``read_query.yaml``. Then it runs in a read transaction with a
server-side timeout, its rows cut at a row limit and a size limit.

Neo4j checks the timeout between rows, not inside one expression, so a ``reduce()``
building a string over a long list keeps a CPU busy long after the timeout; such
expressions are refused from the query text before it is planned.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import yaml
from neo4j import exceptions as neo4j_errors
from neo4j import graph as neo4j_graph
from neo4j import spatial
from neo4j import time as neo4j_time

from graph.errors import InputError, Refused, ServiceError
from graph.stores import cypher
from graph.stores.base import StoreError

RULES: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("read_query.yaml").read_text("utf-8"))
_REDUCE = re.compile(r"\breduce\s*\(", re.I)
_RANGE = re.compile(r"\brange\s*\(", re.I)
_BOUND = r"\s*(-?\d+|\$\w+)\s*"
_RANGE_CALL = re.compile(rf"\brange\s*\({_BOUND},{_BOUND}(?:,{_BOUND})?\)", re.I)
_NAMESPACED_CALL = re.compile(r"(?<![\w.$`])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*\(")
_PROCEDURE = re.compile(r"^\s*([\w.]+)\s*\(")


class QueryRefused(Refused):  # a refusal, not an error of ours
    """The query is not a pure read of our graph, or uses what is not allowed."""


class QueryInvalid(InputError):  # noqa: N818
    """Neo4j cannot parse or plan the query (the message says why)."""


class QueryStopped(ServiceError):  # noqa: N818
    """The server stopped the query: its timeout or its memory limit."""


@dataclass(frozen=True)
class ReadResult:
    """Rows (JSON-ready) and whether a limit cut them."""

    rows: list[dict[str, Any]]
    truncated: bool


def check_text(query: str, params: Mapping[str, Any]) -> None:
    """Refusals the plan cannot show: expressions Neo4j cannot stop once they run."""
    if _REDUCE.search(query):
        raise QueryRefused("reduce() is not allowed (Neo4j cannot stop it at the timeout)")
    calls = _RANGE_CALL.findall(query)
    if len(calls) != len(_RANGE.findall(query)):
        raise QueryRefused("range() needs bounds that are integers or integer parameters")
    items = 1
    for start, end, step in calls:
        items *= _range_items(_bound(start, params), _bound(end, params), _bound(step or "1", params))
    if items > RULES["max_range_items"]:
        raise QueryRefused(f"range() calls would make {items:,} items; "
                           f"at most {RULES['max_range_items']:,} are allowed")


def _bound(text: str, params: Mapping[str, Any]) -> int:
    value = params.get(text[1:]) if text.startswith("$") else int(text)
    if not isinstance(value, int) or isinstance(value, bool):
        raise QueryRefused(f"range() bound {text} is not an integer")
    return value


def _range_items(start: int, end: int, step: int) -> int:
    if step == 0:
        raise QueryRefused("range() step must not be 0")
    return max(0, (end - start) // step + 1)


def check_plan(summary: neo4j.ResultSummary) -> None:
    """Refuse a plan that writes, runs an administration command, reads files or URLs,
    calls a procedure or function outside the allowlists, or touches another database."""
    if summary.query_type != "r":
        raise QueryRefused(f"only read queries are allowed (this one is {summary.query_type!r})")
    if summary.plan is None:
        raise QueryRefused("the query has no plan to check")
    for operator, details in _operators(summary.plan):
        _check_operator(operator, details, summary.database)


def _operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    args = plan.get("args") or {}
    yield str(plan.get("operatorType", "")), str(args.get("Details") or "")
    for child in plan.get("children") or ():
        yield from _operators(child)


def _check_operator(operator: str, details: str, database: str | None) -> None:
    name, _, on = operator.partition("@")
    if database and on and on != database:
        raise QueryRefused(f"the query uses another database ({on})")
    if name.startswith(tuple(RULES["refused_operators"])):
        raise QueryRefused(f"{name} is not allowed")
    if name == "ProcedureCall":
        found = _PROCEDURE.match(details)
        procedure = found.group(1) if found else details
        if procedure not in RULES["procedures"]:
            raise QueryRefused(f"procedure {procedure} is not allowed")
    for function in _NAMESPACED_CALL.findall("" if name == "ProcedureCall" else details):
        if not function.lower().startswith(tuple(f"{ns}." for ns in RULES["function_namespaces"])):
            raise QueryRefused(f"function {function} is not allowed")


def run_read_query(driver: neo4j.Driver, database: str | None, query: str, params: dict[str, Any],
                   timeout_s: float, row_limit: int, auth: tuple[str, str] | None = None) -> ReadResult:
    """Check, then run ``query`` in a read transaction with a server-side timeout."""
    check_text(query, params)
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, auth=auth) as session:
        try:
            with session.begin_transaction(timeout=timeout_s) as tx:
                check_plan(tx.run(cypher.explain(query), params).consume())
            with session.begin_transaction(timeout=timeout_s) as tx:
                return _rows(tx.run(query, params), row_limit)
        except neo4j_errors.AuthError:
            if auth is None:
                raise
            raise StoreError(f"Neo4j refused the credentials of the Cypher user {auth[0]!r} "
                             "(check CONFLICTKG_CYPHER_USER and CONFLICTKG_CYPHER_PASSWORD)") from None
        except neo4j_errors.ClientError as exc:
            raise _client_failure(exc) from None
        except neo4j_errors.TransientError as exc:
            raise QueryStopped(_message(exc)) from None
        except (OverflowError, TypeError, ValueError) as exc:  # the driver cannot pack a parameter
            raise QueryInvalid(f"a parameter cannot be sent to Neo4j: {exc}") from None


def _client_failure(exc: neo4j_errors.ClientError) -> Exception:
    code = exc.code or ""
    if "TransactionTimedOut" in code or "Terminated" in code:
        return QueryStopped("the query ran past its time limit and the server stopped it")
    if "MemoryPoolOutOfMemory" in code or "Memory" in code:
        return QueryStopped("the query needed more memory than a query may use")
    if "Security" in code or "Forbidden" in code:
        return QueryRefused(_message(exc))
    return QueryInvalid(_message(exc))


def _message(exc: neo4j_errors.Neo4jError) -> str:
    text = re.sub(r"\s+", " ", exc.message or str(exc)).strip()
    return text[:500]


def _rows(result: neo4j.Result, row_limit: int) -> ReadResult:
    rows: list[dict[str, Any]] = []
    size = 0
    for record in result:
        if len(rows) == row_limit:
            return ReadResult(rows, True)
        row = {key: json_value(record[key]) for key in record.keys()}  # noqa: SIM118  (a Record iterates values)
        size += len(json.dumps(row, default=str))
        if size > RULES["max_result_bytes"]:
            return ReadResult(rows, True)
        rows.append(row)
    return ReadResult(rows, False)


def json_value(value: Any) -> Any:
    """A driver value as plain JSON: nodes and relationships as their properties with
    labels or type, paths as lists, temporal values as ISO strings."""
    if isinstance(value, neo4j_graph.Node):
        return {"labels": sorted(value.labels), "properties": _props(value)}
    if isinstance(value, neo4j_graph.Relationship):
        return {"type": value.type, "properties": _props(value)}
    if isinstance(value, neo4j_graph.Path):
        return {"nodes": [json_value(n) for n in value.nodes],
                "relationships": [json_value(r) for r in value.relationships]}
    if isinstance(value, list):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return _scalar(value)


def _props(entity: neo4j_graph.Entity) -> dict[str, Any]:
    return {k: json_value(entity[k]) for k in entity if not k.startswith("_")}


def _scalar(value: Any) -> Any:
    if isinstance(value, (neo4j_time.Date, neo4j_time.DateTime, neo4j_time.Time, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (neo4j_time.Duration, dt.timedelta)):
        return str(value)
    if isinstance(value, spatial.Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, float) and not math.isfinite(value):  # NaN and infinities are not JSON
        return None
    return value
