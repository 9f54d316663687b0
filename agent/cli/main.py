"""The ``werk`` command line: global flags, command registration, and the
translation of every expected error into one message and an exit code.

Exit codes: 0 success, 1 the command ran and found a problem, 2 usage or
setup error (bad flag, bad configuration, unreachable endpoint...), 130
interrupted. A traceback is shown only with ``-vv``, for bugs.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from werk.agent.cli.ask_cmd import ask
from werk.agent.cli.bench_cmd import bench_command
from werk.agent.cli.check_cmd import check_command, rules_command
from werk.agent.cli.completion_cmd import completion
from werk.agent.cli.config_cmd import config_group
from werk.agent.cli.context import CliContext
from werk.agent.cli.index_cmd import index_command, map_command
from werk.agent.cli.models_cmd import models_group
from werk.agent.cli.prove_cmd import prove_command
from werk.agent.cli.run_cmd import run_command
from werk.agent.cli.serve_cmd import serve_command
from werk.agent.cli.st_cmd import parse_command, refs_command, symbols_command
from werk.agent.cli.system_cmd import system_command, trace_command
from werk.agent.cli.test_cmd import run_tests_command
from werk.agent.cli.werk_version import werk_version
from werk.tools.errors import WerkError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(werk_version(), "-V", "--version", prog_name="werk")
@click.option(
    "-v", "--verbose", count=True, help="More output; -vv adds debug logs and tracebacks."
)
@click.option("-q", "--quiet", is_flag=True, help="Only results and errors.")
@click.option(
    "-C",
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder (default: found from the current folder upwards).",
)
@click.option("--model", metavar="PROFILE", help="Model profile to use (a key of [models]).")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a setting, e.g. --set models.embedded.n_threads=2 (repeatable).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    verbose: int,
    quiet: bool,
    project: Path | None,
    model: str | None,
    assignments: tuple[str, ...],
) -> None:
    """werk: a sovereign coding agent for PLC code (IEC 61131-3 Structured
    Text, CODESYS/TwinCAT, Siemens SCL) and the Python and C around it.

    Nothing leaves this machine unless you configure an endpoint.
    """
    verbosity = -1 if quiet else verbose
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(level=level, format="werk: %(levelname)s: %(name)s: %(message)s")
    ctx.obj = CliContext(project=project, model=model, assignments=assignments, verbosity=verbosity)


cli.add_command(config_group)
cli.add_command(models_group)
cli.add_command(ask)
cli.add_command(run_command)
cli.add_command(bench_command)
cli.add_command(index_command)
cli.add_command(parse_command)
cli.add_command(symbols_command)
cli.add_command(refs_command)
cli.add_command(map_command)
cli.add_command(check_command)
cli.add_command(rules_command)
cli.add_command(prove_command)
cli.add_command(run_tests_command)
cli.add_command(system_command)
cli.add_command(trace_command)
cli.add_command(serve_command)
cli.add_command(completion)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    debug = sum(arg.count("v") for arg in (argv or sys.argv[1:]) if arg.startswith("-v")) >= 2
    try:
        result = cli.main(args=argv, prog_name="werk", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        err.print("werk: aborted")
        return 130
    except KeyboardInterrupt:
        err.print("werk: interrupted")
        return 130
    except WerkError as exc:
        err.print(f"[bold red]werk: error:[/] {escape(exc.message)}")
        if exc.hint:
            err.print(f"  [bold]fix:[/] {escape(exc.hint)}")
        if debug:
            err.print_exception()
        return exc.exit_code
    except Exception as exc:  # a bug: say so plainly, show the traceback only when asked
        err.print(f"werk: internal error: {type(exc).__name__}: {escape(str(exc))}")
        err.print("  please report it; run again with -vv to see the traceback")
        if debug:
            err.print_exception()
        return 3
    return result if isinstance(result, int) else 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
