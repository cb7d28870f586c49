"""Evidence as the pages show it: quote, span in context, report, publisher, date, link.

Every node and edge a view draws carries these records, so its tooltip and side panel
can always answer "who says so, where, and when". Report text is untrusted: records are
plain data (the page escapes them), and only http(s) URLs ever become links.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from graph.model import Edge, Node

CONTEXT_CHARS = 160
WORD_SLACK = 40         # how far a cut moves to reach the edge of a word
ELISION = "…"
TOOLTIP_QUOTE_CHARS = 300


def link_url(url: Any) -> str | None:
    """The URL when it is safe to link (http or https), else None (shown as text only)."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def report_fields(report: Node | None, report_id: str) -> dict[str, Any]:
    """What a record says about the report: title, publisher, date and URL."""
    props = report.props if report else {}
    url = props.get("url")
    return {"report_id": report_id, "report_title": props.get("title"),
            "publisher": props.get("publisher"), "published": props.get("published"),
            "url": link_url(url), "url_text": url, "stub": bool(props.get("stub"))}


def span_context(text: Any, start: int, end: int, chars: int = CONTEXT_CHARS) -> dict[str, str]:
    """The passage around a span, as every reader shows it (pages, the API's drawings and
    its context route, the CLI's ``show``): about ``chars`` characters each side, cut only
    between words, with "…" where text was left out. Empty when the span is not in it.

    The one place that cuts context: a passage that starts mid-word ("ers said the") reads
    as a misquote, so each cut moves out to the nearest space within ``WORD_SLACK``, or in
    to the nearest one when a single long token (a URL) sits there."""
    if not isinstance(text, str) or not 0 <= start <= end <= len(text):
        return {}
    return {"before": _before(text, start, chars), "span": text[start:end],
            "after": _after(text, end, chars)}


def _before(text: str, start: int, chars: int) -> str:
    cut = start - chars
    if cut <= 0:
        return text[:start]
    outward = next((i for i in range(cut, max(0, cut - WORD_SLACK) - 1, -1)
                    if i == 0 or text[i - 1].isspace()), None)
    if outward == 0:
        return text[:start]
    if outward is None:
        outward = next((i for i in range(cut, start) if text[i - 1].isspace()), start)
    return ELISION + text[outward:start]


def _after(text: str, end: int, chars: int) -> str:
    cut = end + chars
    if cut >= len(text):
        return text[end:]
    outward = next((i for i in range(cut, min(len(text), cut + WORD_SLACK) + 1)
                    if i == len(text) or text[i].isspace()), None)
    if outward == len(text):
        return text[end:]
    if outward is None:
        outward = next((i for i in range(cut, end, -1) if text[i].isspace()), end)
    return text[end:outward] + ELISION


def _context(report: Node | None, start: int, end: int) -> dict[str, Any]:
    """Text around the span, and whether the stored text still holds the quote there."""
    return span_context(report.props.get("text") if report else None, start, end)


# Keys every record has, null where they do not apply (a mention is no claim; a report
# without stored text has no context), so a record's keys never depend on what it is.
OPTIONAL_KEYS = ("claim_id", "hedged", "sourced", "edge_type", "before", "span", "after")


def span_record(props: dict[str, Any], report: Node | None, **extra: Any) -> dict[str, Any]:
    """A record for anything that carries provenance (a claim or an evidence edge)."""
    start, end = int(props.get("start", 0)), int(props.get("end", 0))
    record = {"quote": props.get("quote"), "start": start, "end": end,
              "method": props.get("method"), "confidence": props.get("confidence"),
              **report_fields(report, str(props.get("report_id", ""))),
              **dict.fromkeys(OPTIONAL_KEYS), **extra}
    record.update(_context(report, start, end))
    return record


def claim_record(claim: Node, report: Node | None) -> dict[str, Any]:
    """The evidence of a claim: its own span, with hedging and sourcing."""
    return span_record(claim.props, report, claim_id=claim.id,
                       hedged=bool(claim.props.get("hedged")),
                       sourced=bool(claim.props.get("sourced")),
                       published=claim.props.get("published") or
                       (report.props.get("published") if report else None))


def edge_record(edge: Edge, report: Node | None) -> dict[str, Any] | None:
    """The evidence of an edge, or None for a structural edge (MAKES, PART_OF)."""
    if not edge.props.get("quote"):
        return None
    return span_record(edge.props, report, edge_type=edge.type)


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def tooltip(heading: str, records: list[dict[str, Any]], fields: dict[str, Any]) -> str:
    """Plain text for vis-network's hover box (it shows strings as text, never HTML)."""
    lines = [heading]
    lines += [f"{key}: {_plain(value)}" for key, value in fields.items() if value not in (None, "", [])]
    for record in records[:2]:
        quote = str(record.get("quote") or "")
        if len(quote) > TOOLTIP_QUOTE_CHARS:
            quote = quote[:TOOLTIP_QUOTE_CHARS - 1] + "…"
        source = ", ".join(str(record[k]) for k in ("report_title", "publisher", "published")
                           if record.get(k))
        lines += [f"“{quote}”", f"— {source}" if source else "— (report not in the graph)"]
        if record.get("url_text"):
            lines.append(str(record["url_text"]))
    if len(records) > 2:
        lines.append(f"(+{len(records) - 2} more: click for all)")
    return "\n".join(lines)
