"""``werk serve``: the language server, on stdio (what editors start) or loopback TCP."""

from __future__ import annotations

import ipaddress
import logging
import sys
from pathlib import Path

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.tools.errors import UsageError

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


@click.command("serve")
@click.option("--tcp", is_flag=True, help="Listen on TCP instead of stdio (loopback only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to bind.")
@click.option("--port", default=2087, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the server's log here (default: stderr, which editors show in their log).",
)
@pass_context
def serve_command(cli: CliContext, tcp: bool, host: str, port: int, log_file: Path | None) -> None:
    """Run the werk language server for an editor (LSP).

    Editors start it on stdio; the werk extensions for VS Code and Neovim do
    that for you. Settings come from werk.toml and the editor's settings.
    """
    if tcp and not is_loopback(host):
        raise UsageError(
            f"--host {host}: werk serve listens on loopback only (127.0.0.1 or ::1); "
            "it gives access to your source code"
        )
    from werk.agent.cli.werk_version import werk_version
    from werk.lsp.server import create_server

    level = logging.DEBUG if cli.verbosity > 1 else logging.INFO
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8")
        if log_file is not None
        else logging.StreamHandler(sys.stderr)  # stdout carries the protocol
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    if cli.verbosity < 2:  # pygls logs every message at INFO: only with -vv
        logging.getLogger("pygls").setLevel(logging.WARNING)
    server = create_server(werk_version())
    if tcp:
        server.start_tcp(host, port)
    else:
        server.start_io()


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
