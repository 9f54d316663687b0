"""werk's repository map against aider's ``RepoMap``, side by side in one run.

Both build a map of the same generated 1,000-file Python repository
(``repomap_bench.generate_repository``) with the same token budget and the
same token estimate (characters / 4, so no tokenizer download is involved):

- cold: from nothing (werk: fresh SQLite cache; aider: its tags cache deleted);
- warm: a new focus file, everything already parsed (median of 20 focus files).

aider runs in its own virtual environment, as a subprocess::

    python3 -m venv /tmp/aider-venv && /tmp/aider-venv/bin/pip install aider-chat
    .venv/bin/python -m werk.benchmarks.perf.repomap_vs_aider \
        --aider-python /tmp/aider-venv/bin/python

Reports both timings, the ratios, and how many of the 20 best-ranked files
(no focus) the two maps share.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from werk.benchmarks.perf.repomap_bench import generate_repository

TOKENS = 1024
FOCUS_SAMPLES = 20

# Runs inside aider's virtualenv: only aider's public classes, timed the same way.
AIDER_RUNNER = r'''
import json, shutil, statistics, sys, time
from pathlib import Path
from aider.io import InputOutput
from aider.repomap import RepoMap

root = Path(sys.argv[1]); tokens = int(sys.argv[2]); samples = int(sys.argv[3])

class CharacterCountModel:
    """aider asks its model for token counts; use the same len/4 estimate as werk."""
    def token_count(self, text):
        return len(text) // 4

files = sorted(str(p) for p in root.rglob("*.py"))
shutil.rmtree(root / ".aider.tags.cache.v4", ignore_errors=True)
io = InputOutput(pretty=False, yes=True)
started = time.perf_counter()
repo_map = RepoMap(map_tokens=tokens, root=str(root), main_model=CharacterCountModel(), io=io)
text = repo_map.get_repo_map([], files)
cold = time.perf_counter() - started
ranked = repo_map.get_ranked_tags([], files, set(), set())
top = []
for tag in ranked:
    name = tag[0]
    if name not in top:
        top.append(name)
warm = []
step = max(1, len(files) // samples)
for focus in files[::step][:samples]:
    others = [f for f in files if f != focus]
    started = time.perf_counter()
    repo_map.get_repo_map([focus], others)
    warm.append(time.perf_counter() - started)
print(json.dumps({"cold_s": cold, "warm_s": statistics.median(warm), "top": top[:20],
                  "map_chars": len(text or "")}))
'''


def werk_side(root: Path) -> dict[str, object]:
    from werk.tools.code import ReferenceGraph, SymbolIndex, render_map

    cache = root / ".werk-bench" / "index.sqlite"
    started = time.perf_counter()
    index = SymbolIndex.build(root, cache_path=cache)
    graph = ReferenceGraph.from_index(index)
    ranking = graph.rank()
    text = render_map(ranking, TOKENS)
    cold = time.perf_counter() - started
    top: list[str] = []
    for definition in ranking.definitions:
        if definition.tag.path not in top:
            top.append(definition.tag.path)
        if len(top) == 20:
            break
    files = sorted(index.files)
    step = max(1, len(files) // FOCUS_SAMPLES)
    warm = []
    for focus in files[::step][:FOCUS_SAMPLES]:
        started = time.perf_counter()
        render_map(graph.rank(focus_files=[focus]), TOKENS)
        warm.append(time.perf_counter() - started)
    return {"cold_s": cold, "warm_s": statistics.median(warm), "top": top, "map_chars": len(text)}


def aider_side(python: str, root: Path) -> dict[str, object]:
    result = subprocess.run(
        [python, "-c", AIDER_RUNNER, str(root), str(TOKENS), str(FOCUS_SAMPLES)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"aider's RepoMap failed:\n{result.stderr[-2000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aider-python", required=True, help="python of a venv with aider-chat")
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    if not Path(args.aider_python).is_file():
        print(f"no such interpreter: {args.aider_python}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        generate_repository(root, args.files)
        werk = werk_side(root)
        aider = aider_side(args.aider_python, root)
    werk_top = [Path(p).as_posix() for p in werk["top"]]  # type: ignore[attr-defined]
    aider_top = [Path(p).as_posix() for p in aider["top"]]  # type: ignore[attr-defined]
    overlap = len(set(werk_top) & set(aider_top))
    print(f"{'':28}{'werk':>12}{'aider':>12}{'aider / werk':>14}")
    for label, key in (("cold map (s)", "cold_s"), ("warm, new focus (s)", "warm_s")):
        w, a = float(werk[key]), float(aider[key])  # type: ignore[arg-type]
        print(f"{label:28}{w:12.4f}{a:12.4f}{a / w:13.1f}x")
    print(f"{'map size (chars)':28}{werk['map_chars']:>12}{aider['map_chars']:>12}")
    print(f"top-20 files in common (no focus): {overlap} of 20")
    return 0


if __name__ == "__main__":
    sys.exit(main())
