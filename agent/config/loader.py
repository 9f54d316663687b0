"""Merge the configuration layers, remember where each value came from, and
validate the result into typed settings.

A validation failure becomes one ``ConfigError`` that names the source (file,
environment variable or flag), the key path and what is allowed, because a
configuration mistake should take one look to fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from werk.agent.config import sources
from werk.agent.config.schema import WerkConfig, builtin_profiles
from werk.tools.errors import ConfigError, WerkError

DEFAULT_LABEL = "default"
SECRET_KEYS = frozenset({"api_key", "token", "password", "secret", "api_token"})


@dataclass
class LoadedConfig:
    """The effective configuration and the provenance of every value."""

    config: WerkConfig
    profiles: dict[str, Any]  # profile name -> the provider's validated settings
    project_root: Path
    layers: list[sources.Layer] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

    def source_of(self, key_path: str) -> str:
        """Where the value at ``key_path`` (dotted) came from; "default" if no layer set it."""
        return self.provenance.get(key_path, DEFAULT_LABEL)

    def active_profile(self, name: str | None = None) -> tuple[str, Any]:
        chosen = name or self.config.model
        if chosen not in self.profiles:
            raise ConfigError(
                f"no model profile named {chosen!r}; defined: {', '.join(sorted(self.profiles))}"
                + _did_you_mean(chosen, self.profiles)
            )
        return chosen, self.profiles[chosen]


def load_config(
    project_dir: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cli_model: str | None = None,
    cli_set: Sequence[str] = (),
    editor: sources.Layer | None = None,
) -> LoadedConfig:
    """The layered configuration; ``editor`` is what the language server's client sent
    (initializationOptions, didChangeConfiguration): above the project's file, below
    the environment and the command line."""
    root = sources.find_project_root(project_dir or Path.cwd())
    defaults = sources.Layer(DEFAULT_LABEL, {"models": builtin_profiles()})
    candidates = [
        defaults,
        sources.user_layer(environ),
        sources.project_layer(root),
        editor,
        sources.environment_layer(environ),
        sources.cli_layer(cli_model, cli_set),
    ]
    layers = [layer for layer in candidates if layer is not None]
    merged: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    for layer in layers:
        _merge(merged, layer.data, layer, (), provenance)
    return validate(merged, provenance, root, layers)


def validate(
    merged: dict[str, Any],
    provenance: dict[str, str],
    root: Path,
    layers: list[sources.Layer] | None = None,
) -> LoadedConfig:
    """Validate a merged configuration dict (also what the language server receives)."""
    from werk.agent.models.registry import provider_registry

    config = _validated(WerkConfig, merged, (), provenance)
    registry = provider_registry()
    profiles: dict[str, Any] = {}
    for name, raw in config.models.items():
        prefix = ("models", name)
        if not isinstance(raw, dict):
            raise ConfigError(
                f"{_lookup_source(provenance, list(prefix))}: {'.'.join(prefix)}: "
                "must be a table with a 'provider' key"
            )
        provider_name = raw.get("provider")
        if not provider_name:
            raise ConfigError(
                f"{_lookup_source(provenance, list(prefix))}: {'.'.join(prefix)}.provider: "
                f"missing; choose one of {', '.join(registry.names())}"
            )
        try:
            provider = registry.get(str(provider_name))
        except WerkError as exc:
            source = _lookup_source(provenance, [*prefix, "provider"])
            raise ConfigError(f"{source}: {'.'.join(prefix)}.provider: {exc.message}") from exc
        profiles[name] = _validated(provider.settings_model, raw, prefix, provenance)
    result = LoadedConfig(config, profiles, root, layers or [], provenance)
    result.active_profile()
    return result


def _validated(
    model: type[BaseModel],
    data: dict[str, Any],
    prefix: tuple[str, ...],
    provenance: dict[str, str],
) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc.errors()[0], model, prefix, provenance)) from None


def _describe(
    error: ErrorDetails, model: type[BaseModel], prefix: tuple[str, ...], provenance: dict[str, str]
) -> str:
    loc = [*prefix, *(str(part) for part in error["loc"])]
    path = ".".join(loc)
    source = _lookup_source(provenance, loc)
    if error["type"] == "extra_forbidden":
        key = loc[-1]
        allowed = _allowed_keys(model, [str(part) for part in error["loc"][:-1]])
        if key in SECRET_KEYS:
            return (
                f"{source}: {path}: secrets are not allowed in configuration files; "
                f'export the key in an environment variable and set api_key_env = "NAME"'
            )
        return f"{source}: {path}: unknown key; allowed: {', '.join(allowed)}" + _did_you_mean(
            key, allowed
        )
    got = error.get("input")
    shown = "" if isinstance(got, dict) or error["type"] == "missing" else f" (got {got!r})"
    return f"{source}: {path}: {error['msg']}{shown}"


def _allowed_keys(model: type[BaseModel], loc: list[str]) -> list[str]:
    """The field names of the (sub-)model at ``loc``, for 'unknown key' messages."""
    current: Any = model
    for part in loc:
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return []
        current = fields[part].annotation
    fields = getattr(current, "model_fields", {})
    return sorted(fields)


def _did_you_mean(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _merge(
    target: dict[str, Any],
    incoming: Mapping[str, Any],
    layer: sources.Layer,
    path: tuple[str, ...],
    provenance: dict[str, str],
) -> None:
    for key, value in incoming.items():
        here = (*path, key)
        dotted = ".".join(here)
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            provenance.setdefault(dotted, layer.origin_of(dotted))
            _merge(target[key], value, layer, here, provenance)
        else:
            target[key] = _copy(value)
            _forget_below(provenance, dotted)
            provenance[dotted] = layer.origin_of(dotted)
            if isinstance(value, dict):
                _record_leaves(value, layer, here, provenance)


def _record_leaves(
    data: Mapping[str, Any], layer: sources.Layer, path: tuple[str, ...], provenance: dict[str, str]
) -> None:
    for key, value in data.items():
        here = (*path, key)
        provenance[".".join(here)] = layer.origin_of(".".join(here))
        if isinstance(value, dict):
            _record_leaves(value, layer, here, provenance)


def _forget_below(provenance: dict[str, str], dotted: str) -> None:
    for key in [k for k in provenance if k.startswith(dotted + ".")]:
        del provenance[key]


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _lookup_source(provenance: Mapping[str, str], loc: Sequence[str]) -> str:
    for end in range(len(loc), 0, -1):
        source = provenance.get(".".join(loc[:end]))
        if source is not None:
            return source
    return DEFAULT_LABEL
