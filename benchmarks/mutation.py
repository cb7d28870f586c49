"""Mutation testing: break the code one operator at a time and count what the tests catch.

Each mutant changes one thing in one module (a comparison, a boolean operator,
``any``/``all``, a boolean or small integer constant, ``+``/``-``, a ``return`` value
dropped), is written into a scratch copy of the project, and the tests that cover that
module run against the copy. A mutant is **killed** when they fail (or exceed a time
limit), **survives** when they pass. The kill rate is killed / (killed + survived);
every survivor is listed with its place, so it can be turned into a test or shown to be
harmless. The project itself is never touched.

Our own small mutator rather than mutmut: mutmut rewrites every function with a
trampoline and runs the whole suite for coverage first, which on this suite (real
Neo4j, Chromium, ingest) takes hours; here the mutants are sampled with a fixed seed
and each runs only the tests of its area, with Neo4j parameters left out unless asked.

    .venv/bin/python benchmarks/mutation.py --sample 40 --seed 1
    .venv/bin/python benchmarks/mutation.py --targets queries/chain.py --sample 0   # all
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TARGETS = ("queries", "graph/stores")
# the tests that cover each area (a module runs the tests of the first key it starts with):
# a module whose own tests live elsewhere is listed before its package
TESTS_FOR = {
    "queries/analysis": ["tests/analysis", "tests/queries/test_provenance_queries.py"],
    "queries/events.py": ["tests/datasets/test_datasets.py", "tests/queries"],
    "queries/explore.py": ["tests/queries", "tests/cli/test_journalist_cli.py",
                           "tests/cli/test_journalist_walk.py"],
    "queries": ["tests/queries", "tests/analysis/test_network.py", "tests/test_schema_and_provenance.py"],
    "graph/stores": ["tests/stores", "tests/test_schema_and_provenance.py"],
}
ANY_ALL = ("any", "all")
# modules only Neo4j tests reach: left out unless --neo4j (their mutants would all survive)
NEO4J_ONLY = ("graph/stores/neo4j_store.py", "graph/stores/cypher.py", "graph/stores/read_query.py")
COPIED = ("graph", "loaders", "api", "queries", "tests", "examples", "pyproject.toml")
COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}


@dataclass
class Mutant:
    """One change: where, what, and (after the run) what the tests said."""

    path: str
    line: int
    what: str
    index: int           # which candidate of the module (the walk's order)
    status: str = "pending"
    seconds: float = 0.0


def candidates(tree: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """Every node a mutation applies to, with a description, in walk order."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and type(node.ops[0]) in COMPARE_SWAPS:
            new = COMPARE_SWAPS[type(node.ops[0])].__name__
            yield node, f"{type(node.ops[0]).__name__} -> {new}"
        elif isinstance(node, ast.BoolOp):
            yield node, f"{type(node.op).__name__} -> {'Or' if isinstance(node.op, ast.And) else 'And'}"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ANY_ALL:
            yield node, f"{node.func.id} -> {'all' if node.func.id == 'any' else 'any'}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            yield node, f"{node.value} -> {not node.value}"
        elif isinstance(node, ast.Constant) and type(node.value) is int and 0 <= node.value <= 1000:
            yield node, f"{node.value} -> {node.value + 1}"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            yield node, f"{type(node.op).__name__} -> {'Sub' if isinstance(node.op, ast.Add) else 'Add'}"
        elif isinstance(node, ast.Return) and node.value is not None:
            yield node, "return value -> None"


def apply(node: ast.AST) -> None:
    """Change ``node`` in place (the counterpart of each case in :func:`candidates`)."""
    if isinstance(node, ast.Compare):
        node.ops[0] = COMPARE_SWAPS[type(node.ops[0])]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        node.func.id = "all" if node.func.id == "any" else "any"
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        node.value = not node.value
    elif isinstance(node, ast.Constant) and isinstance(node.value, int):
        node.value += 1
    elif isinstance(node, ast.BinOp):
        node.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
    elif isinstance(node, ast.Return):
        node.value = ast.Constant(None)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """Docstrings are constants too; mutating them tests nothing."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def mutants_of(path: Path, source: Path) -> list[Mutant]:
    """All mutants of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstring_nodes(tree)
    rel = str(path.relative_to(source))
    return [Mutant(rel, getattr(node, "lineno", 0), what, index)
            for index, (node, what) in enumerate(candidates(tree)) if id(node) not in skip]


def mutated_source(path: Path, index: int) -> str:
    """The module's source with candidate ``index`` changed (unparsed from the tree)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    node = next(n for i, (n, _) in enumerate(candidates(tree)) if i == index)
    apply(node)
    return ast.unparse(copy.deepcopy(tree))


def tests_for(module: str) -> list[str]:
    for area, tests in TESTS_FOR.items():
        if module.startswith(area):
            return tests
    raise SystemExit(f"no tests are mapped for {module}; add its area to TESTS_FOR")


def run_tests(scratch: Path, tests: list[str], with_neo4j: bool, timeout: float) -> tuple[str, float]:
    """``killed``, ``survived`` or ``timeout`` for the tests against the scratch copy."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    if not with_neo4j:
        command += ["-m", "not neo4j and not browser", "-k", "not neo4j"]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=scratch, capture_output=True, text=True, timeout=timeout,
                              env=_env(scratch), check=False)
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - started
    status = "survived" if done.returncode == 0 else "killed"
    if done.returncode not in (0, 1):   # 2-5: collection error, usage, nothing ran
        status = "killed" if "Error" in done.stdout + done.stderr else "error"
    return status, time.perf_counter() - started


def _env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFLICTKG_REQUIRE_")}
    env["PYTHONPATH"] = str(scratch)
    return env


def make_scratch(root: Path) -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="conflictkg-mutants-"))
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, scratch / name)
    return scratch


def select(source: Path, targets: list[str], sample: int, seed: int, with_neo4j: bool) -> list[Mutant]:
    paths = sorted(p for t in targets for p in ([source / t] if t.endswith(".py")
                                                else (source / t).rglob("*.py")))
    left_out = () if with_neo4j else NEO4J_ONLY
    every = [m for p in paths if p.name != "__init__.py" and str(p.relative_to(source)) not in left_out
             for m in mutants_of(p, source)]
    if sample and sample < len(every):
        every = sorted(random.Random(seed).sample(every, sample), key=lambda m: (m.path, m.index))
    return every


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", nargs="+", default=list(DEFAULT_TARGETS))
    parser.add_argument("--sample", type=int, default=40, help="mutants to try (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--neo4j", action="store_true", help="also run the Neo4j parameters")
    parser.add_argument("--json", type=Path, help="write every mutant's result here")
    parser.add_argument("--source", type=Path, default=ROOT,
                        help="the checkout to mutate (default: this one; e.g. a clean worktree)")
    args = parser.parse_args()

    source = args.source.resolve()
    mutants = select(source, args.targets, args.sample, args.seed, args.neo4j)
    scratch = make_scratch(source)
    try:
        baseline = {}
        for area in sorted({tuple(tests_for(m.path)) for m in mutants}):
            status, seconds = run_tests(scratch, list(area), args.neo4j, timeout=3600)
            if status != "survived":
                raise SystemExit(f"the unmutated tests do not pass ({' '.join(area)}): {status}")
            baseline[area] = seconds
            print(f"baseline {' '.join(area)}: {seconds:.0f} s", flush=True)
        for number, mutant in enumerate(mutants, 1):
            source_path = source / mutant.path
            target = scratch / mutant.path
            target.write_text(mutated_source(source_path, mutant.index), encoding="utf-8")
            tests = tests_for(mutant.path)
            mutant.status, mutant.seconds = run_tests(scratch, tests, args.neo4j,
                                                      timeout=3 * baseline[tuple(tests)] + 30)
            shutil.copy2(source_path, target)
            print(f"[{number}/{len(mutants)}] {mutant.status:8} {mutant.path}:{mutant.line} "
                  f"{mutant.what} ({mutant.seconds:.0f} s)", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report(mutants, args.json)


def report(mutants: list[Mutant], json_path: Path | None) -> None:
    killed = sum(m.status in ("killed", "timeout") for m in mutants)
    survived = [m for m in mutants if m.status == "survived"]
    judged = killed + len(survived)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"\nkill rate: {killed}/{judged} = {killed / max(judged, 1):.0%} "
          f"({sum(m.status == 'error' for m in mutants)} errors; "
          f"test CPU {children.ru_utime + children.ru_stime:.0f} s)")
    by_module: dict[str, list[int]] = {}
    for m in mutants:
        if m.status != "error":
            by_module.setdefault(m.path, [0, 0])[m.status != "survived"] += 1
    for path, (alive, dead) in sorted(by_module.items()):
        print(f"  {path:40} {dead}/{alive + dead} killed")
    for m in survived:
        print(f"  survived: {m.path}:{m.line} {m.what}")
    if json_path:
        json_path.write_text(json.dumps([asdict(m) for m in mutants], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
