"""``conflictkg viz``: write a drawn view as one self-contained, offline HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.app import StoreOption, app, echo, fail, parse_date, resolved, store_from

if TYPE_CHECKING:  # the pages code (pyvis) loads only when a view is drawn
    from api.viz.drawing import View

viz_app = typer.Typer(help="Draw a claim's source chain, an entity's neighbourhood or a report's "
                           "citations as a self-contained HTML page.", no_args_is_help=True)
app.add_typer(viz_app, name="viz")

OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="HTML file to write "
                                                "(default: a name made from the view).")]
DepthOption = Annotated[int, typer.Option(min=1, max=4, help="Hops (or citation steps) to draw.")]
NameArgument = Annotated[str, typer.Argument(help="Organisation, region or person: id, name or alias.")]
SinceOption = Annotated[str | None, typer.Option(help="Earliest publication date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Latest publication date (YYYY-MM-DD).")]
HedgedOption = Annotated[bool | None, typer.Option("--hedged/--unhedged",
                                                   help="Only hedged (or unhedged) claims.")]
SourcedOption = Annotated[bool | None, typer.Option("--sourced/--unsourced",
                                                    help="Only sourced (or unsourced) claims.")]


def _default_name(kind: str, key: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in key).strip("-")[:60] or kind
    return Path(f"{kind}-{safe}.html")


def _write(view: View, out: Path | None, kind: str, key: str) -> None:
    from api.viz.page import view_page

    target = out or _default_name(kind, key)
    try:
        target.write_text(view_page(view, standalone=True), encoding="utf-8")
    except OSError as exc:
        raise fail(f"{target}: cannot write: {exc.strerror or exc}") from None
    echo(f"Wrote {target}: {len(view.nodes)} nodes, {len(view.edges)} edges")
    for note in view.notes:
        echo(f"  {note}")


@viz_app.command("chain")
def viz_chain(claim_id: Annotated[str, typer.Argument(help="Claim id (or report id).")],
              out: OutOption = None, store: StoreOption = None,
              max_depth: Annotated[int | None, typer.Option(
                  min=1, max=20, help="How far to follow citations (default: the chain's own limit, 8).")]
              = None) -> None:
    """A claim's source chain, from the claim down to its origins."""
    from queries.chain import MAX_DEPTH

    max_depth = max_depth or MAX_DEPTH
    with store_from(store) as graph:
        from api.viz.views import chain_view

        view = chain_view(graph, resolved(graph, claim_id, ["Claim", "Report"], "claim or report"), max_depth)
    _write(view, out, "chain", claim_id)


@viz_app.command("entity")
def viz_entity(name: NameArgument, out: OutOption = None, store: StoreOption = None,
               depth: DepthOption = 2, since: SinceOption = None, until: UntilOption = None,
               hedged: HedgedOption = None, sourced: SourcedOption = None,
               claims: Annotated[bool, typer.Option(
                   "--claims", help="Draw every claim as a node (the old drawing) instead of the "
                                    "actor view.")] = False) -> None:
    """An organisation's or a region's actor view (the entities its claims name, linked and
    weighed by those claims; claims in the evidence panel), as its page draws it; with
    ``--claims``, or for a person, every claim around it to a depth."""
    from queries.claims import ClaimFilter

    filters = ClaimFilter(since=parse_date(since, "--since"), until=parse_date(until, "--until"),
                          hedged=hedged, sourced=sourced)
    with store_from(store) as graph:
        from api.viz.views import entity_overview

        view = entity_overview(graph, name, depth, filters, every_claim=claims)
    _write(view, out, "entity", name)


@viz_app.command("report")
def viz_report(report_id: Annotated[str, typer.Argument(help="Report id.")],
               out: OutOption = None, store: StoreOption = None, depth: DepthOption = 2) -> None:
    """A report's citation network: what it cites, who cites it, and its copies."""
    with store_from(store) as graph:
        from api.viz.views import report_view

        view = report_view(graph, resolved(graph, report_id, ["Report"], "report"), depth)
    _write(view, out, "report", report_id)


