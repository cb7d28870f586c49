"""Large views: above the node cap, keep the nodes nearest the focus and group the rest.

A browser lays out a few hundred nodes in a second or two; thousands take minutes and
show nothing readable. So a view never draws more than the cap: nodes are ranked by
distance from the focus (entities and reports before claims at the same distance),
the first ones are drawn, and each hidden node joins a "+N" box attached to the nearest
drawn node it hangs from. The page says how many nodes of which kind were left out.
"""

from __future__ import annotations

from collections import Counter

from api.viz.drawing import MORE, NODE_CAP, DrawEdge, DrawNode, View
from graph.model import digest

MAX_GROUPS = 20
LISTED_PER_GROUP = 100
LABEL_RANK = {"Organisation": 0, "Region": 1, "Person": 2, "Report": 3, "Claim": 4, "Ingestion": 5}

Groups = dict[tuple[str, str], list[str]]


def _rank(view: View, node_id: str) -> tuple[int, str]:
    return (LABEL_RANK.get(view.nodes[node_id].label, 9), node_id)


def _neighbours(view: View) -> dict[str, set[str]]:
    near: dict[str, set[str]] = {nid: set() for nid in view.nodes}
    for edge in view.edges.values():
        near[edge.source].add(edge.target)
        near[edge.target].add(edge.source)
    return near


def nearest_first(view: View) -> tuple[list[str], dict[str, str]]:
    """Nodes in breadth-first order from the focus, and each reached node's parent."""
    near = _neighbours(view)
    start = view.focus if view.focus in view.nodes else min(view.nodes)
    order, parent, seen = [start], {}, {start}
    level = [start]
    while level:
        following: list[str] = []
        for nid in level:
            for other in sorted(near[nid] - seen, key=lambda o: _rank(view, o)):
                seen.add(other)
                parent[other] = nid
                following.append(other)
        following.sort(key=lambda o: _rank(view, o))
        order.extend(following)
        level = following
    order.extend(sorted(set(view.nodes) - seen, key=lambda o: _rank(view, o)))
    return order, parent


def _anchor(node_id: str, parent: dict[str, str], kept: set[str], root: str) -> str:
    """The nearest drawn ancestor of a hidden node (the root when it has none)."""
    current = node_id
    while current in parent:
        current = parent[current]
        if current in kept:
            return current
    return root


def _bounded(groups: Groups, root: str) -> Groups:
    """At most MAX_GROUPS boxes: the smallest groups merge, per label, at the root."""
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    labels = {label for _, label in groups}
    room = MAX_GROUPS - len(labels)
    bounded: Groups = dict(ordered[:room])
    for (_, label), ids in ordered[room:]:
        bounded.setdefault((root, label), []).extend(ids)
    return bounded


def _box(view: View, anchor: str, label: str, ids: list[str]) -> DrawNode:
    anchor_node = view.nodes[anchor]
    plural = label if len(ids) == 1 else f"{label}s"
    return DrawNode(
        id=f"more:{digest(anchor, label)}", label=MORE, caption=f"+{len(ids)} {plural}",
        role="more", level=None if anchor_node.level is None else anchor_node.level + 1,
        fields={"hidden nodes": len(ids), "kind": label, "next to": anchor_node.caption},
        hidden=[{"id": nid, "label": view.nodes[nid].label, "caption": view.nodes[nid].caption}
                for nid in sorted(ids)[:LISTED_PER_GROUP]])


def _note(view: View, hidden: list[str], boxes: int, cap: int) -> str:
    kinds = Counter(view.nodes[nid].label for nid in hidden)
    what = ", ".join(f"{count} {label}{'' if count == 1 else 's'}" for label, count in kinds.most_common())
    return (f"Drawing {len(view.nodes) - len(hidden)} of {len(view.nodes)} nodes (the drawing limit "
            f"is {cap}). Left out: {what}, grouped into {boxes} “+N” boxes next to the node they "
            f"hang from. Narrow the view (depth, dates, hedged, sourced) or click a box to list them.")


def limit_view(view: View, cap: int = NODE_CAP) -> None:
    """Draw at most ``cap`` nodes, grouping the rest; does nothing to a small view."""
    if len(view.nodes) <= cap:
        view.total_nodes = view.total_nodes or len(view.nodes)
        return
    order, parent = nearest_first(view)
    kept = set(order[:max(1, cap - MAX_GROUPS)])
    hidden = [nid for nid in order if nid not in kept]
    groups: Groups = {}
    for nid in hidden:
        groups.setdefault((_anchor(nid, parent, kept, order[0]), view.nodes[nid].label), []).append(nid)
    groups = _bounded(groups, order[0])
    view.notes.append(_note(view, hidden, len(groups), cap))
    view.total_nodes = max(view.total_nodes or 0, len(view.nodes))
    boxes = [_box(view, anchor, label, ids) for (anchor, label), ids in groups.items()]
    view.nodes = {nid: node for nid, node in view.nodes.items() if nid in kept}
    view.edges = {eid: e for eid, e in view.edges.items() if e.source in kept and e.target in kept}
    for box, (anchor, _) in zip(boxes, groups, strict=True):
        view.add_node(box)
        view.add_edge(DrawEdge(id=f"{box.id}:edge", type=MORE, source=anchor, target=box.id))
