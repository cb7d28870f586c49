"""HTML pages for views and the explorer: offline, escaped, under a strict CSP.

A page is either *standalone* (one file written by the CLI: vis-network, our script and
styles inlined, each allowed by its sha256 in the Content-Security-Policy) or *served*
(scripts and styles fetched from this server, allowed as 'self'). Neither loads
anything from another host. View data travels as a JSON data block with ``<``, ``>``
and ``&`` escaped, so report text can never close the element or run as script; the
page's script builds every element from it with DOM text APIs.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from api.viz.drawing import NODE_CAP, View, view_data

VIS_VERSION = "vis-9.1.2"
STATIC_URL = "/static"
_ENV = Environment(loader=PackageLoader("api.viz", "templates"), autoescape=select_autoescape(["html"]))
_BASE_POLICY = "default-src 'none'; img-src 'self' data:; base-uri 'none'"
SERVED_CSP = (f"{_BASE_POLICY}; script-src 'self'; style-src 'self'; connect-src 'self'; "
              "form-action 'self'")
SERVED_CSP_HEADER = f"{SERVED_CSP}; frame-ancestors 'none'"


@dataclass(frozen=True)
class Asset:
    """A script or stylesheet: its URL on the server, or its text inlined in the page."""

    href: str | None = None
    inline: str | None = None


# Static files the pages use: name -> (package, path inside it). Nothing else is served.
STATIC_FILES: dict[str, tuple[str, str]] = {
    "vis-network.min.js": ("pyvis", f"lib/{VIS_VERSION}/vis-network.min.js"),
    "vis-network.css": ("pyvis", f"lib/{VIS_VERSION}/vis-network.css"),
    "viewer.js": ("api", "static/viewer.js"),
    "viewer.css": ("api", "static/viewer.css"),
    "explorer.js": ("api", "static/explorer.js"),
}


@lru_cache(maxsize=len(STATIC_FILES))
def static_text(name: str) -> str:
    """The text of one static file, read from its package."""
    package, path = STATIC_FILES[name]
    return resources.files(package).joinpath(path).read_text(encoding="utf-8")


def safe_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no ``<``, ``>`` or ``&`` survives."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _inline(name: str, closing: str) -> Asset:
    text = static_text(name)
    if closing in text.lower():
        raise ValueError(f"{name} contains {closing!r} and cannot be inlined")
    return Asset(inline=text)


def _assets(names: tuple[str, ...], standalone: bool) -> list[Asset]:
    if not standalone:
        return [Asset(href=f"{STATIC_URL}/{name}") for name in names]
    return [_inline(name, "</script" if name.endswith(".js") else "</style") for name in names]


def standalone_csp(scripts: list[Asset], styles: list[Asset]) -> str:
    """A policy that allows exactly the inlined scripts and styles, by hash, and nothing else."""
    script_src = " ".join(_sha256(a.inline) for a in scripts if a.inline)
    style_src = " ".join(_sha256(a.inline) for a in styles if a.inline)
    return (f"{_BASE_POLICY}; script-src {script_src}; style-src {style_src}; "
            "connect-src 'none'; form-action 'none'")


def _render(template: str, title: str, data: dict[str, Any] | None, standalone: bool,
            scripts: tuple[str, ...], **extra: Any) -> str:
    script_assets = _assets(scripts, standalone)
    style_assets = _assets(("vis-network.css", "viewer.css"), standalone)
    policy = standalone_csp(script_assets, style_assets) if standalone else SERVED_CSP
    return _ENV.get_template(template).render(
        title=title, csp=policy, scripts=script_assets, styles=style_assets,
        data_json=safe_json(data) if data is not None else None, standalone=standalone,
        cap=NODE_CAP, **extra)


def view_page(view: View, *, standalone: bool) -> str:
    """The page for one view (chain, entity, report or any subgraph)."""
    data = view_data(view)
    return _render("view.html", view.title, data, standalone, ("vis-network.min.js", "viewer.js"),
                   notes=view.notes, counts=data["counts"])


def error_page(title: str, message: str) -> str:
    """A page saying what went wrong (an unknown id, say), with a search box: a reader who
    follows a stale link gets a sentence and a way on, not a JSON body."""
    return _render("error.html", title, None, False, (), message=message)


def explorer_page() -> str:
    """The explorer: search, draw, read the evidence, expand (served only: it asks the API)."""
    return _render("explorer.html", "conflictkg explorer", None, False,
                   ("vis-network.min.js", "viewer.js", "explorer.js"))
