"""Time and peak memory per hostile or oversized input, each case in a fresh process.

    python benchmarks/hostile_inputs.py            # every case
    python benchmarks/hostile_inputs.py text20 nt-literal
    python benchmarks/hostile_inputs.py --timeout 3000 extract20 ttl-slow
    python benchmarks/hostile_inputs.py --profile --timeout 3000 extract20   # where the time goes

Cases are generated here (nothing hostile is kept in the repository). The 20 MB text is
the seed op-ed from ../shared/seeds repeated (an invented paragraph when it is absent);
``extract20d`` extracts 20 MB of *distinct* text instead, generated here: report-style
paragraphs from templates with invented group, place and person names, numbers, dates,
quotations and links drawn at random, so that almost no sentence repeats and no cache of
repeated text helps. The 15 MB HTML is the readability test pages from ../shared/benchmarks/html joined.
``health`` measures the slowest /health answer while a 3 MB upload is being ingested.
``extract20`` reads *and extracts* the 20 MB text (claims, entities, sources: what
``ingest`` does before writing). ``ttl-slow`` imports 20 MB of valid Turtle that is not
an export of ours under a 30 s import limit (it parses in a child process: the peak
memory reported is the larger of this process and its children). ``--profile`` runs
each case under cProfile and prints its 30 costliest calls (cumulative time) after the
figures; the profiler slows pure-Python code most, so its CPU figure is not the case's.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PARAGRAPH = ("Al Qaeda trainers arrived in Kunar last month, villagers said, according to a UN "
             "monitoring team report seen by AFP.\n\n")


SYLLABLES = ("ka ra mo ti lu sa ne do ba ri al zu fe ko ma ha ye wa gi nu ot er an is "
             "ul be da ro ki so").split()
HEADS = ("Front", "Brigade", "Movement", "Army", "Council", "Forces", "Alliance", "Institute", "Group")
TEMPLATES = (
    "Fighters of the {org} attacked {town} on {day}, killing {n} people, {source} said.",
    "The {org} ({acr}) said in a statement that it had taken control of {town} and {town2}.",
    "According to {person}, a spokesman for the {org}, about {n} families fled {town} in {month}.",
    "\"We will not leave {town},\" {person} told reporters in {town2}, adding that {n} fighters had arrived.",
    "A report by the {org2} found that the {org} may have received {n} rifles through {town}.",
    "Residents of {town} described checkpoints set up by the {org} along the road to {town2}.",
    "The {org} denied the claim and said {n} of its members had been detained near {town}.",
    "Prices of fuel in {town} rose by {n} percent in {month}, traders said, as the road to {town2} was shut.",
    "{person} said the {org2} had documented {n} cases since {month}, see https://example.org/r/{n}/{acr}.",
    "Analysts said the {org} could try to regroup in {town} if pressure on the group eased in {month}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def distinct_text(size: int, seed: int = 18) -> str:
    """About ``size`` bytes of distinct report-style prose (see the module's docstring)."""
    rng = random.Random(seed)
    pieces: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            org = f"{_word(rng, 2)} {_word(rng, 3)} {rng.choice(HEADS)}"
            fields = {"org": org, "org2": f"{_word(rng, 3)} {rng.choice(HEADS)}",
                      "acr": "".join(w[0] for w in org.split()), "town": _word(rng, 3),
                      "town2": _word(rng, 2), "person": f"{_word(rng, 2)} {_word(rng, 3)}",
                      "n": rng.randint(2, 99_999), "day": rng.choice(DAYS), "month": rng.choice(MONTHS),
                      "source": rng.choice(("officials", "a local monitor", "two diplomats", "the army"))}
            sentences.append(rng.choice(TEMPLATES).format(**fields))
        paragraph = " ".join(sentences) + "\n\n"
        if rng.random() < 0.05:
            paragraph = f"{_word(rng, 3)} and {_word(rng, 2)}\n\n" + paragraph
        pieces.append(paragraph)
        total += len(paragraph)
    return "".join(pieces)[:size]


def seed_text() -> str:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    return seeds[0].read_text("utf-8") if seeds else PARAGRAPH * 40


def repeated(piece: str, size: int) -> str:
    return (piece * (size // len(piece.encode("utf-8")) + 1))[:size]


def input_paths(folder: Path) -> dict[str, Path]:
    """Case name -> its input file (those whose material is present)."""
    paths = {"text20": folder / "big.txt", "md20": folder / "big.md", "alias-bomb": folder / "bomb.md",
             "nt-literal": folder / "literal.nt", "xml-bomb": folder / "bomb.rdf",
             "html15": folder / "big.html", "health": folder / "big.txt", "extract20": folder / "big.txt",
             "extract20d": folder / "distinct.txt",
             "ttl-slow": folder / "slow.ttl"}
    return {name: path for name, path in paths.items() if name != "html15" or _html_pages()}


def _html_pages() -> list[Path]:
    return sorted((SHARED / "benchmarks" / "html" / "readability").glob("*/source.html"))


def make_inputs(folder: Path) -> None:
    """Write every case's input file (in a process of its own: a child inherits its parent's
    peak memory on Linux, so the process that runs the cases must stay small)."""
    paths = input_paths(folder)
    paths["text20"].write_text(repeated("\n\nA Part Heading\n\n" + seed_text(), 19_900_000), "utf-8")
    paths["md20"].write_text(paths["text20"].read_text("utf-8"), "utf-8")
    paths["extract20d"].write_text(distinct_text(19_900_000), "utf-8")
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
        f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    paths["alias-bomb"].write_text("---\n" + "\n".join(levels) + "\ntitle: *a8\n---\n" + PARAGRAPH, "utf-8")
    paths["nt-literal"].write_text('<http://x/a> <http://x/b> "' + "a" * 50_000_000 + '" .\n', "utf-8")
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    paths["xml-bomb"].write_text(f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e0 "lol">{entities}]>'
                                 '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                                 '<rdf:Description rdf:about="http://x/a"><x:b xmlns:x="http://x/">&e9;'
                                 "</x:b></rdf:Description></rdf:RDF>", "utf-8")
    with paths["ttl-slow"].open("w", encoding="utf-8") as out:
        out.write("@prefix ex: <http://example.org/slow/> .\n")
        out.writelines(f'ex:s{i} ex:p{i % 97} "a literal to make the file longer, {i}" .\n'
                       for i in range(400_000))
    if "html15" in paths:
        body = "".join(p.read_text("utf-8", errors="replace") for p in _html_pages())
        paths["html15"].write_text(repeated(body, 15_000_000), "utf-8")


READ = """
from pathlib import Path
from loaders.errors import LoadError
from loaders.readers import read_document
from loaders.source import read_source
try:
    doc = read_document(read_source(Path(PATH)))
    outcome = f"read {len(doc.text):,} characters"
except LoadError as exc:
    outcome = f"refused: {exc.problem[:80]}"
"""
EXTRACT = """
from pathlib import Path
from loaders.errors import LoadError
from loaders.ingest import extract_source
from loaders.source import read_source
try:
    found = extract_source(read_source(Path(PATH)))
    outcome = (f"{len(found.claims):,} claims from {len(found.report.text):,} characters; "
               f"warnings: {[w[:70] for w in found.warnings][:3]}")
except LoadError as exc:
    outcome = f"refused: {exc.problem[:80]}"
"""
IMPORT_RDF = """
from pathlib import Path
from graph.rdf.importer import RdfImportError, import_file
from graph.stores.embedded import EmbeddedStore
import tempfile
try:
    summary = import_file(EmbeddedStore(Path(tempfile.mkdtemp()) / "s"), Path(PATH), seconds=30)
    outcome = f"imported {summary.batches} reports"
except RdfImportError as exc:
    outcome = f"refused: {str(exc).split(': ', 1)[1][:80]}"
"""
PARSE_RDF = """
from pathlib import Path
from graph.rdf.importer import RdfImportError, read_graph
try:
    outcome = f"parsed {len(read_graph(Path(PATH), max_bytes=1 << 30))} triples"
except RdfImportError as exc:
    outcome = f"refused: {str(exc).split(': ', 1)[1][:80]}"
"""
HEALTH = """
import threading, time, tempfile, httpx, uvicorn
from pathlib import Path
from api.app import create_app
from api.settings import Settings
from graph.stores.embedded import EmbeddedStore
KEY = "bench-key-0123456789abcdef"
store = EmbeddedStore(Path(tempfile.mkdtemp()) / "s")
config = uvicorn.Config(create_app(Settings(api_key=KEY), store), port=8733, log_level="warning")
server = uvicorn.Server(config)
threading.Thread(target=server.run, daemon=True).start()
while not server.started:
    time.sleep(0.05)
data = Path(PATH).read_bytes()[:3_000_000]
done = threading.Event()
def upload():
    httpx.post("http://127.0.0.1:8733/reports", files={"file": ("big.txt", data)},
               headers={"X-API-Key": KEY}, timeout=600)
    done.set()
threading.Thread(target=upload).start()
slowest = 0.0
while not done.is_set():
    t = time.perf_counter(); httpx.get("http://127.0.0.1:8733/health", timeout=600)
    slowest = max(slowest, time.perf_counter() - t); time.sleep(0.05)
server.should_exit = True
outcome = f"slowest /health during a 3 MB upload: {slowest:.2f} s"
"""
CASES = {"text20": READ, "md20": READ, "html15": READ, "alias-bomb": READ,
         "nt-literal": PARSE_RDF, "xml-bomb": PARSE_RDF, "health": HEALTH, "extract20": EXTRACT,
         "extract20d": EXTRACT,
         "ttl-slow": IMPORT_RDF}
WRAPPER = """
import json, resource, sys, time
PATH = sys.argv[1]
started = time.perf_counter()
{body}
{report}
own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
print(json.dumps({{"seconds": round(time.perf_counter() - started, 2), "cpu_seconds": round(cpu, 1),
                  "peak_mb": max(own.ru_maxrss, children.ru_maxrss) // 1024,
                  "outcome": outcome}}))
"""


PROFILE_START = "import cProfile, io, pstats\n_profile = cProfile.Profile()\n_profile.enable()\n"
PROFILE_REPORT = """
_profile.disable()
_table = io.StringIO()
pstats.Stats(_profile, stream=_table).sort_stats("cumulative").print_stats(30)
sys.stderr.write(_table.getvalue())
"""


def run_case(name: str, path: Path, timeout: float = 600, profile: bool = False) -> dict[str, object]:
    """One case in a fresh interpreter; its time, peak memory and what happened (and, when
    profiled, cProfile's table on standard error)."""
    body = textwrap.dedent(CASES[name])
    code = WRAPPER.format(body=PROFILE_START + body if profile else body,
                          report=PROFILE_REPORT if profile else "")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:   # the killed case's CPU time, to tell slow from starved
        spent = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = spent.ru_utime + spent.ru_stime - before.ru_utime - before.ru_stime
        return {"seconds": timeout, "cpu_seconds": round(cpu, 1), "outcome": "timed out"}
    if done.returncode != 0:
        return {"outcome": f"failed: {done.stderr.strip().splitlines()[-1:]}"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    if profile:
        result["profile"] = done.stderr
    return result


def main(selected: list[str]) -> None:
    if selected[:1] == ["--make"]:
        make_inputs(Path(selected[1]))
        return
    timeout = 600.0   # wall-clock seconds per case; a loaded machine may need more
    profile = selected[:1] == ["--profile"]
    selected = selected[1:] if profile else selected
    if selected[:1] == ["--timeout"]:
        timeout, selected = float(selected[1]), selected[2:]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, __file__, "--make", tmp], check=True)
        paths = input_paths(Path(tmp))
        for name in selected or list(CASES):
            if name not in paths:
                print(f"{name:<11} skipped (its material is absent)")
                continue
            size = paths[name].stat().st_size / 1e6
            result = run_case(name, paths[name], timeout, profile)
            table = str(result.pop("profile", ""))
            print(f"{name:<11} {size:6.1f} MB  {json.dumps(result, ensure_ascii=False)}", flush=True)
            if table:
                print(table, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
