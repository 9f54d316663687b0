"""Ghost-text overhead: werk's own time per inline completion, the model's excluded.

Two runs of ~100 positions each (ends of lines, blank lines inside bodies):

- Structured Text: the 30,000-line generated project (``st_corpus``, one
  file) beside a library of 50 function blocks (so the map, which leaves
  out the file being edited, has something to show), timing ``prepare``
  (shape, budget split, used declarations, ranked repository map, prompt)
  plus ``finish`` (post-processing and validation with the ST parser) for a
  fixed answer.
- Python: the largest Python file of werk's own repository (about 1,100
  indexed files), timing ``prepare_code`` plus ``finish`` (validation with
  ``ast``), the map ranked on that repository.

The repository index, its reference graph and the file's ranking are built
once before timing, as the server does in a worker thread when the indexed
content changes, and those cold costs are printed apart; each position then
pays for lifting the names near the cursor and rendering its map, unless
the same (file, names) was asked before.
Everything a request costs besides the model call.

Run: ``.venv/bin/python -m werk.benchmarks.perf.inline_bench``
Goal (issue): overhead p95 <= 20 ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from werk.agent.config import load_config
from werk.agent.config.schema import LspConfig
from werk.benchmarks.perf.st_corpus import corpus
from werk.lsp.inline.languages import PYTHON
from werk.lsp.inline.repo_map import RepositoryMap
from werk.lsp.inline.suggest import Prepared, finish, prepare, prepare_code
from werk.lsp.st_workspace import StWorkspace
from werk.tools.code import DEFAULT_EXCLUDES, SymbolIndex
from werk.tools.gc_pause import freeze_loaded

ST_ANSWER = "bRun := bStart AND NOT bStop;"
PYTHON_ANSWER = "result = compute(value)"
STATIONS = 1000
LIBRARY_BLOCKS = 50
POSITIONS = 100
REPOSITORY = Path(__file__).resolve().parents[2]


def main() -> None:
    bench_structured_text()
    bench_python()


def bench_structured_text() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "werk.toml").write_text("", encoding="utf-8")
        path = root / "plant.st"
        data = corpus(STATIONS)
        path.write_bytes(data)
        (root / "library.st").write_text(library(LIBRARY_BLOCKS), encoding="utf-8")
        loaded = load_config(root)
        workspace = StWorkspace(root, loaded)
        workspace.load()
        source = workspace.files[path.resolve()]
        repo_map = _built_map(root, source.path, "structured text", use_cache=True)

        def one(offset: int) -> Prepared | None:
            return prepare(
                source,
                workspace.project,
                offset,
                loaded.config.lsp,
                lambda names, chars: repo_map.text(source.path, names, chars),
            )

        _report("structured text", _time(data, one, ST_ANSWER))


def library(blocks: int) -> str:
    """Function blocks with an interface each, for the map to rank and show."""
    return "".join(
        f"FUNCTION_BLOCK FB_LibraryValve{n}\nVAR_INPUT\n    bOpen : BOOL;\nEND_VAR\n"
        f"VAR_OUTPUT\n    bIsOpen : BOOL;\nEND_VAR\nbIsOpen := bOpen;\nEND_FUNCTION_BLOCK\n"
        for n in range(blocks)
    )


def bench_python() -> None:
    candidates = [
        path
        for path in REPOSITORY.rglob("*.py")
        if not {".venv", "build", ".git"} & set(path.relative_to(REPOSITORY).parts)
    ]
    path = max(candidates, key=lambda found: found.stat().st_size).resolve()
    data = path.read_bytes()
    repo_map = _built_map(REPOSITORY, path, "python", use_cache=False)
    settings = LspConfig()

    def one(offset: int) -> Prepared | None:
        return prepare_code(
            path,
            PYTHON,
            data,
            offset,
            settings,
            lambda names, chars: repo_map.text(path, names, chars),
        )

    relative = path.relative_to(REPOSITORY)
    _report(f"python ({relative})", _time(data, one, PYTHON_ANSWER))


def _built_map(root: Path, focus: Path, label: str, *, use_cache: bool) -> RepositoryMap:
    started = time.perf_counter()
    index = SymbolIndex.build(root, exclude=DEFAULT_EXCLUDES, use_cache=use_cache)
    indexed = time.perf_counter()
    repo_map = RepositoryMap()
    repo_map.refresh(index)
    linked = time.perf_counter()
    repo_map.warm(focus)
    ranked = time.perf_counter()
    freeze_loaded()  # as ghost text does after a new graph
    print(
        f"{label}: index of {len(index.files)} files {(indexed - started) * 1000:.0f} ms, "
        f"graph {(linked - indexed) * 1000:.0f} ms, ranking for the file "
        f"{(ranked - linked) * 1000:.0f} ms (once per change, in a worker thread)"
    )
    return repo_map


def _time(data: bytes, one: Callable[[int], Prepared | None], answer: str) -> list[float]:
    offsets = [i for i in range(len(data)) if data[i : i + 1] == b"\n"]
    chosen = offsets[:: max(1, len(offsets) // POSITIONS)][:POSITIONS]
    timings: list[float] = []
    for offset in chosen:
        started = time.perf_counter()
        prepared = one(offset)
        if prepared is not None:
            finish(prepared, answer)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _report(label: str, timings: Sequence[float]) -> None:
    ordered = sorted(timings)
    p50 = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{label}: inline overhead over {len(ordered)} positions: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
