"""``werk prove``: check requirement properties of PLC code (falsification, BMC, k-induction).

Exit codes: 0 every property proved or held to the bound (``--require
proved``: proved; ``--require violations``: not violated), 1 a property
violated or not verified as required (an unknown for another reason than
the bound: unsupported code, a timeout), 2 usage, unreadable input, or a
defective property. Proved and held-to-the-bound are told apart in the text
("held to depth 20") and the JSON (``verdict`` proved vs. unknown with
``bounded_depth``).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.agent.cli.st_cmd import DIALECTS, forced_dialect
from werk.tools.errors import UsageError

ENGINES = click.Choice(["auto", "falsify", "bmc", "induction"])
PROPERTY_SUFFIXES = (".yaml", ".yml")


@click.command("prove")
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--entry", metavar="POU", help="The FUNCTION_BLOCK or PROGRAM checked as 'instance'.")
@click.option(
    "--property",
    "expressions",
    multiple=True,
    metavar="TEXT",
    help="A parameter of one ad-hoc property ({1}, then {2}...; repeat for several).",
)
@click.option(
    "--pattern",
    default="pattern-invariant",
    show_default=True,
    metavar="ID",
    help="The pattern of the --property parameters.",
)
@click.option("--depth", type=int, help="Bound of the bounded check and of runs (default 20).")
@click.option("--timeout", type=float, help="Seconds per property for the solver (default 60).")
@click.option("--engine", type=ENGINES, default="auto", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (werk.prove/1).")
@click.option(
    "--agents4plc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An Agents4PLC task file.",
)
@click.option("--task", metavar="ID", help="The task of --agents4plc (id or 1-based number).")
@click.option(
    "--source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The ST file to check for --agents4plc (default: the task's ground truth).",
)
@click.option(
    "--replay",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Replay a saved trace (from --save-traces) and judge its property again.",
)
@click.option(
    "--require",
    type=click.Choice(["violations", "bounded", "proved"]),
    default="bounded",
    show_default=True,
    help="What passes: 'bounded' proved or held to the bound; 'proved' proved only; "
    "'violations' anything not violated.",
)
@click.option(
    "--cycle-ms",
    metavar="MS",
    help="The PLC cycle time in ms (default 10), or a range such as 10..15.",
)
@click.option("--runs", type=int, default=200, show_default=True, help="Random simulator runs.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--save-traces",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write each counterexample as a replayable JSON trace into this folder.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("--dialect", type=DIALECTS, help="Force a dialect for plain ST files.")
@pass_context
def prove_command(
    cli: CliContext,
    files: tuple[Path, ...],
    entry: str | None,
    expressions: tuple[str, ...],
    pattern: str,
    depth: int | None,
    timeout: float | None,
    engine: str,
    as_json: bool,
    agents4plc: Path | None,
    task: str | None,
    source: Path | None,
    replay: Path | None,
    require: str,
    cycle_ms: str | None,
    runs: int,
    seed: int,
    save_traces: Path | None,
    output: Path | None,
    dialect: str | None,
) -> None:
    """Check properties of PLC code: PLCverif patterns, proved or violated with a trace.

    FILES are property files (*.props.yaml) and ST sources (default: the
    whole project). Examples:

      werk prove motor.props.yaml

      werk prove --entry FB_Motor --pattern pattern-implication
                 --property "instance.bStop" --property "NOT instance.bRun"

      werk prove --agents4plc tasks.json --task v2-M-1 --source motor.st
    """
    from werk.tools.st.prove import (
        CheckOptions,
        Property,
        check_properties,
        load_trace,
        read_property_file,
        replay_property,
    )
    from werk.tools.st.prove.property_file import cycle_range, pattern_id

    try:
        cycle = cycle_range(cycle_ms) if cycle_ms is not None else None
    except ValueError as exc:
        raise UsageError(f"--cycle-ms: {exc}") from None
    property_files = [f for f in files if f.suffix.lower() in PROPERTY_SUFFIXES]
    sources = [f for f in files if f.suffix.lower() not in PROPERTY_SUFFIXES]
    if source is not None:
        sources.append(source)
    if replay is not None:
        trace, data = load_trace(replay)
        prop = _property_of(data, replay)
        project = _project(cli, sources, dialect)
        result = replay_property(project, prop, trace, entry=entry)
        _emit(cli, [result], project, trace.entry, as_json, output)
        raise click.exceptions.Exit(1 if result.verdict.value == "violated" else 0)

    groups: list[tuple[str | None, list[Any], dict[str, Any], Any]] = []
    for path in property_files:
        spec = read_property_file(path)
        options = {
            "cycle_ms": spec.cycle_ms,
            "cycle_max_ms": spec.cycle_max_ms,
            "depth": spec.depth,
            "timeout": spec.timeout,
        }
        groups.append((entry or spec.entry, spec.properties, options, None))
    if expressions:
        if entry is None:
            raise UsageError("--property needs --entry (the POU checked as 'instance')")
        adhoc = Property("property", pattern_id(pattern), tuple(expressions), origin="--property")
        groups.append((entry, [adhoc], {}, None))
    if agents4plc is not None:
        groups.extend(_task_groups(agents4plc, task, entry, source))
    elif task is not None:
        raise UsageError("--task needs --agents4plc")
    if not groups:
        raise UsageError("nothing to check: give a property file, --property or --agents4plc")

    all_results = []
    reports: list[tuple[Any, str | None, list[Any]]] = []
    scratch = tempfile.TemporaryDirectory(prefix="werk-prove-")
    try:
        for group_entry, properties, file_options, code in groups:
            if group_entry is None:
                raise UsageError("no entry POU: give --entry or 'entry:' in the property file")
            group_sources = list(sources)
            if code is not None:
                written = Path(scratch.name) / f"{_safe(group_entry)}_{len(reports)}.st"
                written.write_text(code, encoding="utf-8")
                group_sources = [written]
            project = _project(cli, group_sources, dialect)
            options = CheckOptions(
                depth=depth or file_options.get("depth") or 20,
                timeout=timeout or file_options.get("timeout") or 60.0,
                engine=engine,
                runs=runs,
                seed=seed,
                cycle_ms=cycle[0] if cycle else file_options.get("cycle_ms") or 10,
                cycle_max_ms=cycle[1] if cycle else file_options.get("cycle_max_ms"),
            )
            if not as_json:
                cli.info(
                    f"checking {len(properties)} propert{'y' if len(properties) == 1 else 'ies'} "
                    f"of {group_entry}"
                )
            results = check_properties(project, properties, entry=group_entry, options=options)
            all_results.extend(results)
            reports.append((project, group_entry, results))
        if save_traces is not None:
            _save_traces(cli, save_traces, reports)
        _emit_groups(cli, reports, as_json, output)
    finally:
        scratch.cleanup()
    raise click.exceptions.Exit(exit_code(all_results, require))


def exit_code(results: list[Any], require: str) -> int:
    from werk.tools.st.prove import Verdict

    if any(result.verdict is Verdict.DEFECTIVE for result in results):
        return 2
    if any(result.verdict is Verdict.VIOLATED for result in results):
        return 1
    if require == "proved" and any(result.verdict is not Verdict.PROVED for result in results):
        return 1
    if require == "bounded" and any(
        result.verdict is not Verdict.PROVED and not result.held_to_bound for result in results
    ):
        return 1
    return 0


def _task_groups(
    path: Path, wanted: str | None, entry: str | None, source: Path | None
) -> list[tuple[str | None, list[Any], dict[str, Any], Any]]:
    from werk.tools.st.prove import find_task, read_tasks

    tasks = read_tasks(path)
    chosen = [find_task(tasks, wanted)] if wanted is not None else tasks
    groups: list[tuple[str | None, list[Any], dict[str, Any], Any]] = []
    for task in chosen:
        code = None
        if source is None:
            if task.ground_truth is None:
                if wanted is not None:
                    raise UsageError(
                        f"task {task.id} has no ground truth: give the code with --source"
                    )
                continue
            code = task.ground_truth
        groups.append((entry or task.entry_point, task.properties, {}, code))
    if not groups:
        raise UsageError(f"{path}: no task with ground-truth code; give --task and --source")
    return groups


def _project(cli: CliContext, sources: list[Path], dialect: str | None) -> Any:
    from werk.agent.cli.positions import shown_path
    from werk.tools.st.loader import load_project

    if sources:
        root = Path.cwd()
        project, report = load_project(root, sources, dialect=forced_dialect(cli, dialect))
    else:
        loaded = cli.config
        project, report = load_project(
            loaded.project_root,
            dialect=forced_dialect(cli, dialect),
            exclude=loaded.config.index.exclude,
            analysis_limit=loaded.config.st.analysis_limit,
        )
    for path, reason in report.skipped:
        cli.info(f"skipped {shown_path(path)}: {reason}")
    if sources and report.skipped and len(report.skipped) == len(sources):
        raise UsageError("none of the ST files could be read")
    return project


def _property_of(data: dict[str, Any], path: Path) -> Any:
    from werk.tools.st.prove import Property

    described = data.get("property")
    if not isinstance(described, dict) or "pattern" not in described:
        raise UsageError(f"{path}: the trace does not say which property it is for")
    return Property(
        str(described.get("name", "property")),
        str(described["pattern"]),
        tuple(str(p) for p in described.get("params", [])),
        str(described.get("description", "")),
        str(path),
        assumptions=tuple(str(a) for a in described.get("assumptions", [])),
    )


def _specs(project: Any, entry: str | None) -> dict[str, Any]:
    """The entry's variables by shown path, for printing values as ST literals."""
    if entry is None:
        return {}
    from werk.tools.st.prove.entry import Entry

    try:
        found = Entry(project, entry)
    except Exception:  # the report still prints, with plain values
        return {}
    return {signal.shown: signal for signal in found.signals.values()}


def _emit(
    cli: CliContext,
    results: list[Any],
    project: Any,
    entry: str | None,
    as_json: bool,
    output: Path | None,
) -> None:
    _emit_groups(cli, [(project, entry, results)], as_json, output)


def _emit_groups(
    cli: CliContext,
    reports: list[tuple[Any, str | None, list[Any]]],
    as_json: bool,
    output: Path | None,
) -> None:
    from werk.tools.st.prove import render_results, results_json

    if as_json:
        if len(reports) == 1:
            payload: dict[str, Any] = results_json(reports[0][1], reports[0][2])
        else:
            payload = {
                "format": "werk.prove/1",
                "entries": [
                    results_json(group_entry, results) for _, group_entry, results in reports
                ],
            }
        text = json.dumps(payload, indent=2) + "\n"
    else:
        parts = []
        for project, group_entry, results in reports:
            header = f"== {group_entry} ==\n\n" if len(reports) > 1 else ""
            parts.append(header + render_results(results, _specs(project, group_entry)))
        text = "\n".join(parts)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _save_traces(
    cli: CliContext, folder: Path, reports: list[tuple[Any, str | None, list[Any]]]
) -> None:
    from werk.tools.st.prove import save_trace

    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for _, _, results in reports:
        for result in results:
            if result.trace is None:
                continue
            prop = result.property
            path = folder / f"{_safe(prop.name)}.trace.json"
            save_trace(
                path,
                result.trace,
                {
                    "property": {
                        "name": prop.name,
                        "pattern": prop.pattern_id,
                        "params": list(prop.params),
                        "description": prop.description,
                        "assumptions": list(prop.assumptions),
                    },
                    "verdict": result.verdict.value,
                },
            )
            count += 1
    cli.info(f"{count} trace(s) written to {folder} (replay: werk prove --replay FILE)")


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "property"
