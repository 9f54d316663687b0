"""``werk check`` (static analysis for CI and people) and ``werk rules`` (what the rules are).

Exit codes: 0 no findings, 1 findings, 2 usage or bad input.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.agent.cli.positions import shown_path
from werk.agent.cli.st_cmd import DIALECTS, forced_dialect
from werk.tools.errors import ConfigError, UsageError

FORMATS = click.Choice(["text", "json", "sarif", "github"])


def rule_settings(cli: CliContext, select: tuple[str, ...], ignore: tuple[str, ...]) -> Any:
    from werk.agent.cli.system_cmd import io_list_rule_options
    from werk.tools.st.rules.selection import settings_from

    config = cli.config.config.rules
    try:
        return settings_from(
            select=config.select,
            ignore=config.ignore,
            severity=config.severity,
            options=io_list_rule_options(
                cli.config.config.plant, cli.config.project_root, config.options
            ),
            extra_select=select,
            extra_ignore=ignore,
        )
    except ConfigError as exc:
        raise UsageError(exc.message) from None


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=FORMATS, default="text", show_default=True)
@click.option(
    "--select", multiple=True, metavar="RULES", help="Only these codes, prefixes or categories."
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Leave these out (repeatable).")
@click.option("--fix", is_flag=True, help="Apply safe fixes, then report what is left.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix: also apply fixes that may change behaviour."
)
@click.option(
    "--baseline", type=click.Path(path_type=Path), help="Report only findings not in this baseline."
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path),
    help="Record the current findings as the baseline.",
)
@click.option("--show-suppressed", is_flag=True, help="Also list findings silenced by comments.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report to a file.")
@click.option("--dialect", type=DIALECTS, help="Force a dialect for plain ST files.")
@pass_context
def check_command(
    cli: CliContext,
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fix: bool,
    unsafe_fixes: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    show_suppressed: bool,
    output: Path | None,
    dialect: str | None,
) -> None:
    """Check Structured Text against werk's rules (PLCopen CP*, N1, L*; WERK*).

    PATHS are files or folders (default: the whole project). Positions are in
    your own files, TwinCAT and PLCopen XML included. Suppress a finding with
    (* werk: ignore CODE -- reason *) on its line or in the POU's header.
    """
    from werk.agent.cli.werk_version import werk_version
    from werk.tools.st.loader import load_project
    from werk.tools.st.rules.baseline import fingerprint, read_baseline
    from werk.tools.st.rules.baseline import write_baseline as save
    from werk.tools.st.rules.fixes import apply_fixes
    from werk.tools.st.rules.registry import all_rules
    from werk.tools.st.rules.runner import SourceCache, run_checks
    from werk.tools.st.rules.selection import enabled_rules

    loaded = cli.config
    root = loaded.project_root
    settings = rule_settings(cli, select, ignore)
    chosen_paths = _files_under(paths) if paths else None
    baseline_path = baseline or (
        Path(loaded.config.rules.baseline) if loaded.config.rules.baseline else None
    )
    if baseline_path is not None and not baseline_path.is_absolute() and baseline is None:
        baseline_path = root / baseline_path
    known = (
        read_baseline(baseline_path)
        if baseline_path is not None and write_baseline is None
        else None
    )

    def run() -> Any:
        project, report = load_project(
            root,
            dialect=forced_dialect(cli, dialect),
            exclude=loaded.config.index.exclude,
            analysis_limit=loaded.config.st.analysis_limit,
        )
        for path, reason in report.skipped:
            cli.info(f"skipped {shown_path(path)}: {reason}")
        return run_checks(project, settings, paths=chosen_paths, baseline=known, root=root)

    result = run()
    if fix:
        fixed = apply_fixes(result.findings, unsafe=unsafe_fixes)
        if fixed.applied:
            cli.info(f"fixed {len(fixed.applied)} finding(s) in {len(fixed.files)} file(s)")
            result = run()
    if write_baseline is not None:
        sources = SourceCache()
        marks = [fingerprint(f, root, sources.line_text(f.path, f.start)) for f in result.findings]
        count = save(write_baseline, marks)
        cli.info(f"baseline {write_baseline}: {count} finding(s) recorded")
        raise click.exceptions.Exit(0)
    rules = enabled_rules(settings, all_rules())
    text = _render(output_format, result.findings, rules, root, werk_version())
    if output is not None:
        output.write_text(text, encoding="utf-8")
    elif text:
        click.echo(text, nl=False)
    if show_suppressed:
        for finding, suppression in result.suppressed:
            reason = f" -- {suppression.reason}" if suppression.reason else ""
            where = f"{shown_path(finding.path)} (comment line {suppression.comment_line})"
            cli.info(f"suppressed {finding.code} at {where}{reason}")
    for error in result.rule_errors:
        cli.err.print(f"werk: internal error in a rule: {error}")
    summary = f"{len(result.findings)} finding(s)"
    if result.suppressed:
        summary += f", {len(result.suppressed)} suppressed"
    if result.baselined:
        summary += f", {result.baselined} in the baseline"
    fixable = sum(1 for f in result.findings if f.fix is not None)
    if fixable and not fix:
        summary += f"; {fixable} fixable with --fix (some only with --unsafe-fixes)"
    if output_format == "text":
        cli.info(summary)
    raise click.exceptions.Exit(1 if result.findings else 0)


def _files_under(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file())
        else:
            files.append(path)
    return files


def _render(
    output_format: str, findings: list[Any], rules: Mapping[str, Any], root: Path, version: str
) -> str:
    from werk.tools.st.rules.report.machine import render_github, render_json
    from werk.tools.st.rules.report.sarif import render_sarif
    from werk.tools.st.rules.report.text import render_text

    def read(path: Path) -> bytes:
        return path.read_bytes()

    def shown(path: Path) -> str:
        return str(shown_path(path))

    if output_format == "json":
        return render_json(findings, read, shown)
    if output_format == "sarif":
        return render_sarif(findings, rules, read, root, version)
    if output_format == "github":
        return render_github(findings, read, shown)
    return render_text(findings, read, shown)


@click.command("rules")
@click.argument("code", required=False)
@click.option(
    "--write-docs",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the rule pages (docs/rules).",
)
@pass_context
def rules_command(cli: CliContext, code: str | None, write_docs: Path | None) -> None:
    """List the rules, or show one rule's documentation."""
    from werk.tools.st.rules.docs import rule_page
    from werk.tools.st.rules.docs import write_docs as write
    from werk.tools.st.rules.registry import all_rules

    rules = all_rules()
    if write_docs is not None:
        written = write(write_docs, rules)
        cli.info(f"{len(written)} page(s) written to {write_docs}")
        return
    if code is not None:
        matches = [r for c, r in rules.items() if c.upper() == code.upper() or r.name == code]
        if not matches:
            raise UsageError(f"no rule {code!r}; `werk rules` lists them")
        click.echo(rule_page(matches[0]))
        return
    for rule_code, rule in rules.items():
        default = "" if rule.enabled_by_default else " (off by default)"
        fixable = " [fix]" if rule.fix_title else ""
        columns = f"{rule_code:8} {rule.name:38} {rule.severity.value:8} {rule.category.value}"
        click.echo(f"{columns}{default}{fixable}")
    sys.stdout.flush()
