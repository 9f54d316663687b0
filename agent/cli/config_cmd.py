"""``werk config``: show the effective configuration and where each value came from."""

from __future__ import annotations

import json
from typing import Any

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.agent.config import LoadedConfig
from werk.agent.config.sources import user_config_path


@click.group("config")
def config_group() -> None:
    """Inspect werk's configuration."""


def effective_values(loaded: LoadedConfig) -> list[tuple[str, Any, str]]:
    """Every leaf setting as (dotted key, value, source)."""
    data = loaded.config.model_dump(exclude={"models"})
    data["models"] = {name: settings.model_dump() for name, settings in loaded.profiles.items()}
    rows: list[tuple[str, Any, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        else:
            rows.append((prefix, value, loaded.source_of(prefix)))

    walk("", data)
    return rows


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def show(cli: CliContext, as_json: bool) -> None:
    """Print the effective configuration and the source of every value.

    Sources, lowest to highest precedence: built-in defaults, the user config
    ($XDG_CONFIG_HOME/werk/config.toml), the project's werk.toml or
    [tool.werk] in pyproject.toml, WERK_* environment variables, and flags.
    """
    loaded = cli.config
    rows = effective_values(loaded)
    if as_json:
        payload = {
            "project_root": str(loaded.project_root),
            "user_config": str(user_config_path()),
            "sources": [layer.label for layer in loaded.layers],
            "values": [{"key": k, "value": v, "source": s} for k, v, s in rows],
        }
        cli.out.print_json(json.dumps(payload, default=str))
        return
    lines = [(f"{key} = {_toml_value(value)}", source) for key, value, source in rows]
    width = min(max(len(text) for text, _ in lines), 72)
    click.echo(f"# project root: {loaded.project_root}")
    click.echo(f"# sources, low to high: {', '.join(layer.label for layer in loaded.layers)}")
    for text, source in lines:
        click.echo(f"{text:<{width}}  # {source}")


def _toml_value(value: Any) -> str:
    if value is None:
        return "(unset)"
    return json.dumps(value, default=str)
