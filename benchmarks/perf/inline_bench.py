"""Ghost-text overhead: werk's own time per inline completion, the model's excluded.

On the 30,000-line generated project (``st_corpus``, one file), at ~100
positions at the end of statement lines and on blank lines inside bodies,
it times ``prepare`` (shape, budget split, cross-file context, prompt) plus
``finish`` (post-processing and validation with the ST parser) for a fixed
answer: everything a request costs besides the model call.

Run: ``.venv/bin/python -m werk.benchmarks.perf.inline_bench``
Goal (issue): overhead p95 <= 20 ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from werk.agent.config import load_config
from werk.benchmarks.perf.st_corpus import corpus
from werk.lsp.inline.suggest import finish, prepare
from werk.lsp.st_workspace import StWorkspace

ANSWER = "bRun := bStart AND NOT bStop;"
STATIONS = 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "werk.toml").write_text("", encoding="utf-8")
        path = root / "plant.st"
        data = corpus(STATIONS)
        path.write_bytes(data)
        loaded = load_config(root)
        workspace = StWorkspace(root, loaded)
        workspace.load()
        source = workspace.files[path.resolve()]
        offsets = [i for i in range(len(data)) if data[i : i + 1] == b"\n"]
        chosen = offsets[:: max(1, len(offsets) // 100)][:100]
        timings: list[float] = []
        for offset in chosen:
            started = time.perf_counter()
            prepared = prepare(source, workspace.project, offset, loaded.config.lsp)
            if prepared is not None:
                finish(prepared, ANSWER)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"inline overhead over {len(timings)} positions: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
