"""``werk parse``, ``werk symbols``, ``werk refs``: Structured Text as werk reads it.

Positions are always in the user's own file (inside the XML for TwinCAT and
PLCopen files), as ``path:line:column`` with 1-based lines and columns, so
terminals and editors can jump to them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.agent.cli.positions import FilePositions, read_source

DIALECTS = click.Choice(["auto", "iec", "codesys", "twincat", "scl"])


def forced_dialect(cli: CliContext, option: str | None) -> Any:
    """The dialect to force: the flag, else ``st.dialect`` from the configuration."""
    from werk.tools.st.document import Dialect

    chosen = option or cli.config.config.st.dialect
    return None if chosen == "auto" else Dialect(chosen)


@click.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dialect", type=DIALECTS, help="Force a dialect (default: detect per file).")
@click.option("--lowered", is_flag=True, help="Also print the standard ST the parser saw.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def parse_command(
    cli: CliContext, files: tuple[Path, ...], dialect: str | None, lowered: bool, as_json: bool
) -> None:
    """Parse ST FILES (.st, .scl, .TcPOU, PLCopen .xml...) and report syntax errors.

    Shows the detected dialect and what lowering rewrote. Exit code 1 when any
    file has a syntax error, 2 when a file cannot be read.
    """
    from werk.tools.st.loader import load_file

    forced = forced_dialect(cli, dialect)
    reports: list[dict[str, Any]] = []
    failed = False
    for path in files:
        data = read_source(path)
        units = load_file(
            path, data, dialect=forced, analysis_limit=cli.config.config.st.analysis_limit
        )
        positions = FilePositions(path, data)
        errors = []
        for unit in units:
            for issue in unit.issues:
                start, _ = unit.file_span(issue.start, issue.end)
                errors.append({"position": positions.describe(start), "message": issue.message})
        failed = failed or bool(errors)
        report = {
            "file": str(path),
            "dialect": units[0].document.dialect.value if units else None,
            "units": len(units),
            "pous": sum(len(u.declarations.pous) for u in units),
            "rewrites": sum(len(u.lowered.rewrites) for u in units),
            "errors": errors,
        }
        reports.append(report)
        if as_json:
            continue
        for error in errors:
            click.echo(f"{error['position']}: error: {error['message']}")
        if not units:
            click.echo(f"{path}: no Structured Text found (not an ST, TwinCAT or PLCopen file)")
            continue
        status = f"{len(errors)} syntax error(s)" if errors else "ok"
        cli.info(
            f"{path}: {report['dialect']}, {report['pous']} POU(s), "
            f"{report['rewrites']} dialect rewrite(s), {status}"
        )
        if lowered:
            for unit in units:
                click.echo(unit.lowered.text.decode("utf-8", "replace"))
    if as_json:
        click.echo(json.dumps(reports, indent=2))
    raise click.exceptions.Exit(1 if failed else 0)


@click.command("symbols")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dialect", type=DIALECTS, help="Force a dialect (default: detect).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def symbols_command(cli: CliContext, file: Path, dialect: str | None, as_json: bool) -> None:
    """List what FILE declares: POUs, their variables, methods, types, globals."""
    from werk.agent.cli.st_outline import outline
    from werk.tools.st.loader import load_file

    data = read_source(file)
    units = load_file(file, data, dialect=forced_dialect(cli, dialect))
    positions = FilePositions(file, data)
    entries = [entry for unit in units for entry in outline(unit, positions)]
    if as_json:
        click.echo(json.dumps(entries, indent=2))
        return
    for entry in entries:
        indent = "  " * entry["depth"]
        doc = f"  (* {entry['doc']} *)" if entry.get("doc") else ""
        click.echo(f"{indent}{entry['label']}  {entry['position']}{doc}")


@click.command("refs")
@click.argument("name")
@click.option("--dialect", type=DIALECTS, help="Force a dialect for plain ST files.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def refs_command(cli: CliContext, name: str, dialect: str | None, as_json: bool) -> None:
    """Where NAME is declared, read, written and called, across the project.

    NAME may be qualified: FB_Pump.bRun, GVL_IO.bStart, E_State.Running.
    For Python, C and C++ the symbol index gives definitions and references.
    Exit code 1 when nothing of that name is found.
    """
    from werk.agent.cli.st_refs import find_references

    results = find_references(cli, name, forced_dialect(cli, dialect))
    if as_json:
        click.echo(json.dumps(results, indent=2))
    else:
        for result in results:
            click.echo(f"{result['position']}: {result['kind']}: {result['line']}")
    if not results:
        cli.info(f"no symbol named {name!r} found")
    raise click.exceptions.Exit(0 if results else 1)
