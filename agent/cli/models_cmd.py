"""``werk models``: list the configured profiles and providers; check that a model works."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.table import Table

from werk.agent.cli.context import CliContext, pass_context

# Model modules import LangChain; they are imported inside the commands so
# that `werk --help` and shell completion stay fast.


@click.group("models")
def models_group() -> None:
    """Model profiles and providers."""


@models_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def list_models(cli: CliContext, as_json: bool) -> None:
    """List model profiles (the active one marked) and installed providers."""
    from werk.agent.models.factory import resolve_profile
    from werk.agent.models.registry import provider_registry

    loaded = cli.config
    registry = provider_registry()
    profiles = [resolve_profile(loaded, name) for name in sorted(loaded.profiles)]
    active = loaded.config.model
    if as_json:
        payload = {
            "active": active,
            "profiles": [
                {
                    "name": p.name,
                    "provider": p.provider.name,
                    "model": p.model,
                    "endpoint": p.endpoint,
                }
                for p in profiles
            ],
            "providers": [
                {
                    "name": name,
                    "origin": registry.origins[name],
                    "installed": not registry.providers[name].missing_modules(),
                    "summary": registry.providers[name].summary,
                }
                for name in registry.names()
            ],
            "skipped_plugins": registry.skipped,
        }
        cli.out.print_json(json.dumps(payload))
        return
    table = Table(title="model profiles", show_edge=False, title_justify="left")
    for column in ("", "profile", "provider", "model", "endpoint"):
        table.add_column(column)
    for p in profiles:
        marker = "*" if p.name == active else ""
        table.add_row(
            marker, p.name, p.provider.name, escape(p.model), escape(p.endpoint or "in process")
        )
    cli.out.print(table)
    cli.out.print()
    providers = Table(title="providers", show_edge=False, title_justify="left")
    for column in ("provider", "from", "installed", "summary"):
        providers.add_column(column)
    for name in registry.names():
        provider = registry.providers[name]
        missing = provider.missing_modules()
        installed = (
            "yes"
            if not missing
            else f"no: pip install 'werk[{provider.extra}]'"
            if provider.extra
            else "no"
        )
        providers.add_row(name, registry.origins[name], installed, escape(provider.summary))
    cli.out.print(providers)
    for label, why in registry.skipped.items():
        cli.err.print(f"skipped plug-in {escape(label)}: {escape(why)}")


@models_group.command("check")
@click.argument("profile", required=False)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def check(cli: CliContext, profile: str | None, as_json: bool) -> None:
    """Probe a model profile (default: the active one): server, model name,
    a tiny chat request and tool calls, with the fix for whatever fails.

    Exit code 0 when everything works, 1 when the model answers but tool calls
    do not work, 2 when it cannot be reached or is misconfigured.
    """
    from werk.agent.models.factory import resolve_profile
    from werk.agent.models.probe import ProbeStep, probe

    loaded = cli.config

    def show(step: ProbeStep) -> None:
        if as_json:
            return
        mark = "[green]✓[/]" if step.ok else "[red]✗[/]"
        latency = f" [dim]({step.latency_ms:.0f} ms)[/]" if step.latency_ms is not None else ""
        cli.out.print(f"{mark} {escape(step.name)}: {escape(step.detail)}{latency}")
        if step.fix and not step.ok:
            cli.out.print(f"    [bold]fix:[/] {escape(step.fix)}")

    resolved = resolve_profile(loaded, profile)
    if not as_json:
        where = resolved.endpoint or "in process"
        cli.out.print(
            f"checking profile [bold]{escape(resolved.name)}[/]: {resolved.provider.name}, "
            f"model {escape(resolved.model or '(unset)')}, {escape(where)}"
        )
    report = probe(loaded, profile, on_step=show)
    if as_json:
        cli.out.print_json(json.dumps(report.as_dict()))
    elif report.ok:
        cli.out.print("[green]model works, tool calls included[/]")
    raise click.exceptions.Exit(report.exit_code)
