"""``conflictkg check``: is the store intact, and does every quote still match its report?"""

from __future__ import annotations

import typer

from api.cli.app import JsonOption, StoreOption, app, echo, print_json, store_from


@app.command()
def check(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Check the store: its files (embedded store), every report's text against its hash,
    every quote against its span; lists what it found and exits 1 when anything is wrong."""
    from graph.stores.integrity import check_store

    with store_from(store) as graph:
        report = check_store(graph)
    if as_json:
        print_json(report.to_dict())
    else:
        for problem in report.problems:
            echo(f"problem: {problem}", err=True)
        if report.unlisted:
            echo(f"problem: ... and {report.unlisted} more", err=True)
        found = len(report.problems) + report.unlisted
        echo(f"checked {report.reports} reports, {report.claims} claims, {report.quotes} quotes: "
                   + (f"{found} problems" if found else "no problems"))
    if report.problems:
        raise typer.Exit(1)
