"""``conflictkg show | entity | relationships``: what one id is, who an entity is, and how
two entities are linked, from a terminal (ids on every line, to paste into the next command)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.app import JsonOption, StoreOption, app, echo, fail, print_json, store_from
from api.cli.query import evidence_line

if TYPE_CHECKING:
    from graph.stores.base import GraphStore

IdArgument = Annotated[str, typer.Argument(help="Any id: full (clm:4c9e...), without its prefix, "
                                                "or a unique beginning of at least 4 characters.")]
EntityArgument = Annotated[str, typer.Argument(help="Organisation, region or person: id, name or alias.")]


@app.command()
def show(node_id: IdArgument, store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Show any node: a claim with its evidence, a report (and whose copy it is), an entity;
    with its links in and out."""
    from api.routers.models import NodeDescription, sent
    from queries.explore import describe

    with store_from(store) as graph:
        answer = sent(NodeDescription, describe(graph, node_id))
        passage = None if as_json else passage_of(graph, answer["evidence"])
    if as_json:
        print_json(answer)
        return
    echo(f"{answer['label']} {answer['id']}")
    if not answer["evidence"]:       # a claim's name is its quote, which its evidence line shows
        echo(f"  {answer['name']}")
    if answer.get("copy_of"):
        echo(f"  copy of: {answer['copy_of']}")
    if answer["evidence"]:          # the quote once: in its passage when the text is stored
        echo(f"  {evidence_line(answer['evidence'], quoted=not passage)}")
    if passage:
        echo(f"  in context: {passage}")
    for key, value in sorted(answer["properties"].items()):
        if key not in ("quote", "text", "name", "title") and value not in (None, "", []):
            echo(f"  {key}: {_shown(value)}")
    _print_links("out", answer["links_out"], answer["links_out_total"])
    _print_links("in", answer["links_in"], answer["links_in_total"])


def passage_of(graph: GraphStore, evidence: dict[str, Any] | None) -> str | None:
    """The quote in its passage, as the pages show it (whole words, "…" for what is left
    out, the quote between « and »), on one line; None without stored text."""
    from api.viz.evidence import span_context

    if not evidence or not evidence.get("report_id"):
        return None
    report = graph.get_nodes([evidence["report_id"]], ["text"]).get(evidence["report_id"])
    found = span_context(report.props.get("text") if report else None, evidence["start"], evidence["end"])
    if not found:
        return None
    before, after = (" ".join(found[k].split()) for k in ("before", "after"))
    gap = (" " if before and found["before"][-1:].isspace() else "",
           " " if after and found["after"][:1].isspace() else "")
    return f"{before}{gap[0]}«{found['span']}»{gap[1]}{after}"


def _shown(value: Any) -> str:
    """A property as text: a list as its items joined ("a; b"), not as Python writes it."""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)


def _print_links(direction: str, links: list[dict[str, Any]], total: int) -> None:
    arrow = "->" if direction == "out" else "<-"
    echo(f"links {direction}: {total}" + (f" (first {len(links)} shown)" if total > len(links) else ""))
    for link in links:
        echo(f"  {arrow} {link['type']:<13} {link['id']}  {link['name']}")


@app.command()
def entity(name: EntityArgument, store: StoreOption = None, as_json: JsonOption = False) -> None:
    """An organisation, region or person: claims and reports about it, where it sits, with
    whom it is named, and claims per month."""
    from api.routers.models import EntityProfile, sent
    from queries.entities import entity_profile

    with store_from(store) as graph:
        profile = sent(EntityProfile, entity_profile(graph, name))
    if as_json:
        print_json(profile)
        return
    node = profile["entity"]
    echo(f"{node['label']} {node['id']}  {node.get('name', node['id'])}")
    if node.get("aliases"):
        echo(f"  also: {', '.join(node['aliases'])}")
    echo(f"  {profile['claim_count']} claim(s) in {profile['report_count']} report(s); "
               f"{profile['hedged_claim_count']} hedged")
    for region in profile["part_of"]:
        echo(f"  part of: {region['id']}  {region['name']}")
    for other in profile["co_mentioned"]:
        echo(f"  named with: {other['id']}  {other['name']} ({other['claims']} claim(s))")
    echo("  claims per month: " + ", ".join(f"{m['month']} {m['claims']}" for m in profile["timeline"]))


@app.command()
def relationships(first: EntityArgument, second: EntityArgument, store: StoreOption = None,
                  as_json: JsonOption = False) -> None:
    """How two entities are linked: each relation (subject, predicate, object) and the
    claims naming both, with their independent origins."""
    from api.routers.models import Relationship, sent
    from queries.relationships import relationship_evidence

    with store_from(store) as graph:
        answer = sent(Relationship, relationship_evidence(graph, first, second))
    a, b = answer["entities"]
    if a["id"] == b["id"]:   # "RSF" and "Rapid Support Forces": one entity, as the API says
        raise fail(f"both name {a['id']} ({a['name']}): give two entities", 2)
    if as_json:
        print_json(answer)
        return
    echo(f"{a['id']} {a['name']} and {b['id']} {b['name']}: {len(answer['relations'])} relation(s)")
    for link in answer["relations"]:
        echo(f"{link['subject']} {link['predicate']} {link['object']}: {len(link['claims'])} claim(s), "
                   f"{link['independent_origins']} independent origin(s)")
        for item in link["claims"]:
            echo(f"  {evidence_line(item)}")
    co = answer["co_mentions"]
    echo(f"named together: {len(co['claims'])} claim(s), "
               f"{co['independent_origins']} independent origin(s)")
    for item in co["claims"]:
        echo(f"  {evidence_line(item)}")
