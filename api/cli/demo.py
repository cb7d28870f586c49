"""``conflictkg demo``: the main job on the embedded store, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.app import app, echo, store_from
from api.cli.ingest import run_ingest
from api.cli.query import chain_copies, print_chain

if TYPE_CHECKING:  # the pages code and the queries load only when the demo runs
    from api.viz.drawing import View
    from graph.stores.base import GraphStore
    from queries.chain import ChainResult

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"
INVENTED = "All reports in this corpus are invented examples."


def longest_chain(graph: GraphStore) -> ChainResult | None:
    """The source chain with the most hops among claims that cite something."""
    from queries.chain import source_chain

    citing = {e.source for e in graph.edges(
        [c.id for c in graph.find_nodes("Claim", limit=10_000)], ["CITES"], "out")}
    chains = [source_chain(graph, claim) for claim in sorted(citing)]
    return max(chains, key=lambda c: max(len(p.hops) for p in c.paths), default=None)


def _invented(view: View) -> View:
    """A demo view says that its reports are invented."""
    view.notes.insert(0, INVENTED)
    return view


@app.command()
def demo(
    store: Annotated[str, typer.Option(help="Embedded store directory for the demo.")] = "demo-data",
    out: Annotated[Path, typer.Option(help="Where to write the view of the chain it prints.")]
    = Path("demo-graph.html"),
    actors_out: Annotated[Path | None, typer.Option(help="Where to write the actor view "
                                                    "(default: demo-actors.html beside --out).")] = None,
    examples: Annotated[Path, typer.Option(help="Folder of example reports.")] = EXAMPLES,
) -> None:
    """Ingest the bundled invented example corpus, print what was built, draw the chain it
    prints and the actor network."""
    from api.viz.actors import actor_view  # the pages code loads only for the demo
    from api.viz.page import view_page
    from api.viz.render import render_page
    from api.viz.views import chain_view
    from queries.evidence import copies_of, report_label

    if not examples.is_dir():
        echo(f"error: {examples}: example folder not found", err=True)
        raise typer.Exit(1)
    summary = run_ingest(store, [examples])
    with store_from(store) as graph:
        counts = graph.stats()
        reports = graph.find_nodes("Report", limit=10_000)
        longest = longest_chain(graph)
        if longest is not None:
            chain_page = view_page(_invented(chain_view(graph, longest.start)), standalone=True)
        else:  # no claim cites anything: draw the whole (small) graph instead
            sub = graph.expand([r.id for r in reports], depth=2, max_nodes=400)
            chain_page = render_page(sub, "conflictkg demo: invented example corpus", INVENTED)
        actors = _invented(actor_view(graph))
        originals = copies_of(graph, [r.id for r in reports])
        copies = chain_copies(graph, longest) if longest is not None else {}
    echo(f"Ingested {len(summary.succeeded)} example reports into {store}/")
    echo("Graph: " + ", ".join(f"{count} {name}" for name, count in counts.items() if count))
    for report in sorted(reports, key=lambda r: r.props.get("title") or ""):
        claims = "" if report.props.get("stub") else f": {report.props.get('claim_count', 0)} claims"
        echo(f"  - {report.id}  {report_label(report, originals.get(report.id))}{claims}")
    if longest is not None:
        echo("")
        echo("The longest source chain in the corpus:")
        print_chain(longest, copies)
    out.write_text(chain_page, encoding="utf-8")
    echo(f"Wrote {out}" + (": the source chain above" if longest is not None else ""))
    actors_file = actors_out or out.with_name("demo-actors.html")
    actors_file.write_text(view_page(actors, standalone=True), encoding="utf-8")
    echo(f"Wrote {actors_file}: the actor network ({len(actors.nodes)} entities, "
               f"{len(actors.edges)} links)")
    if summary.failed:
        raise typer.Exit(1)
