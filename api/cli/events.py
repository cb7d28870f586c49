"""``conflictkg events``: events from conflict-event datasets, and who reported them."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.cli.app import JsonOption, StoreOption, app, echo, parse_date, print_json, resolved, store_from

events_app = typer.Typer(help="Events from UCDP GED, ACLED and GDELT, with their sources.",
                         no_args_is_help=True)
app.add_typer(events_app, name="events")


@events_app.command("list")
def list_command(
    actor: Annotated[str | None, typer.Option(help="Organisation (id or name).")] = None,
    region: Annotated[str | None, typer.Option(help="Region (id or name), and the regions in it.")] = None,
    since: Annotated[str | None, typer.Option(help="Events ending on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Events starting on or before (YYYY-MM-DD).")] = None,
    dataset: Annotated[str | None, typer.Option(help="UCDP GED, ACLED, GDELT Events 2.0, ...")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    store: StoreOption = None, as_json: JsonOption = False,
) -> None:
    """List events by actor, region and date range, newest first, with their sources."""
    from api.routers.models import EventsPage, sent
    from queries.events import EventFilter, list_events  # the queries load only when a command runs one

    wanted = EventFilter(actor, region, parse_date(since, "--since"), parse_date(until, "--until"), dataset)
    with store_from(store) as graph:
        page = sent(EventsPage, list_events(graph, wanted, limit, offset))
    if as_json:
        print_json(page)
        return
    echo(f"{page['total']} event(s); showing {len(page['events'])}")
    for event in page["events"]:
        print_event(event)


def print_event(event: dict[str, Any]) -> None:
    """An event and its sources as readable lines: names first, each id beside its name."""
    echo(f"- {event['claim_id']}  {event['text']} [{event['dataset']} {event['record_id']}]")
    if (event.get("redistribution") or "").startswith("restricted"):
        echo(f"    terms: {event['license']}: {event['redistribution']}")
    for source in event["sources"]:
        state = ("ingested; " if source["ingested"] else "stub; ") if source["relation"] == "CITES" else ""
        publisher = source.get("publisher")
        by = f", {publisher}" if publisher and publisher != source["name"] else ""
        echo(f"    {source['relation'].lower().replace('_', ' ')} {source['name']}{by} [{source['id']}]"
             f" ({source['role']}; {state}row {source['row']}, {source['field']})")


@events_app.command("corroboration")
def corroboration_command(claim_id: str, store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Report claims that tell of the same event, and their independent origins."""
    from api.routers.models import EventCorroboration, sent
    from queries.events import event_corroboration

    with store_from(store) as graph:
        event = resolved(graph, claim_id, ["Claim"], "claim")
        result = sent(EventCorroboration, event_corroboration(graph, event))
    if as_json:
        print_json(result)
        return
    print_event(result["event"])
    echo(f"{result['corroborating']} report claim(s) tell of it; {result['comparison']}")
    for match in result["claims"]:
        publisher = match.get("publisher") or "unknown publisher"
        echo(f"    {match['claim_id']}  \"{match['text']}\" — {publisher}, {match['published']}"
             f" [{match['report_id']}]")
