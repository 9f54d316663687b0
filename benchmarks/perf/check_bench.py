"""Speed of ``werk check`` on the 30,000-line generated project (``st_corpus``).

- full: load, analyse and run every default rule over the project;
- after an edit: a one-line change in one FB, then the rules again on what
  the edit can affect (the incremental path the language server uses);
  alternate edits run the per-POU rules only (what the server publishes at
  once) or every rule (what ``werk check`` and the agent's gate see).

Run: ``.venv/bin/python -m werk.benchmarks.perf.check_bench``
Goals (issue 4): full check <= 3 s on one core; re-check after a one-line edit <= 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from werk.benchmarks.perf.st_corpus import corpus
from werk.tools.gc_pause import freeze_loaded
from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project, standard_library
from werk.tools.st.rules.incremental import IncrementalChecker
from werk.tools.st.rules.selection import RuleSettings
from werk.tools.st.source_file import StSourceFile

PATH = Path("plant.st")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=770)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    standard_library()
    data = corpus(args.stations)
    fulls = []
    checker = file = None
    for _ in range(args.repeat):
        started = time.perf_counter()
        file = StSourceFile.load(PATH, data, Dialect.CODESYS)
        checker = IncrementalChecker(Project(file.units), RuleSettings())
        findings = checker.check()
        fulls.append(time.perf_counter() - started)
    assert checker is not None and file is not None
    freeze_loaded()  # as the language server does once a project is loaded
    edits: list[float] = []
    pou_only: list[float] = []
    for number, station in enumerate(range(5, args.stations, max(1, args.stations // 20))):
        marker = f"FUNCTION_BLOCK FB_Station{station}\n".encode()
        needle = b"aHistory[9] := rSetpoint * gstRecipe.rSetpoint;"
        at = file.data.index(needle, file.data.index(marker))
        project_rules = number % 2 == 1  # alternate: each edit is measured one way
        started = time.perf_counter()
        file.edit(at, at + len(needle), b"aHistory[9] := rSetpoint + 1.0;")
        checker.project.set_file(PATH, file.units)
        checker.check(project_rules=project_rules)
        (edits if project_rules else pou_only).append(time.perf_counter() - started)
    lines = data.count(b"\n")
    print(f"file: {len(data):,} bytes, {lines:,} lines; {len(findings)} findings")
    print(
        f"full check: best {min(fulls):.3f} s, "
        f"median {statistics.median(fulls):.3f} s  (goal <= 3 s)"
    )
    for label, times in (("per-POU rules", pou_only), ("all rules", edits)):
        print(
            f"re-check after a one-line edit, {label}: median "
            f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
            f"over {len(times)} edits  (goal <= 50 ms)"
        )


if __name__ == "__main__":
    main()
