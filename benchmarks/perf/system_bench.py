"""Speed of the system model on a generated 500-POU plant, and of trace queries on it.

The project is written as one file per POU, as CODESYS and TwinCAT projects
are kept: a CONFIGURATION with three tasks; 15 PROGRAMs, each running 32
stations; 480 station function blocks (``FB_Station{n}``), each with a motor
FB instance (``FB_Motor``, with a method), timers, an edge trigger, a state
machine, a call of a scaling function and its own inputs and output in a
global I/O list; 4 functions. About 19,000 lines, 2,400 instances, 1,440
I/O points.

Measured:
- load: read, lower, parse and read the declarations of every file
  (``load_project``, the same for every command);
- build: ``SystemModel.build`` and its signal flow (name resolution of every
  POU, instance trees, I/O image, every step under every instance, tasks);
- trace: ``model.slice`` backward and forward from random outputs, inputs,
  instance variables and programs' stop flags (which reach 32 stations each),
  resolving the name included, on the built model.

Run: ``.venv/bin/python -m werk.benchmarks.perf.system_bench``
Goals (issue 8): build <= 2 s; a trace query <= 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

from werk.tools.plant.model import SystemModel
from werk.tools.plant.slicing import SliceDirection
from werk.tools.st.loader import load_project
from werk.tools.st.model.project import standard_library

PROGRAMS = 15
STATIONS_PER_PROGRAM = 32
FUNCTIONS = 4
TASKS = (("Fast", "T#2MS", 1), ("Main", "T#10MS", 5), ("Slow", "T#100MS", 10))

MOTOR = """\
FUNCTION_BLOCK FB_Motor
VAR_INPUT
    bRun : BOOL;
    bReset : BOOL;
    rSpeed : REAL; (* [rpm] 0..3000 *)
END_VAR
VAR_OUTPUT
    bContactor : BOOL;
    bFault : BOOL;
END_VAR
VAR
    tonFeedback : TON;
END_VAR
METHOD Stop : BOOL
    bContactor := FALSE;
    Stop := TRUE;
END_METHOD
tonFeedback(IN := bRun AND NOT bContactor, PT := T#2S);
IF tonFeedback.Q THEN
    bFault := TRUE;
END_IF
IF bReset THEN
    bFault := FALSE;
END_IF
bContactor := bRun AND NOT bFault AND rSpeed > 0.0;
END_FUNCTION_BLOCK
"""

STATION = """\
(* Station {n}: a conveyor section with a motor, a light barrier and a jam timer *)
FUNCTION_BLOCK FB_Station{n}
VAR_INPUT
    bEnable : BOOL;
    bStop : BOOL;
END_VAR
VAR_OUTPUT
    bRunning : BOOL;
    nCount : DINT;
END_VAR
VAR
    eState : INT;
    fbMotor : FB_Motor;
    tonJam : TON;
    rtPart : R_TRIG;
    rSpeed : REAL;
END_VAR
rtPart(CLK := GVL_IO.bPart{n});
tonJam(IN := GVL_IO.bPart{n} AND bRunning, PT := T#5S);
rSpeed := F_Scale{f}(GVL_IO.nSpeed{n}, 3000.0);
CASE eState OF
    0: IF bEnable AND NOT bStop THEN eState := 1; END_IF
    1: IF rtPart.Q THEN nCount := nCount + 1; END_IF
       IF tonJam.Q OR bStop THEN eState := 2; END_IF
    2: IF NOT bStop THEN eState := 0; END_IF
ELSE
    eState := 0;
END_CASE
fbMotor(bRun := eState = 1, bReset := bStop, rSpeed := rSpeed);
IF fbMotor.bFault THEN
    fbMotor.Stop();
END_IF
bRunning := fbMotor.bContactor;
GVL_IO.bMotor{n} := bRunning;
END_FUNCTION_BLOCK
"""

FUNCTION = """\
FUNCTION F_Scale{f} : REAL
VAR_INPUT
    nRaw : INT;
    rMax : REAL;
END_VAR
F_Scale{f} := LIMIT(0.0, INT_TO_REAL(nRaw) * rMax / 27648.0, rMax);
END_FUNCTION
"""


def stations() -> int:
    return PROGRAMS * STATIONS_PER_PROGRAM


def write_project(root: Path) -> int:
    """The generated plant under ``root``; returns the number of POUs."""
    io_lines = []
    for n in range(stations()):
        byte, bit = divmod(n, 8)
        io_lines.append(f"    bPart{n} AT %IX{byte}.{bit} : BOOL;")
        io_lines.append(f"    nSpeed{n} AT %IW{1000 + n} : INT; (* [rpm] 0..3000 *)")
        io_lines.append(f"    bMotor{n} AT %QX{byte}.{bit} : BOOL;")
    (root / "GVL_IO.st").write_text("VAR_GLOBAL\n" + "\n".join(io_lines) + "\nEND_VAR\n")
    (root / "FB_Motor.st").write_text(MOTOR)
    for f in range(FUNCTIONS):
        (root / f"F_Scale{f}.st").write_text(FUNCTION.format(f=f))
    for n in range(stations()):
        (root / f"FB_Station{n}.st").write_text(STATION.format(n=n, f=n % FUNCTIONS))
    tasks = "\n".join(
        f"        TASK {name} (INTERVAL := {interval}, PRIORITY := {priority});"
        for name, interval, priority in TASKS
    )
    assignments = []
    for p in range(PROGRAMS):
        first = p * STATIONS_PER_PROGRAM
        members = range(first, first + STATIONS_PER_PROGRAM)
        declarations = "\n".join(f"    fbStation{n} : FB_Station{n};" for n in members)
        calls = "\n".join(f"fbStation{n}(bEnable := bAuto, bStop := bStopAll);" for n in members)
        (root / f"PRG_Line{p}.st").write_text(
            f"PROGRAM PRG_Line{p}\nVAR\n    bAuto : BOOL;\n    bStopAll : BOOL;\n"
            f"{declarations}\nEND_VAR\n{calls}\nEND_PROGRAM\n"
        )
        task = TASKS[p % len(TASKS)][0]
        assignments.append(f"        PROGRAM Line{p} WITH {task} : PRG_Line{p};")
    (root / "config.st").write_text(
        "CONFIGURATION Plant\n    RESOURCE Cpu ON PLC\n"
        + tasks
        + "\n"
        + "\n".join(assignments)
        + "\n    END_RESOURCE\nEND_CONFIGURATION\n"
    )
    return 1 + FUNCTIONS + stations() + PROGRAMS


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    standard_library()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        pous = write_project(root)
        lines = sum(p.read_text().count("\n") for p in root.iterdir())
        loads, builds = [], []
        model = None
        for _ in range(args.repeat):
            gc.collect()
            started = time.perf_counter()
            project, report = load_project(root)
            loads.append(time.perf_counter() - started)
            assert not report.skipped
            started = time.perf_counter()
            model = SystemModel.build(project, root=root)
            flow = model.flow
            builds.append(time.perf_counter() - started)
        assert model is not None
        rng = random.Random(8)
        targets = [
            *(f"GVL_IO.bMotor{rng.randrange(stations())}" for _ in range(args.queries // 4)),
            *(f"%QX{rng.randrange(60)}.{rng.randrange(8)}" for _ in range(args.queries // 4)),
            *(f"GVL_IO.bPart{rng.randrange(stations())}" for _ in range(args.queries // 4)),
            *(
                f"Line{p}.fbStation{p * STATIONS_PER_PROGRAM + s}.fbMotor.bFault"
                for p, s in (
                    (rng.randrange(PROGRAMS), rng.randrange(STATIONS_PER_PROGRAM))
                    for _ in range(args.queries // 4)
                )
            ),
            # a program's stop flag reaches its 32 stations: the large slices
            *(f"Line{rng.randrange(PROGRAMS)}.bStopAll" for _ in range(args.queries // 4)),
        ]
        backward: list[float] = []
        forward: list[float] = []
        sizes: list[int] = []
        for target in targets:
            for direction, times in (
                (SliceDirection.BACKWARD, backward),
                (SliceDirection.FORWARD, forward),
            ):
                started = time.perf_counter()
                result = model.slice(target, direction)
                times.append(time.perf_counter() - started)
                sizes.append(len(result.steps))
    instances = sum(1 for _ in model.instances.all())
    print(
        f"project: {pous} POUs in {pous + 2} files, {lines:,} lines; {instances:,} instances, "
        f"{len(model.io.points):,} I/O points, {len(flow.steps):,} flow steps, "
        f"{len(model.tasks)} tasks"
    )
    median_load = statistics.median(loads)
    print(f"load (parse + declarations): best {min(loads):.3f} s, median {median_load:.3f} s")
    print(
        f"build (model + signal flow): best {min(builds):.3f} s, "
        f"median {statistics.median(builds):.3f} s  (goal <= 2 s)"
    )
    for name, times in (("backward", backward), ("forward", forward)):
        ms = [t * 1000 for t in times]
        print(
            f"trace {name}: p50 {percentile(ms, 0.5):.2f} ms, p95 {percentile(ms, 0.95):.2f} ms, "
            f"max {max(ms):.2f} ms over {len(ms)} queries  (goal <= 50 ms)"
        )
    print(f"slice sizes: median {statistics.median(sizes)} steps, max {max(sizes)}")


if __name__ == "__main__":
    main()
