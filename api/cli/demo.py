"""``conflictkg demo``: the main job on the embedded store, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.app import app, store_from
from api.cli.ingest import run_ingest
from api.cli.query import print_chain
from graph.stores.base import GraphStore
from queries.chain import ChainResult, source_chain

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"


def longest_chain(graph: GraphStore) -> ChainResult | None:
    """The source chain with the most hops among claims that cite something."""
    citing = {e.source for e in graph.edges(
        [c.id for c in graph.find_nodes("Claim", limit=10_000)], ["CITES"], "out")}
    chains = [source_chain(graph, claim) for claim in sorted(citing)]
    return max(chains, key=lambda c: max(len(p.hops) for p in c.paths), default=None)


@app.command()
def demo(
    store: Annotated[str, typer.Option(help="Embedded store directory for the demo.")] = "demo-data",
    out: Annotated[Path, typer.Option(help="Where to write the HTML view.")] = Path("demo-graph.html"),
    examples: Annotated[Path, typer.Option(help="Folder of example reports.")] = EXAMPLES,
) -> None:
    """Ingest the bundled invented example corpus, print what was built, draw it."""
    from api.viz.render import render_page  # the pages code loads only for the demo

    if not examples.is_dir():
        typer.echo(f"error: {examples}: example folder not found", err=True)
        raise typer.Exit(1)
    summary = run_ingest(store, [examples])
    with store_from(store) as graph:
        counts = graph.stats()
        reports = graph.find_nodes("Report", limit=10_000)
        sub = graph.expand([r.id for r in reports], depth=2, max_nodes=400)
        longest = longest_chain(graph)
    typer.echo(f"Ingested {len(summary.succeeded)} example reports into {store}/")
    typer.echo("Graph: " + ", ".join(f"{count} {name}" for name, count in counts.items() if count))
    for report in sorted(reports, key=lambda r: r.props.get("title") or ""):
        status = "stub (cited, not ingested)" if report.props.get("stub") else \
            f"{report.props.get('claim_count', 0)} claims"
        typer.echo(f"  - {report.props.get('title') or report.props.get('url')}: {status}")
    if longest is not None:
        typer.echo("\nThe longest source chain in the corpus:")
        print_chain(longest)
    out.write_text(render_page(sub, "conflictkg demo: invented example corpus",
                               "All reports in this corpus are invented examples."),
                   encoding="utf-8")
    typer.echo(f"Wrote {out}")
    if summary.failed:
        raise typer.Exit(1)
