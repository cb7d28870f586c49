"""``conflictkg settings``: what this run takes from its environment."""

from __future__ import annotations

from api.cli.app import JsonOption, app, echo, print_json
from graph.settings import current


@app.command("settings")
def show_settings(as_json: JsonOption = False) -> None:
    """Every setting, the variable it is read from and its value here (secrets hidden)."""
    described = list(current().described())
    if as_json:
        print_json({variable: value for variable, _, value, _ in described})
        return
    for variable, _, value, about in described:
        echo(f"{variable:<32} {_shown(value):<24} {about}")


def _shown(value: object) -> str:
    """A setting's value as the terminal shows it: switches as on/off, unset as such."""
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)
