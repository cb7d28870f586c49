"""``conflictkg analyse``: the actor network and its measures, from a terminal.

Every command prints readable text, or JSON with ``--json``, or CSV with ``--csv`` (for
spreadsheets). The analysis modules (and networkx) are imported by the commands that
use them, so the rest of the CLI starts as fast as before.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.app import JsonOption, StoreOption, app, echo, fail, parse_date, print_json, store_from

if TYPE_CHECKING:
    from graph.stores.base import GraphStore
    from queries.analysis.measures import Weight
    from queries.analysis.network import ActorNetwork, NetworkFilter

analyse_app = typer.Typer(help="Researchers' questions over the actor network: centrality, "
                               "communities, bridges, snapshots, source dependency.",
                          no_args_is_help=True)
app.add_typer(analyse_app, name="analyse")

CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV (for spreadsheets) instead of text.")]
SinceOption = Annotated[str | None, typer.Option(help="Earliest claim date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Latest claim date (YYYY-MM-DD).")]
RegionOption = Annotated[str | None, typer.Option(
    help="Only claims about this region or a region inside it.")]
PredicateOption = Annotated[list[str] | None, typer.Option(
    "--predicate", help="Only edges with this predicate (repeatable; 'co-mentioned' for co-mentions).")]
MinOriginsOption = Annotated[int, typer.Option(min=0, help="Fewest independent origins an edge needs.")]
HedgedOption = Annotated[bool | None, typer.Option("--hedged/--unhedged",
                                                   help="Only hedged (or unhedged) claims.")]
RegionsOption = Annotated[bool, typer.Option("--regions", help="Regions are nodes too.")]
WeightOption = Annotated[str, typer.Option(
    help="Edge weight: claims, reports or independent_origins.")]
TopOption = Annotated[int, typer.Option(min=1, help="How many rows to print as text.")]
NameArgument = Annotated[str, typer.Argument(help="Organisation or region: id, name or alias.")]


def _filters(since: str | None, until: str | None, region: str | None, predicate: list[str] | None,
             min_origins: int, hedged: bool | None, regions: bool) -> NetworkFilter:
    from queries.analysis.network import NetworkFilter

    return NetworkFilter(since=parse_date(since, "--since"), until=parse_date(until, "--until"),
                         region=region, predicates=tuple(predicate or ()), min_origins=min_origins,
                         hedged=hedged, include_regions=regions)


def _weight(value: str) -> Weight:
    from queries.analysis.measures import WEIGHTS

    for weight in WEIGHTS:
        if weight == value:
            return weight
    raise fail(f"--weight: expected one of {', '.join(WEIGHTS)}, got {value!r}", 2)


def _weighed(filters: NetworkFilter, weight: str) -> tuple[NetworkFilter, Weight]:
    """The weight asked for, and filters that count origins when the weight needs them."""
    chosen = _weight(weight)
    return (replace(filters, count_origins=True) if chosen == "independent_origins" else filters), chosen


def _format(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        raise fail("--json and --csv: choose one", 2)
    return "json" if as_json else "csv" if as_csv else "text"


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """CSV on stdout: a header row, then one row per record. Text from reports (names,
    quotes) that a spreadsheet would run as a formula is defused, and control characters
    and bidirectional overrides in it are escaped, as in the text output."""
    from graph.errors import printable
    from graph.exporters.tables import cell

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(header)
    out.writerows([v if isinstance(v, int | float) and not isinstance(v, bool) else printable(cell(v))
                   for v in row] for row in rows)


def _counts(evidence: dict[str, Any]) -> str:
    origins = evidence.get("independent_origins")
    return (f"{evidence['claims']} claims, {evidence['reports']} reports, "
            f"{'?' if origins is None else origins} origins")


EVIDENCE_COLUMNS = ("claims", "reports", "independent_origins", "hedged_share", "first", "last")


def _network(graph: GraphStore, filters: NetworkFilter) -> ActorNetwork:
    from queries.analysis.network import actor_network

    return actor_network(graph, filters)


def _notes(notes: Iterable[str]) -> None:
    for note in notes:
        echo(f"note: {note}")


@analyse_app.command("network")
def network_command(store: StoreOption = None, as_json: JsonOption = False, as_csv: CsvOption = False,
                    since: SinceOption = None, until: UntilOption = None, region: RegionOption = None,
                    predicate: PredicateOption = None, min_origins: MinOriginsOption = 0,
                    hedged: HedgedOption = None, regions: RegionsOption = False,
                    top: TopOption = 50) -> None:
    """The actor network's edges (one per pair and predicate) with the evidence behind each."""
    shape = _format(as_json, as_csv)
    filters = _filters(since, until, region, predicate, min_origins, hedged, regions)
    with store_from(store) as graph:
        answer = _network(graph, filters).to_dict()
    if shape == "json":
        return print_json(answer)
    edges = sorted(answer["edges"], key=lambda e: (-e["claims"], e["source"], e["target"]))
    if shape == "csv":
        return write_csv(("source", "source_name", "predicate", "target", "target_name", "directed",
                          *EVIDENCE_COLUMNS), ([e["source"], e["source_name"], e["predicate"], e["target"],
                                               e["target_name"], e["directed"],
                                               *(e[c] for c in EVIDENCE_COLUMNS)] for e in edges))
    totals = answer["totals"]
    echo(f"{totals['nodes']} entities, {totals['edges']} edges, {_counts(totals)}")
    _notes(answer["notes"])
    for edge in edges[:top]:
        arrow = "->" if edge["directed"] else "--"
        echo(f"  {edge['source_name']} {arrow}[{edge['predicate']}]{arrow} {edge['target_name']}: "
                   f"{_counts(edge)}, {edge['hedged_share']:.0%} hedged, {edge['first']} .. {edge['last']}")


def _measures(graph: GraphStore, filters: NetworkFilter, weight: str,
              ego: str | None = None, radius: int = 1) -> dict[str, Any]:
    from queries.analysis.measures import analyse, ego_network
    from queries.entities import resolve_entity

    filters, chosen = _weighed(filters, weight)
    network = _network(graph, filters)
    if ego is not None:
        network = ego_network(network, resolve_entity(graph, ego).id, radius)
    return analyse(network, chosen).to_dict()


NODE_COLUMNS = ("id", "name", "label", "degree", "weighted_degree", "betweenness", "pagerank",
                "community", "communities_linked")


def _print_measures(result: dict[str, Any], shape: str, top: int) -> None:
    if shape == "json":
        return print_json(result)
    if shape == "csv":
        return write_csv((*NODE_COLUMNS, *EVIDENCE_COLUMNS),
                         ([r[c] for c in NODE_COLUMNS] + [r["evidence"][c] for c in EVIDENCE_COLUMNS]
                          for r in result["nodes"]))
    totals = result["totals"]
    echo(f"{totals['nodes']} entities, {totals['edges']} links, {totals['communities']} communities "
               f"(modularity {result['modularity']:.3f}); weight: {result['weight']}")
    _notes(result["notes"])
    echo("most central (PageRank):")
    for row in result["nodes"][:top]:
        echo(f"  {row['name']}: pagerank {row['pagerank']:.3f}, betweenness {row['betweenness']:.3f}, "
                   f"degree {row['degree']}, community {row['community']}; {_counts(row['evidence'])}")


@analyse_app.command("measures")
def measures_command(store: StoreOption = None, as_json: JsonOption = False, as_csv: CsvOption = False,
                     since: SinceOption = None, until: UntilOption = None, region: RegionOption = None,
                     predicate: PredicateOption = None, min_origins: MinOriginsOption = 0,
                     hedged: HedgedOption = None, regions: RegionsOption = False,
                     weight: WeightOption = "claims", top: TopOption = 20) -> None:
    """Centrality of every entity (degree, weighted degree, betweenness, PageRank), its community."""
    shape = _format(as_json, as_csv)
    filters = _filters(since, until, region, predicate, min_origins, hedged, regions)
    with store_from(store) as graph:
        result = _measures(graph, filters, weight)
    _print_measures(result, shape, top)


@analyse_app.command("ego")
def ego_command(name: NameArgument, radius: Annotated[int, typer.Option(min=1, max=4)] = 1,
                store: StoreOption = None, as_json: JsonOption = False, as_csv: CsvOption = False,
                since: SinceOption = None, until: UntilOption = None, region: RegionOption = None,
                predicate: PredicateOption = None, min_origins: MinOriginsOption = 0,
                hedged: HedgedOption = None, regions: RegionsOption = False,
                weight: WeightOption = "claims", top: TopOption = 20) -> None:
    """The entities within RADIUS links of one entity, with their measures."""
    shape = _format(as_json, as_csv)
    filters = _filters(since, until, region, predicate, min_origins, hedged, regions)
    with store_from(store) as graph:
        result = _measures(graph, filters, weight, ego=name, radius=radius)
    _print_measures(result, shape, top)


@analyse_app.command("communities")
def communities_command(store: StoreOption = None, as_json: JsonOption = False, as_csv: CsvOption = False,
                        since: SinceOption = None, until: UntilOption = None, region: RegionOption = None,
                        predicate: PredicateOption = None, min_origins: MinOriginsOption = 0,
                        hedged: HedgedOption = None, regions: RegionsOption = False,
                        weight: WeightOption = "claims") -> None:
    """Louvain communities (seeded: the same store gives the same communities)."""
    shape = _format(as_json, as_csv)
    filters = _filters(since, until, region, predicate, min_origins, hedged, regions)
    with store_from(store) as graph:
        result = _measures(graph, filters, weight)
    if shape == "json":
        return print_json({k: result[k] for k in ("weight", "filters", "notes", "modularity", "communities")})
    if shape == "csv":
        return write_csv(("community", "id", "name"), ([c["community"], m["id"], m["name"]]
                                                      for c in result["communities"] for m in c["members"]))
    echo(f"{len(result['communities'])} communities, modularity {result['modularity']:.3f}")
    for community in result["communities"]:
        names = ", ".join(m["name"] for m in community["members"])
        echo(f"  {community['community']}: {names} ({_counts(community['evidence'])} inside)")


@analyse_app.command("bridges")
def bridges_command(store: StoreOption = None, as_json: JsonOption = False, as_csv: CsvOption = False,
                    since: SinceOption = None, until: UntilOption = None, region: RegionOption = None,
                    predicate: PredicateOption = None, min_origins: MinOriginsOption = 0,
                    hedged: HedgedOption = None, regions: RegionsOption = False) -> None:
    """Links and entities whose removal would split the network (bridges, articulation points)."""
    shape = _format(as_json, as_csv)
    filters = _filters(since, until, region, predicate, min_origins, hedged, regions)
    with store_from(store) as graph:
        result = _measures(graph, filters, "claims")
    if shape == "json":
        return print_json({k: result[k] for k in ("filters", "notes", "bridges", "articulation_points")})
    if shape == "csv":
        return write_csv(("kind", "id", "name", "other_id", "other_name", *EVIDENCE_COLUMNS), [
            *(["bridge", b["source"], b["source_name"], b["target"], b["target_name"],
               *(b["evidence"][c] for c in EVIDENCE_COLUMNS)] for b in result["bridges"]),
            *(["articulation_point", p["id"], p["name"], None, None,
               *(p["evidence"][c] for c in EVIDENCE_COLUMNS)] for p in result["articulation_points"])])
    echo(f"{len(result['bridges'])} bridge(s):")
    for bridge in result["bridges"]:
        echo(f"  {bridge['source_name']} -- {bridge['target_name']} ({bridge['predicates']}): "
                   f"{_counts(bridge['evidence'])}")
    echo(f"{len(result['articulation_points'])} articulation point(s):")
    for point in result["articulation_points"]:
        echo(f"  {point['name']} (degree {point['degree']}): {_counts(point['evidence'])}")


CHANGE_KINDS = ("edges_added", "edges_removed", "edges_changed")


@analyse_app.command("snapshots")
def snapshots_command(store: StoreOption = None, as_json: JsonOption = False, as_csv: CsvOption = False,
                      since: SinceOption = None, until: UntilOption = None, region: RegionOption = None,
                      predicate: PredicateOption = None, min_origins: MinOriginsOption = 0,
                      hedged: HedgedOption = None, regions: RegionsOption = False,
                      weight: WeightOption = "claims") -> None:
    """The network year by year, and what changed from one year to the next."""
    from queries.analysis.snapshots import yearly

    shape = _format(as_json, as_csv)
    filters = _filters(since, until, region, predicate, min_origins, hedged, regions)
    with store_from(store) as graph:
        filters, chosen = _weighed(filters, weight)
        result = yearly(_network(graph, filters), chosen).to_dict()
    if shape == "json":
        return print_json(result)
    changes = [(y["year"], kind, c) for y in result["years"] for kind in CHANGE_KINDS
               for c in y.get("changes", {}).get(kind, [])]
    if shape == "csv":
        return write_csv(("year", "change", "source_name", "predicate", "target_name", "before", "after"),
                         ([year, kind, c["source_name"], c["predicate"], c["target_name"], c["before"],
                           c["after"]] for year, kind, c in changes))
    _notes(result["notes"])
    for year in result["years"]:
        central = ", ".join(r["name"] for r in year["most_central"][:5])
        echo(f"{year['year']}: {year['totals']['nodes']} entities, {year['totals']['edges']} links, "
                   f"{year['totals']['communities']} communities; most central: {central}")
        for kind in CHANGE_KINDS:
            for c in year.get("changes", {}).get(kind, []):
                echo(f"  {kind.replace('_', ' ')}: {c['source_name']} [{c['predicate']}] "
                           f"{c['target_name']} ({c['before']} -> {c['after']})")


@analyse_app.command("edge")
def edge_command(first: NameArgument, second: NameArgument,
                 predicate: Annotated[str | None, typer.Option(help="Only this predicate.")] = None,
                 limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
                 offset: Annotated[int, typer.Option(min=0)] = 0,
                 store: StoreOption = None, as_json: JsonOption = False, as_csv: CsvOption = False,
                 since: SinceOption = None, until: UntilOption = None, region: RegionOption = None,
                 hedged: HedgedOption = None) -> None:
    """Expand the edges between two entities to their claims and quotes."""
    from queries.analysis.network import expand_edge

    shape = _format(as_json, as_csv)
    filters = _filters(since, until, region, None, 0, hedged, True)
    with store_from(store) as graph:
        answer = expand_edge(graph, first, second, predicate, filters, limit, offset).to_dict()
    if shape == "json":
        return print_json(answer)
    columns = ("claim_id", "quote", "publisher", "published", "report_id", "start", "end", "hedged")
    if shape == "csv":
        return write_csv(columns, ([c[k] for k in columns] for c in answer["claims"]))
    echo(f"{' and '.join(e['name'] for e in answer['entities'])}: {_counts(answer['total'])}")
    for edge in answer["edges"]:
        echo(f"  [{edge['predicate']}] {edge['source_name']} -> {edge['target_name']}: {_counts(edge)}")
    for claim in answer["claims"]:
        echo(f"  \"{claim['quote']}\" — {claim['publisher'] or '?'}, {claim['published'] or 'undated'} "
                   f"[{claim['report_id']} {claim['start']}-{claim['end']}]")


@analyse_app.command("dependency")
def dependency_command(name: NameArgument, region: RegionOption = None, since: SinceOption = None,
                       until: UntilOption = None, store: StoreOption = None, as_json: JsonOption = False,
                       as_csv: CsvOption = False) -> None:
    """Which independent origins the claims about an entity rest on, and each one's share."""
    from queries.analysis.dependency import source_dependency

    shape = _format(as_json, as_csv)
    with store_from(store) as graph:
        answer = source_dependency(graph, name, region, parse_date(since, "--since"),
                                   parse_date(until, "--until")).to_dict()
    if shape == "json":
        return print_json(answer)
    if shape == "csv":
        return write_csv(("rank", "claims", "share", "origin_reports", "publishers"), (
            [rank, g["claims"], g["share"], "; ".join(o["report_id"] for o in g["origins"]),
             "; ".join(str(o.get("publisher") or "") for o in g["origins"])]
            for rank, g in enumerate(answer["origins"], 1)))
    echo(answer["headline"])
    for group in answer["origins"]:
        reports = {o["report_id"]: o for o in group["origins"]}
        where = "; ".join(f"{o.get('title') or rid} ({o.get('publisher') or '?'}, {o['type']})"
                          for rid, o in reports.items())
        echo(f"  {group['share']:.0%} ({group['claims']} claims): {where}")


@analyse_app.command("publishers")
def publishers_command(since: SinceOption = None, until: UntilOption = None, store: StoreOption = None,
                       as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """Which publishers repeat whom: citations and copies between publishers' reports."""
    from queries.analysis.dependency import publisher_network

    shape = _format(as_json, as_csv)
    with store_from(store) as graph:
        answer = publisher_network(graph, parse_date(since, "--since"),
                                   parse_date(until, "--until")).to_dict()
    if shape == "json":
        return print_json(answer)
    if shape == "csv":
        return write_csv(("from", "to", "citations", "republications"),
                         ([e["from"], e["to"], e["citations"], e["republications"]] for e in answer["edges"]))
    echo(f"{len(answer['nodes'])} publishers, {len(answer['edges'])} links")
    for edge in answer["edges"]:
        echo(f"  {edge['from']} -> {edge['to']}: {edge['citations']} citation(s), "
                   f"{edge['republications']} copy(ies)")
    for cluster in answer["circular_clusters"]:
        echo(f"circular: {', '.join(cluster['publishers'])} repeat one another")
    for community in answer["communities"]:
        echo(f"community {community['community']}: {', '.join(community['publishers'])}")


@analyse_app.command("graphml")
def graphml_command(out: Annotated[Path, typer.Option("--out", "-o", help="GraphML file to write.")],
                    store: StoreOption = None, since: SinceOption = None, until: UntilOption = None,
                    region: RegionOption = None, predicate: PredicateOption = None,
                    min_origins: MinOriginsOption = 0, hedged: HedgedOption = None,
                    regions: RegionsOption = False, weight: WeightOption = "claims") -> None:
    """The actor network as GraphML (for Gephi), every measure a node or edge attribute."""
    from graph.exporters.graphml import network_lines
    from queries.analysis.measures import measures_graph

    filters = _filters(since, until, region, predicate, min_origins, hedged, regions)
    with store_from(store) as graph:
        filters, chosen = _weighed(filters, weight)
        network = measures_graph(_network(graph, filters), chosen)
    try:
        with out.open("w", encoding="utf-8") as handle:
            handle.writelines(network_lines(network))
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc.strerror or exc}") from None
    echo(f"Wrote {out}: {network.number_of_nodes()} entities, {network.number_of_edges()} links")


@analyse_app.command("view")
def view_command(name: Annotated[str | None, typer.Argument(
                     help="Draw the links around this entity (default: the whole network).")] = None,
                 out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")]
                 = Path("actors.html"),
                 radius: Annotated[int, typer.Option(min=1, max=4)] = 1,
                 store: StoreOption = None, since: SinceOption = None, until: UntilOption = None,
                 region: RegionOption = None, predicate: PredicateOption = None,
                 min_origins: MinOriginsOption = 0, hedged: HedgedOption = None,
                 regions: RegionsOption = False, weight: WeightOption = "claims") -> None:
    """The aggregated actor view as one self-contained, offline HTML page."""
    from api.viz.actors import actor_view
    from api.viz.page import view_page

    filters = _filters(since, until, region, predicate, min_origins, hedged, regions)
    with store_from(store) as graph:
        filters, chosen = _weighed(filters, weight)
        view = actor_view(graph, name, filters, radius, chosen)
    try:
        out.write_text(view_page(view, standalone=True), encoding="utf-8")
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc.strerror or exc}") from None
    echo(f"Wrote {out}: {len(view.nodes)} entities, {len(view.edges)} links")
    _notes(view.notes)
