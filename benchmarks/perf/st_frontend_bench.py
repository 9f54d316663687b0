"""Speed of the Structured Text front end on a 30,000-line file.

Measures, on one generated CODESYS file (``st_corpus``):

- cold: lower, parse, read declarations and resolve every POU (what
  ``werk index`` and the language server do on opening a project);
- edit: a one-line change inside one POU, then re-analysis of what it
  affects (the POU, and every POU that used a symbol it declares);
- the symbol-index tags of the same file (``werk.tools.code``).

Run: ``.venv/bin/python -m werk.benchmarks.perf.st_frontend_bench [--stations N]``
Goals (issue 3): cold <= 1.5 s, re-analysis after a one-line edit <= 20 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import time
from pathlib import Path

from werk.benchmarks.perf.st_corpus import corpus
from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project, standard_library
from werk.tools.st.source_file import StSourceFile

PATH = Path("plant.st")


def cold(data: bytes) -> tuple[float, StSourceFile, Project]:
    started = time.perf_counter()
    file = StSourceFile.load(PATH, data, Dialect.CODESYS)
    project = Project(file.units)
    for pou in project.all_pous():
        project.analysis(pou)
    return time.perf_counter() - started, file, project


def one_line_edit(file: StSourceFile, project: Project, station: int) -> float:
    """Change one statement of one station; re-analyse what the change can affect."""
    needle = b"aHistory[9] := rSetpoint * gstRecipe.rSetpoint;\nEND_FUNCTION_BLOCK\n"
    marker = f"FUNCTION_BLOCK FB_Station{station}\n".encode()
    at = file.data.index(needle, file.data.index(marker))
    replacement = b"aHistory[9] := rSetpoint + 1.0;"
    started = time.perf_counter()
    change = file.edit(at, at + len(needle) - len(b"\nEND_FUNCTION_BLOCK\n"), replacement)
    project.set_file(PATH, file.units)
    for unit in change.added:
        for pou in unit.declarations.pous:
            project.analysis(pou)
            for member in (*pou.methods.values(), *pou.actions.values()):
                project.analysis(member)
    for pou in project.all_pous():  # dependants whose analyses were dropped
        project.analysis(pou)
    return time.perf_counter() - started


def symbol_tags(data: bytes) -> float:
    from werk.tools.code.languages import language_named
    from werk.tools.code.tags import extract_tags

    started = time.perf_counter()
    extract_tags("plant.st", data, language_named("st"))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=770, help="~39 lines each")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    standard_library()  # parsed once per process, not part of a project's cost
    data = corpus(args.stations)
    lines = data.count(b"\n")
    colds = []
    file = project = None
    for _ in range(args.repeat):
        gc.collect()
        seconds, file, project = cold(data)
        colds.append(seconds)
    assert file is not None and project is not None
    issues = sum(len(unit.issues) for unit in file.units)
    unresolved = sum(len(project.analysis(p).unresolved) for p in project.all_pous())
    edits = [
        one_line_edit(file, project, station)
        for station in range(5, args.stations, max(1, args.stations // 20))
    ]
    tags = [symbol_tags(data) for _ in range(args.repeat)]
    machine = (
        f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    )
    result = {
        "machine": machine,
        "file": {
            "bytes": len(data),
            "lines": lines,
            "units": len(file.units),
            "syntax_errors": issues,
            "unresolved": unresolved,
        },
        "cold_s": {"best": min(colds), "median": statistics.median(colds)},
        "edit_ms": {
            "median": statistics.median(edits) * 1000,
            "max": max(edits) * 1000,
            "count": len(edits),
        },
        "symbol_tags_s": {"best": min(tags)},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"file: {len(data):,} bytes, {lines:,} lines, {len(file.units)} units, "
          f"{issues} syntax errors, {unresolved} unresolved names")  # fmt: skip
    print(f"cold (lower+parse+declarations+resolve all): best {min(colds):.3f} s, "
          f"median {statistics.median(colds):.3f} s   (goal <= 1.5 s)")  # fmt: skip
    print(f"one-line edit + re-analysis: median {statistics.median(edits) * 1000:.1f} ms, "
          f"max {max(edits) * 1000:.1f} ms over {len(edits)} edits   (goal <= 20 ms)")  # fmt: skip
    print(f"symbol-index tags of the file: best {min(tags):.3f} s")


if __name__ == "__main__":
    main()
