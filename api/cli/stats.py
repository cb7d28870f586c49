"""``conflictkg stats``: what the store holds."""

from __future__ import annotations

from api.cli.app import JsonOption, StoreOption, app, echo, print_json, store_from


@app.command()
def stats(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Count reports, claims, entities and relationships in the store."""
    with store_from(store) as graph:
        counts = graph.stats()
    if as_json:
        print_json(counts)
        return
    for name, count in counts.items():
        echo(f"{name:<14} {count:>8}")
