"""``werk index`` and ``werk map``: the repository as werk understands it.

``index`` parses every source file (Python, C, C++ and Structured Text in all
its containers), caches the symbols under ``.werk/`` and summarises what it
found; ``map`` prints the ranked repository map the agent and the inline
completions use as context.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from werk.agent.cli.context import CliContext, pass_context
from werk.agent.cli.st_cmd import DIALECTS, forced_dialect


def build_index(cli: CliContext, root: Path, *, show_progress: bool) -> Any:
    from werk.tools.code import DEFAULT_EXCLUDES, SymbolIndex

    settings = cli.config.config.index
    exclude = [*DEFAULT_EXCLUDES, *settings.exclude]
    if not show_progress:
        return SymbolIndex.build(root, exclude=exclude, max_file_size=settings.max_file_size)
    with Progress(
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=cli.err,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None)

        def advance(done: int, total: int, path: str) -> None:
            progress.update(task, completed=done, total=total, description=escape(path[-50:]))

        return SymbolIndex.build(
            root, exclude=exclude, max_file_size=settings.max_file_size, progress=advance
        )


@click.command("index")
@click.argument(
    "path", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path)
)
@click.option("--dialect", type=DIALECTS, help="Force a dialect for plain ST files.")
@pass_context
def index_command(cli: CliContext, path: Path | None, dialect: str | None) -> None:
    """Index PATH (default: the project root): symbols of every Python, C, C++
    and ST file, cached in .werk/index.sqlite, and the ST semantic model.
    Prints files, languages, POUs, symbols, parse errors and time.
    """
    from werk.tools.st.loader import load_project

    root = (path or cli.config.project_root).resolve()
    started = time.perf_counter()
    index = build_index(cli, root, show_progress=cli.verbosity >= 0 and cli.err.is_terminal)
    indexed = time.perf_counter()
    project, report = load_project(
        root,
        dialect=forced_dialect(cli, dialect),
        exclude=cli.config.config.index.exclude,
        analysis_limit=cli.config.config.st.analysis_limit,
    )
    pous = list(project.all_pous())
    unresolved = sum(len(project.analysis(pou).unresolved) for pou in pous)
    st_errors = sum(len(unit.issues) for unit in project.units())
    finished = time.perf_counter()
    stats = index.stats
    table = Table(title=f"werk index {root}", show_edge=False, title_justify="left")
    for column in ("language", "files", "parse errors"):
        table.add_column(column, justify="right" if column != "language" else "left")
    errors_by_language: dict[str, int] = {}
    for error_path in stats.parse_errors:
        language = index.files[error_path].language
        errors_by_language[language] = errors_by_language.get(language, 0) + 1
    for language, count in sorted(stats.files_by_language.items()):
        table.add_row(language, str(count), str(errors_by_language.get(language, 0)))
    cli.out.print(table)
    cli.out.print(
        f"symbols: {stats.definitions} definitions, {stats.references} references "
        f"({stats.parsed} files parsed, {stats.from_cache} from cache)"
    )
    cli.out.print(
        f"Structured Text: {report.files} files, {report.units} units, {len(pous)} POUs "
        f"(methods and actions included), {len(project.types)} types, "
        f"{st_errors} syntax errors, {unresolved} unresolved names"
    )
    for skipped in stats.skipped:
        cli.info(f"skipped {escape(skipped.path)}: {escape(skipped.reason)}")
    for symbols_only in report.symbols_only:
        cli.info(f"{escape(str(symbols_only))}: too large to analyse, symbols only")
    cli.out.print(
        f"time: {finished - started:.2f} s (symbol index {indexed - started:.2f} s, "
        f"ST model {finished - indexed:.2f} s)"
    )


@click.command("map")
@click.option(
    "--focus",
    "focus",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A file being worked on (repeatable).",
)
@click.option(
    "--mention",
    "mentions",
    multiple=True,
    metavar="NAME",
    help="An identifier the task mentions (repeatable).",
)
@click.option(
    "--tokens",
    default=1024,
    show_default=True,
    type=click.IntRange(min=64),
    help="Token budget of the map.",
)
@pass_context
def map_command(
    cli: CliContext, focus: tuple[Path, ...], mentions: tuple[str, ...], tokens: int
) -> None:
    """Print the ranked repository map: the definitions that matter most,
    personalised towards --focus files and --mention identifiers, within a
    token budget.
    """
    from werk.tools.code import ReferenceGraph, render_map

    root = cli.config.project_root
    index = build_index(cli, root, show_progress=False)
    graph = ReferenceGraph.from_index(index)
    focus_paths = [p if p.is_absolute() else (Path.cwd() / p) for p in focus]
    ranking = graph.rank(focus_files=focus_paths, mentioned_identifiers=mentions)
    text = render_map(ranking, tokens)
    if not text:
        cli.info("the repository map is empty: no definitions found")
        return
    click.echo(text)
