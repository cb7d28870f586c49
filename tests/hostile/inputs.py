"""Hostile inputs, generated here so that no attack file is kept in the repository."""

from __future__ import annotations

BODY = "Al Qaeda trainers arrived in Kunar last month, villagers said.\n"


def alias_bomb(levels: int = 9) -> str:
    """'Billion laughs': each level lists the one before nine times, by alias."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"title: *a{levels - 1}")
    lines.append(f"authors: *a{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\n" + BODY


def front_matter(**fields: str) -> str:
    """A Markdown report with these front-matter lines (values written as given)."""
    header = "".join(f"{name}: {value}\n" for name, value in fields.items())
    return f"---\n{header}---\n{BODY}"
