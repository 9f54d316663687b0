"""``werk test``: run the project's traces, scenarios, Agents4PLC test cases and ST unit tests.

Exit codes: 0 every test passed (and coverage reached ``--fail-under``), 1 a
test failed or could not run (a fault, an unsupported construct) or
coverage is too low, 2 usage or bad input (a malformed test file, an
unknown POU or signal: the message names file and line).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.agent.cli.st_cmd import DIALECTS, forced_dialect
from werk.tools.errors import UsageError


@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-k", "pattern", metavar="PATTERN", help="Only tests whose name contains PATTERN.")
@click.option("--json", "as_json", is_flag=True, help="Write the results as JSON (schema v1).")
@click.option(
    "--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML to FILE."
)
@click.option("--coverage", is_flag=True, help="Print statement and branch coverage.")
@click.option(
    "--coverage-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the coverage as JSON to FILE.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Fail when statement and branch coverage is below PCT percent.",
)
@click.option("--list", "list_only", is_flag=True, help="List the tests found, run nothing.")
@click.option("--max-cycles", type=click.IntRange(min=1), help="Cycle limit of ST unit tests.")
@click.option("--dialect", type=DIALECTS, help="Force a dialect for plain ST files.")
@pass_context
def run_tests_command(
    cli: CliContext,
    paths: tuple[Path, ...],
    pattern: str | None,
    as_json: bool,
    junit: Path | None,
    coverage: bool,
    coverage_json: Path | None,
    fail_under: float | None,
    list_only: bool,
    max_cycles: int | None,
    dialect: str | None,
) -> None:
    """Run the tests of the project on the scan-cycle simulator.

    PATHS are test files or folders (default: [test] paths, else the whole
    project): *.trace.yaml/.csv, *.scenario.yaml, *.agents4plc.json and ST
    test FBs (FB_Test*, Test_*, {attribute 'werk_test'}). See docs/testing.md.
    """
    from werk.tools.st.loader import load_project
    from werk.tools.st.testing import (
        discover_tests,
        render_coverage,
        render_junit,
        render_text,
        run_tests,
        select,
    )

    loaded = cli.config
    root = loaded.project_root
    settings = loaded.config.test
    chosen = list(paths) or [root / p for p in settings.paths] or None
    for path in chosen or []:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder ([test] paths)")
    threshold = fail_under if fail_under is not None else settings.fail_under
    project, report = load_project(
        root,
        dialect=forced_dialect(cli, dialect),
        exclude=loaded.config.index.exclude,
        analysis_limit=loaded.config.st.analysis_limit,
    )
    for path, reason in report.skipped:
        cli.info(f"skipped {path}: {reason}")
    tests = discover_tests(root, chosen, project=project, exclude=loaded.config.index.exclude)
    if pattern is not None:
        tests = select(tests, pattern)
        if not tests:
            raise UsageError(f"no test name contains {pattern!r}; `werk test --list` lists them")
    if list_only:
        for test in tests:
            click.echo(f"{test.kind.value:10} {test.name}")
        return
    if not tests:
        if paths:
            raise UsageError("no tests in the given paths")
        cli.info("no tests found (see docs/testing.md for the file names and test FBs)")
        return
    run = run_tests(
        project,
        tests,
        coverage=coverage or coverage_json is not None or threshold is not None,
        cycle_ms=settings.cycle_ms,
        max_cycles=max_cycles or settings.max_cycles,
        root=root,
    )
    if as_json:
        click.echo(json.dumps(run.to_json(), indent=2))
    else:
        click.echo(render_text(run), nl=False)
    if junit is not None:
        _write(junit, render_junit(run, root=root))
    if run.coverage is not None:
        if coverage and not as_json:
            click.echo()
            click.echo(render_coverage(run.coverage, root), nl=False)
        if coverage_json is not None:
            _write(coverage_json, json.dumps(run.coverage.to_json(root), indent=2) + "\n")
    if run.bad_definitions:
        first = run.bad_definitions[0]
        raise UsageError(
            f"{len(run.bad_definitions)} test(s) cannot run as written; first: {first.error}"
        )
    too_low = (
        threshold is not None
        and run.coverage is not None
        and run.coverage.total_percent < threshold
    )
    if too_low and run.coverage is not None:
        cli.info(f"coverage {run.coverage.total_percent:.1f}% is below --fail-under {threshold:g}%")
    raise click.exceptions.Exit(0 if run.ok and not too_low else 1)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
