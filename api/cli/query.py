"""``conflictkg chain | corroboration | claims | search``: the named queries, from a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.app import (
    JsonOption,
    StoreOption,
    app,
    echo,
    fail,
    parse_date,
    print_json,
    resolved,
    store_from,
)

if TYPE_CHECKING:  # the queries (and their word lists) load only when a command runs one
    from graph.stores.base import GraphStore
    from queries.chain import ChainResult


def evidence_line(item: dict[str, Any], quoted: bool = True) -> str:
    """One evidence record as a readable line: the claim's id first (to pass to ``show``,
    ``chain`` or ``corroboration``), its quote (unless a passage around it follows), who
    published it when, and where."""
    where = f"{item.get('publisher') or 'unknown publisher'}, {item.get('published') or 'undated'}"
    copy = f", copy of {item.get('copy_of_name')} [{item['copy_of']}]" if item.get("copy_of") else ""
    quote = f"  \"{item['quote']}\"" if quoted else ""
    return (f"{item['claim_id']}{quote} — {where} "
            f"[{item['report_id']} {item['start']}-{item['end']}]{copy}")


@app.command()
def chain(node_id: str, store: StoreOption = None, as_json: JsonOption = False,
          max_depth: Annotated[int, typer.Option(min=1, max=20)] = 8) -> None:
    """Trace a claim (or report) back through what it cites to its origins."""
    from api.routers.models import SourceChain, sent
    from queries.chain import source_chain

    with store_from(store) as graph:
        result = source_chain(graph, resolved(graph, node_id, CHAIN_LABELS, "claim or report"),
                              max_depth=max_depth)
        copies = chain_copies(graph, result)
    if as_json:
        print_json(sent(SourceChain, result.to_dict()))
        return
    print_chain(result, copies)


CHAIN_LABELS = ("Claim", "Report")


def chain_copies(graph: GraphStore, result: ChainResult) -> dict[str, str]:
    """Report id -> "copy of <publisher, date> [id]" for the chain's republished copies."""
    from queries.evidence import copies_of, publisher_and_date

    ids = sorted({hop.report["id"] for path in result.paths for hop in path.hops})
    return {rid: f"copy of {publisher_and_date(original.props)} [{original.id}]"
            for rid, original in copies_of(graph, ids).items()}


def print_chain(result: ChainResult, copies: dict[str, str] | None = None) -> None:
    """A source chain as readable lines: each path, hop by hop (report and claim ids,
    publisher and date, copies marked), and where it ends."""
    flags = [name for name, on in result.flags.items() if on]
    echo(f"{len(result.paths)} path(s), {len(result.origins)} origin(s); "
               f"flags: {', '.join(flags) or 'none'}")
    for number, path in enumerate(result.paths, 1):
        echo(f"path {number}:")
        for hop in path.hops:
            echo(f"  - {_hop_report(hop.report, (copies or {}).get(hop.report['id']))}"
                       + (f"  via {hop.via}" if hop.via else ""))
            if hop.claim:
                echo(f"      {hop.claim.claim_id}  \"{hop.claim.quote}\"")
        names = ", ".join(a["name"] for a in path.origin.attribution)
        echo(f"  => {path.origin.type}" + (f" (attributed to {names})" if names else ""))


def _hop_report(report: dict[str, Any], copy: str | None) -> str:
    """A report in a chain: id, publisher and date, title, and whose copy it is."""
    title = report.get("title") or report.get("url") or report["id"]
    if report.get("stub"):
        return f"{report['id']}  {title} (cited, not ingested)"
    where = f"{report.get('publisher') or 'unknown publisher'}, {report.get('published') or 'undated'}"
    return f"{report['id']}  {where}: {title}" + (f" ({copy})" if copy else "")


@app.command("corroboration")
def corroboration_command(claim_id: str, store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Claims elsewhere that say the same thing, and the number of independent origins."""
    from api.routers.models import CorroborationAnswer, sent
    from queries.corroboration import corroboration

    with store_from(store) as graph:
        asked = resolved(graph, claim_id, ["Claim"], "claim")
        result = sent(CorroborationAnswer, corroboration(graph, asked))
        names = {} if as_json else entity_names(graph, _shared_entities(result))
    if as_json:
        print_json(result)
        return
    print_corroboration(result, names)


def entity_names(graph: GraphStore, ids: list[str]) -> dict[str, str]:
    """Id -> name of the organisations and regions an answer names by id."""
    return {nid: str(node.props["name"]) for nid, node in graph.get_nodes(ids, ["name"]).items()
            if node.props.get("name")}


def _shared_entities(result: dict[str, Any]) -> list[str]:
    matches = [item["match"] for group in result["groups"] for item in group["claims"] if item.get("match")]
    matches += [conflict["match"] for conflict in result["conflicts"]]
    return sorted({e for match in matches for e in match["shared"].get("entities", [])})


def named(node_id: str, names: dict[str, str]) -> str:
    """A node as a reader wants it: its name with the id beside it (the id alone if nameless)."""
    name = names.get(node_id)
    return f"{name} [{node_id}]" if name and name != node_id else node_id


def print_corroboration(result: dict[str, Any], names: dict[str, str] | None = None) -> None:
    """Corroboration as readable lines: origins (named, with the id of the report each
    rests in), the claims on each and why they match, entities by name with their ids
    (from the answer as the API sends it, so both name the same keys)."""
    names = names or {}
    echo(f"{result['claim']['claim_id']}: {result['corroborating']} corroborating claim(s) "
               f"besides this one; {result['independent_origins']} independent origin(s)")
    for number, group in enumerate(result["groups"], 1):
        reports = sorted({o["report_id"] for o in group["origins"] if o.get("report_id")})
        shown = f" [{', '.join(reports[:3])}{', ...' if len(reports) > 3 else ''}]" if reports else ""
        echo(f"origin {number}: {group['kind']} {group['source'] or '?'}{shown}")
        for reason in group["why"]:
            echo(f"  counted as one: {reason}")
        for note in sorted({o["note"] for o in group["origins"] if o.get("note")}):
            echo(f"  note: {note}")
        for item in group["claims"]:
            echo(f"  {evidence_line(item)}" + ("  (this claim)" if item.get("asked") else ""))
            if item.get("match"):
                echo(f"      why: {_reasons(item['match'], names)}")
    for conflict in result["conflicts"]:
        echo(f"conflict: {_conflict(conflict)}")
    found = result["candidates"]
    if found.get("stopped_at"):
        echo(f"stopped: compared the best {found['stopped_at']} of {found['claims_sharing_words']} "
                   "claims sharing a word")
    for cap, hit in result.get("chains", {}).get("capped", {}).items():
        if hit:
            echo(f"stopped: the source chains reached their {cap} cap")
    if found.get("too_common"):
        echo(f"too common to look up: {', '.join(found['too_common'])}")


def _reasons(match: dict[str, Any], names: dict[str, str]) -> str:
    shared = "; ".join(f"{kind} {', '.join(named(v, names) if kind == 'entities' else v for v in values)}"
                       for kind, values in match["shared"].items())
    return f"score {match['score']}: {shared}"


def _conflict(conflict: dict[str, Any]) -> str:
    if conflict["kind"] == "denial":
        return f"denied or negated by {evidence_line(conflict['claim'])}"
    if conflict["kind"] == "number":
        mine, theirs = (" / ".join(v) for v in conflict["values"])
        told = f" — {evidence_line(conflict['claim'])}" if conflict.get("claim") else ""
        return f"{conflict['what']}: {mine} here, {theirs} in {conflict['claim_id']}{told}"
    return f"{conflict['what']} ({conflict['claim_id']})"


@app.command()
def claims(about: Annotated[str, typer.Option(help="Organisation or region: id, name or alias.")],
           store: StoreOption = None, as_json: JsonOption = False,
           region: Annotated[str | None, typer.Option(help="Only claims also about this region.")] = None,
           since: Annotated[str | None, typer.Option(help="Earliest date, YYYY-MM-DD.")] = None,
           until: Annotated[str | None, typer.Option(help="Latest date, YYYY-MM-DD.")] = None,
           publisher: str | None = None,
           hedged: Annotated[bool | None, typer.Option("--hedged/--not-hedged")] = None,
           sourced: Annotated[bool | None, typer.Option("--sourced/--unsourced")] = None,
           limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
           offset: Annotated[int, typer.Option(min=0)] = 0) -> None:
    """Claims about an organisation or region (regions include the regions inside them)."""
    from api.routers.models import ClaimsPage, sent
    from queries.claims import ClaimFilter, claims_about

    filters = ClaimFilter(parse_date(since, "--since"), parse_date(until, "--until"), publisher,
                          hedged, sourced, region)
    with store_from(store) as graph:
        page = claims_about(graph, about, filters, limit=limit, offset=offset)
    if as_json:
        print_json(sent(ClaimsPage, page))
        return
    echo(f"{page.total} claim(s) about {page.entity['name']}; showing {len(page.claims)}")
    for item in page.claims:
        echo(f"- {evidence_line(item)}")


@app.command("search")
def search_command(text: str, store: StoreOption = None, as_json: JsonOption = False,
                   label: Annotated[list[str] | None, typer.Option(
                       help="Only nodes of this label (Claim, Report, ...); repeatable.")] = None,
                   limit: Annotated[int, typer.Option(min=1, max=200)] = 20,
                   offset: Annotated[int, typer.Option(min=0)] = 0) -> None:
    """Find claims, reports and entities containing every word of TEXT, a page at a time."""
    from api.routers.models import SearchPage, sent
    from queries.explore import search_page

    with store_from(store) as graph:
        page = sent(SearchPage, search_page(graph, text, _labels(label), limit, offset))
    if as_json:
        print_json(page)
        return
    more = "+" if page["total_capped"] else ""
    echo(f"{page['total']}{more} result(s); showing {len(page['results'])} from {offset + 1}")
    for item in page["results"]:
        shown = item.get("quote") or item.get("name") or item.get("title") or item["id"]
        echo(f"{item['id']}  {item['label']:<12}  {shown}")


def _labels(labels: list[str] | None) -> list[str] | None:
    """The labels asked for, or one error line naming those the schema does not know."""
    from graph.schema import SCHEMA

    unknown = sorted(set(labels or ()) - set(SCHEMA.nodes))
    if unknown:
        raise fail(f"--label: unknown label(s) {', '.join(unknown)}; known: {', '.join(SCHEMA.nodes)}", 2)
    return labels
