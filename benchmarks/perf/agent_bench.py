"""The agent's own overhead per step, without the model's time, on a 1,000-file repository.

Run from the repository root::

    .venv/bin/python -m werk.benchmarks.perf.agent_bench [--files 1000] [--steps 30] [--json]

A repository of half Structured Text (function blocks that call each other,
a global variable list with I/O addresses, a PROGRAM) and half Python
(modules that import and call each other) is generated and committed in a
temporary folder. ``werk run`` then works on it in process, exactly as the
command does (worktree, tools, SQLite checkpointer, events), driven by a
scripted model that reads, searches and edits ST and Python files, one tool
call per step, until its step budget ends the run.

Measured from the run's own events:

- context gathering (once): the repository map and the semantic slice;
- baseline (once): what the verification gate finds before any change;
- per step: from one model call's start to the next one's, minus the
  model call: the tools, the routing, the history fitting, the checkpoint
  writes and the events. The model call is timed as the act node sees it,
  so it includes the sovereignty wrapper around every model (secret
  redaction over the whole conversation, the audit record); it is printed
  too, because with a scripted model that wrapper is all of it.

Goal (issue 7): at most 50 ms per step.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

GOAL_MS = 50.0


def generate_repository(root: Path, files: int) -> None:
    """``files`` source files: half ST function blocks, half Python modules, committed."""
    stations = files // 2
    plc = root / "plc"
    plc.mkdir(parents=True)
    addresses = "\n".join(
        f"    bSensor{n} AT %IX{n // 8}.{n % 8} : BOOL;" for n in range(min(stations, 512))
    )
    (plc / "gvl_io.st").write_text(f"VAR_GLOBAL\n{addresses}\nEND_VAR\n")
    for n in range(stations - 2):
        callee = f"    fbNext : FB_Station{n - 1};\n" if n else ""
        call = "fbNext(bEnable := bEnable AND bReady);\n" if n else ""
        (plc / f"fb_station{n}.st").write_text(
            f"FUNCTION_BLOCK FB_Station{n}\nVAR_INPUT\n    bEnable : BOOL;\nEND_VAR\n"
            f"VAR_OUTPUT\n    bReady : BOOL;\n    nCount : DINT;\nEND_VAR\nVAR\n{callee}"
            f"    tonDelay : TON;\nEND_VAR\n"
            f"tonDelay(IN := bEnable, PT := T#{100 + n}MS);\n{call}"
            f"IF tonDelay.Q THEN\n    nCount := nCount + {n % 7 + 1};\nEND_IF\n"
            f"bReady := tonDelay.Q AND NOT bSensor{n % 512};\nEND_FUNCTION_BLOCK\n"
        )
    calls = "\n".join(f"fb{n}(bEnable := TRUE);" for n in range(0, stations - 2, 25))
    instances = "\n".join(f"    fb{n} : FB_Station{n};" for n in range(0, stations - 2, 25))
    (plc / "main.st").write_text(f"PROGRAM MAIN\nVAR\n{instances}\nEND_VAR\n{calls}\nEND_PROGRAM\n")
    package = root / "py" / "plantdata"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Plant data helpers."""\n')
    for n in range(files - stations - 1):
        other = (n * 7 + 3) % max(1, files - stations - 1)
        (package / f"mod{n}.py").write_text(
            f'"""Module {n}."""\n\nfrom plantdata.mod{other} import scale_{other}\n\n\n'
            f"def scale_{n}(value: float) -> float:\n    return value * {n + 1}.0\n\n\n"
            f"def combined_{n}(value: float) -> float:\n"
            f"    return scale_{n}(value) + scale_{other}(value)\n"
        )
    for command in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=bench", "-c", "user.email=b@x", "commit", "-q", "-m", "gen"],
    ):
        subprocess.run(command, cwd=root, check=True)


def script(steps: int, stations: int, modules: int) -> list[dict[str, Any]]:
    """Reads, searches and edits, one tool call per answer (the edits change real code)."""
    answers: list[dict[str, Any]] = []
    for k in range(steps):
        station = 1 + (k * 37) % (stations - 3)
        module = (k * 53) % modules
        kind = k % 5
        if kind == 0:
            name, args = "read_file", {"path": f"plc/fb_station{station}.st"}
        elif kind == 1:
            name, args = "search_text", {"pattern": f"FB_Station{station}"}
        elif kind == 2:
            name, args = (
                "edit_file",
                {
                    "path": f"plc/fb_station{station}.st",
                    "search": f"T#{100 + station}MS",
                    "replace": f"T#{200 + station}MS",
                },
            )
        elif kind == 3:
            name, args = "read_file", {"path": f"py/plantdata/mod{module}.py"}
        else:
            name, args = (
                "edit_file",
                {
                    "path": f"py/plantdata/mod{module}.py",
                    "search": f"return value * {module + 1}.0",
                    "replace": f"return value * {module + 2}.0",
                },
            )
        answers.append({"tool_calls": [{"name": name, "args": args, "id": f"call_{k}"}]})
    return answers


def measure(files: int, steps: int) -> dict[str, Any]:
    from werk.agent.run.runner import RunHooks, RunRequest, start_run

    with tempfile.TemporaryDirectory(prefix="werk-agent-bench-") as folder:
        root = Path(folder) / "repo"
        root.mkdir()
        generate_repository(root, files)
        stations = files // 2
        answers = script(steps, stations, files - stations - 1)
        script_path = Path(folder) / "script.json"
        script_path.write_text(json.dumps(answers))
        events: list[dict[str, Any]] = []

        def listen(event: dict[str, Any]) -> None:
            events.append({**event, "at": time.perf_counter()})

        started = time.perf_counter()
        result = start_run(
            RunRequest(
                repo=root,
                task="Retune the FB_Station timers and the plantdata scale factors",
                model="bench",
                max_steps=steps,
                settings=(
                    'models.bench.provider="replay"',
                    f"models.bench.script={json.dumps(str(script_path))}",
                    "agent.max_repeated_failures=1000",
                    "agent.max_tokens=100000000",
                ),
            ),
            RunHooks(listeners=[listen]),
        )
        total = time.perf_counter() - started
    node_seconds: dict[str, float] = {}
    for event in events:
        if event["kind"] == "node" and event["phase"] == "end":
            node_seconds[event["node"]] = node_seconds.get(event["node"], 0.0) + event["seconds"]
    requests = [e for e in events if e["kind"] == "model" and e["phase"] == "request"]
    model_seconds = [
        e["seconds"] for e in events if e["kind"] == "model" and e["phase"] == "answer"
    ]
    loops = [(after["at"] - before["at"]) * 1000 for before, after in pairwise(requests)]
    model_ms = [seconds * 1000 for seconds in model_seconds]
    per_step = [loop - model for loop, model in zip(loops, model_ms, strict=False)]
    baseline = next((e for e in events if e["kind"] == "baseline"), {})
    failed_tools = sum(1 for e in events if e["kind"] == "tool" and e.get("ok") is False)
    return {
        "files": files,
        "steps": len(model_seconds),
        "status": result.status,
        "failed_tool_calls": failed_tools,
        "context_s": round(
            node_seconds.get("gather_context", 0.0) - baseline.get("duration_s", 0.0), 3
        ),
        "baseline_s": round(baseline.get("duration_s", 0.0), 3),
        "deliver_s": round(node_seconds.get("deliver", 0.0), 3),
        "model_call_ms_median": round(statistics.median(model_ms), 1),
        "step_loop_ms_median": round(statistics.median(loops), 1),
        "step_overhead_ms_median": round(statistics.median(per_step), 1),
        "step_overhead_ms_mean": round(statistics.fmean(per_step), 1),
        "step_overhead_ms_max": round(max(per_step), 1),
        "total_s": round(total, 2),
        "goal_ms": GOAL_MS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="Print the numbers as JSON.")
    args = parser.parse_args(argv)
    numbers = measure(args.files, args.steps)
    if args.json:
        print(json.dumps(numbers, indent=2))
        return 0
    print(f"agent overhead on a {numbers['files']}-file repository ({numbers['steps']} steps)")
    print(f"  context gathering (once)       {numbers['context_s']:8.3f} s")
    print(f"  verification baseline (once)   {numbers['baseline_s']:8.3f} s")
    print(f"  delivery (once)                {numbers['deliver_s']:8.3f} s")
    print(
        f"  one step, model call included  median {numbers['step_loop_ms_median']} ms "
        f"(the model call: median {numbers['model_call_ms_median']} ms)"
    )
    print(
        f"  per step without the model     median {numbers['step_overhead_ms_median']} ms, "
        f"mean {numbers['step_overhead_ms_mean']} ms, max {numbers['step_overhead_ms_max']} ms "
        f"(goal <= {GOAL_MS:.0f} ms)"
    )
    print(f"  run status {numbers['status']}, failed tool calls {numbers['failed_tool_calls']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
