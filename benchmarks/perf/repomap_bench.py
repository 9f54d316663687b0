"""Times the symbol index and the repository map on a synthetic 1,000-file Python repository.

Run from the repository root::

    .venv/bin/python benchmarks/perf/repomap_bench.py [--files 1000] [--json]

The repository is generated in a temporary folder: packages of modules that
import and call each other, a few core modules used by many (as in real
code), so the reference graph has the skew PageRank is for. Printed as one
row per step and one column per implementation ("werk"), so that another
implementation's timings (e.g. aider's RepoMap, run in its own virtualenv)
can be added as a second column; ``--json`` prints the same numbers as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

MODULES_PER_PACKAGE = 50
T = TypeVar("T")


def generate_repository(root: Path, files: int, seed: int = 61131) -> None:
    """Write ``files`` Python modules under ``root``; core modules are imported more often."""
    rng = random.Random(seed)
    names = [
        f"pkg{n // MODULES_PER_PACKAGE:02d}/mod{n % MODULES_PER_PACKAGE:02d}" for n in range(files)
    ]
    # Zipf-like popularity: module k is picked with weight 1/(k+1).
    popularity = [1.0 / (rank + 1) for rank in range(files)]
    for number, name in enumerate(names):
        path = root / f"{name}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        init = path.parent / "__init__.py"
        if not init.exists():
            init.write_text('"""A package of the synthetic benchmark repository."""\n')
        imported = {n for n in rng.choices(range(files), weights=popularity, k=6) if n != number}
        lines = [f'"""Module {number} of the synthetic repository."""', ""]
        for other in sorted(imported):
            module = names[other].replace("/", ".")
            names_used = f"Station{other}Controller, compute_flow_{other}, LIMIT_{other}"
            lines.append(f"from {module} import {names_used}")
        lines += ["", f"LIMIT_{number} = {number * 10}", ""]
        lines += [
            f"class Station{number}Controller:",
            f'    """Controls station {number}."""',
            "",
            "    def __init__(self, rate: float) -> None:",
            "        self.rate = rate",
            "",
        ]
        for method in range(5):
            lines += [
                f"    def step_{method}(self, value: float) -> float:",
                f"        return compute_flow_{number}(value) + self.rate * {method}",
                "",
            ]
        for function in range(4):
            suffix = "" if function == 0 else f"_{function}"
            lines += [f"def compute_flow_{number}{suffix}(value: float) -> float:"]
            for other in sorted(imported):
                lines.append(f"    value += compute_flow_{other}(value) / LIMIT_{other}")
                lines.append(f"    Station{other}Controller(value).step_{function}(value)")
            lines += ["    return value", ""]
        path.write_text("\n".join(lines) + "\n")


def timed(step: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def run(files: int) -> dict[str, float]:
    from werk.tools.code import ReferenceGraph, RepoRanking, SymbolIndex, render_map

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="werk-repomap-bench-") as folder:
        root = Path(folder)
        generate_repository(root, files)
        cache = root / ".werk" / "index.sqlite"

        def build() -> SymbolIndex:
            return SymbolIndex.build(root, cache_path=cache)

        results["index, cold (parse all)"], _ = timed(build)
        results["index, warm (cache hits)"], index = timed(build)
        results["graph build"], graph = timed(lambda: ReferenceGraph.from_index(index))
        results["rank, no focus"], _ = timed(graph.rank)
        paths = list(index.files)
        rng = random.Random(7)
        focus_times = []
        ranking: RepoRanking | None = None
        for _ in range(20):
            focus = rng.sample(paths, 2)
            seconds, ranking = timed(partial(graph.rank, focus_files=focus))
            focus_times.append(seconds)
        assert ranking is not None
        results["rank, new focus (median of 20)"] = statistics.median(focus_times)
        results["rank, focus + mentioned identifier"], _ = timed(
            lambda: graph.rank(focus_files=paths[:1], mentioned_identifiers=["compute_flow_3"])
        )
        results["render map, 1024 tokens"], _ = timed(lambda: render_map(ranking, 1024))
        results["render map, 8192 tokens"], _ = timed(lambda: render_map(ranking, 8192))
        results["(files indexed)"] = index.stats.files
        results["(definitions)"] = index.stats.definitions
        results["(references)"] = index.stats.references
        results["(graph links)"] = len(graph.links)
    return results


def print_table(columns: dict[str, dict[str, float]]) -> None:
    steps = list(next(iter(columns.values())))
    width = max(len(step) for step in steps)
    print(f"{'step':<{width}}  " + "  ".join(f"{name:>12}" for name in columns))
    for step in steps:
        cells = []
        for values in columns.values():
            value = values.get(step)
            if value is None:
                cells.append(f"{'-':>12}")
            elif step.startswith("("):
                cells.append(f"{int(value):>12}")
            else:
                cells.append(f"{value * 1000:>9.1f} ms")
        print(f"{step:<{width}}  " + "  ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="print the timings as JSON")
    arguments = parser.parse_args(argv)
    results = run(arguments.files)
    if arguments.json:
        print(json.dumps({"werk": results}, indent=2))
    else:
        print_table({"werk": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
