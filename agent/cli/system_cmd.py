"""``werk system`` and ``werk trace``: the plant behind the code.

``werk system`` shows the tasks, the PROGRAM and FB instances and the I/O
image (``--json``, ``--dot``, ``--html`` for other uses); ``werk trace``
answers "what drives this output?" and, with ``--from``, "what does this
signal influence?". Both read the ST sources with their CONFIGURATION and,
in TwinCAT projects, the task objects and the ``.tsproj`` (tasks, I/O links).

Exit codes: 0 done, 2 usage or bad input (an unknown signal included).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.agent.cli.st_cmd import DIALECTS, forced_dialect
from werk.tools.errors import UsageError

IO_LIST_RULES = ("WERK601", "WERK602", "WERK603", "WERK604", "WERK605", "WERK606", "WERK607")
DEFAULT_HTML = Path("werk-system.html")


def load_model(cli: CliContext, dialect: str | None) -> Any:
    """The project's system model, loaded as ``werk check`` loads the project."""
    from werk.agent.cli.positions import shown_path
    from werk.tools.plant.model import SystemModel
    from werk.tools.st.loader import load_project

    loaded = cli.config
    project, report = load_project(
        loaded.project_root,
        dialect=forced_dialect(cli, dialect),
        exclude=loaded.config.index.exclude,
        analysis_limit=loaded.config.st.analysis_limit,
    )
    for path, reason in report.skipped:
        cli.info(f"skipped {shown_path(path)}: {reason}")
    model = SystemModel.build(project, root=loaded.project_root)
    for path, reason in model.twincat.skipped:
        cli.info(f"skipped {shown_path(path)}: {reason}")
    return model


def shown_paths(cli: CliContext) -> Any:
    from werk.tools.plant.views.as_json import relative_to

    return relative_to(cli.config.project_root)


def emit(text: str, output: Path | None, cli: CliContext) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None
    cli.info(f"wrote {output}")


@click.command("system")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable model (werk.system/1).")
@click.option("--dot", "as_dot", is_flag=True, help="Graphviz diagram: tasks, programs, I/O.")
@click.option("--html", "as_html", is_flag=True, help="One self-contained page: diagram, tables.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Write to this file (--html default: {DEFAULT_HTML}).",
)
@click.option("--dialect", type=DIALECTS, help="Force a dialect for plain ST files.")
@pass_context
def system_command(
    cli: CliContext,
    as_json: bool,
    as_dot: bool,
    as_html: bool,
    output: Path | None,
    dialect: str | None,
) -> None:
    """The plant behind the code: tasks, programs, FB instances, the I/O image.

    Tasks come from ST CONFIGURATIONs and from TwinCAT task objects (.TcTTO)
    and the .tsproj, which also wires variables to terminals. Signals written
    by more than one task are listed at the end.
    """
    if sum((as_json, as_dot, as_html)) > 1:
        raise UsageError("choose one of --json, --dot, --html")
    model = load_model(cli, dialect)
    shown = shown_paths(cli)
    if as_json:
        from werk.tools.plant.views.as_json import system_json

        emit(json.dumps(system_json(model, shown), indent=2) + "\n", output, cli)
    elif as_dot:
        from werk.tools.plant.views.as_dot import system_dot

        emit(system_dot(model, cli.config.project_root.name), output, cli)
    elif as_html:
        from werk.tools.plant.views.as_html import system_html

        title = f"{cli.config.project_root.name}: tasks, instances and I/O"
        emit(system_html(model, shown, title), output or DEFAULT_HTML, cli)
    else:
        from werk.tools.plant.views.as_text import system_text

        emit(system_text(model, shown), output, cli)


@click.command("trace")
@click.argument("target")
@click.option(
    "--from", "forward", is_flag=True, help="What TARGET drives (forward), not what drives it."
)
@click.option("--to", "backward", is_flag=True, help="What drives TARGET (the default).")
@click.option("--depth", type=click.IntRange(min=1), help="Follow at most this many steps.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable slice (werk.trace/1).")
@click.option("--dialect", type=DIALECTS, help="Force a dialect for plain ST files.")
@pass_context
def trace_command(
    cli: CliContext,
    target: str,
    forward: bool,
    backward: bool,
    depth: int | None,
    as_json: bool,
    dialect: str | None,
) -> None:
    """Trace a signal through the code: the chain of assignments and calls.

    TARGET is an address (%QX0.1), a global (GVL_IO.bStart), an instance path
    (MAIN.fbPump1.bRun) or a name that is unique in the project. Each step
    shows the instance whose code runs it, the statement and file:line.
    """
    if forward and backward:
        raise UsageError("choose one of --from and --to")
    from werk.tools.plant.slicing import SliceDirection

    model = load_model(cli, dialect)
    direction = SliceDirection.FORWARD if forward else SliceDirection.BACKWARD
    result = model.slice(target, direction, max_depth=depth)
    shown = shown_paths(cli)
    if as_json:
        from werk.tools.plant.views.as_json import slice_json

        click.echo(json.dumps(slice_json(result, shown), indent=2))
    else:
        from werk.tools.plant.views.as_text import slice_text

        click.echo(slice_text(model, result, shown), nl=False)


def io_list_rule_options(
    plant: Any, root: Path, options: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """``[rules.options]`` with ``[plant]``'s I/O lists given to the I/O-list rules.

    The lists are read here once, so a missing file, sheet or column is one
    clear error before the check runs rather than a failing rule.
    """
    merged = {code: dict(values) for code, values in options.items()}
    if not plant.io_lists:
        return merged
    from werk.tools.plant.iolist import read_io_list

    paths = [Path(p) if Path(p).is_absolute() else root / p for p in plant.io_lists]
    columns = {name: header for name, header in plant.columns.model_dump().items() if header}
    for path in paths:
        read_io_list(path, sheet=plant.sheet, columns=columns)
    shared = {
        "io_lists": [str(p) for p in paths],
        "sheet": plant.sheet,
        "columns": columns,
        "addressing": plant.addressing,
    }
    for code in IO_LIST_RULES:
        merged[code] = {**shared, **merged.get(code, {})}
    return merged
