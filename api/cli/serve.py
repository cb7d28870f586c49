"""``conflictkg serve``: the HTTP API and the explorer page."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.app import StoreOption, app, fail
from api.settings import Settings, SettingsError


@app.command()
def serve(store: StoreOption = None,
          host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000) -> None:
    """Serve the API (docs at /docs, offline) over the chosen store."""
    import dataclasses

    import uvicorn

    from api.app import create_app

    try:
        settings = dataclasses.replace(Settings.of(), store_url=store) if store else Settings.of()
    except SettingsError as exc:
        raise fail(str(exc), 2) from None
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
