"""Where configuration comes from, lowest to highest precedence.

1. built-in defaults (the schema's defaults and the built-in model profiles)
2. the user config, ``$XDG_CONFIG_HOME/werk/config.toml``
3. the project config, ``werk.toml`` at the project root, or else
   ``[tool.werk]`` in its ``pyproject.toml``
4. ``WERK_*`` environment variables (``__`` separates nesting levels:
   ``WERK_SOVEREIGNTY__ALLOWED_ENDPOINTS=localhost,gpu01``)
5. command-line flags (``--model``, ``--set key.path=value``)

Each source becomes a ``Layer``: a nested dict plus a label that error
messages and ``werk config show`` use to say where a value came from.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werk.tools.errors import ConfigError

ENV_PREFIX = "WERK_"
PROJECT_FILE = "werk.toml"
USER_FILE = Path("werk") / "config.toml"


@dataclass(frozen=True)
class Layer:
    """One source of configuration values."""

    label: str
    data: dict[str, Any]
    # For environment layers: the variable that set each dotted key path.
    origins: Mapping[str, str] | None = None

    def origin_of(self, key_path: str) -> str:
        if self.origins and key_path in self.origins:
            return f"{self.label} {self.origins[key_path]}"
        return self.label


def user_config_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / USER_FILE


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds werk.toml, a
    pyproject.toml with ``[tool.werk]``, or ``.git``; ``start`` itself if none.
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file() or (folder / ".git").exists():
            return folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_werk(pyproject):
            return folder
    return start


def _has_tool_werk(pyproject: Path) -> bool:
    try:
        return "werk" in read_toml(pyproject).get("tool", {})
    except ConfigError:
        return False


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def user_layer(environ: Mapping[str, str] | None = None) -> Layer | None:
    path = user_config_path(environ)
    if not path.is_file():
        return None
    return Layer(f"user config {path}", read_toml(path))


def project_layer(root: Path) -> Layer | None:
    werk_toml = root / PROJECT_FILE
    if werk_toml.is_file():
        return Layer(f"project config {werk_toml}", read_toml(werk_toml))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        section = read_toml(pyproject).get("tool", {}).get("werk")
        if section is not None:
            if not isinstance(section, dict):
                raise ConfigError(f"{pyproject}: [tool.werk] must be a table")
            return Layer(f"project config {pyproject} [tool.werk]", section)
    return None


def environment_layer(environ: Mapping[str, str] | None = None) -> Layer | None:
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for name in sorted(env):
        if not name.startswith(ENV_PREFIX) or name == ENV_PREFIX:
            continue
        parts = [part.lower() for part in name[len(ENV_PREFIX) :].split("__")]
        if any(not part for part in parts):
            raise ConfigError(
                f"environment variable {name}: empty key segment; "
                "use a single '__' between levels, e.g. WERK_SOVEREIGNTY__REDACT_SECRETS"
            )
        set_path(data, parts, env[name])
        origins[".".join(parts)] = name
    return Layer("environment", data, origins) if data else None


def cli_layer(model: str | None, assignments: Sequence[str]) -> Layer | None:
    """``--model`` and ``--set key.path=value`` (the value is read as TOML, else as a string)."""
    data: dict[str, Any] = {}
    origins: dict[str, str] = {}
    if model:
        data["model"] = model
        origins["model"] = "--model"
    for assignment in assignments:
        key, sep, raw = assignment.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(
                f"--set {assignment!r}: expected KEY=VALUE, e.g. --set models.local.n_threads=4"
            )
        parts = key.split(".")
        set_path(data, parts, parse_cli_value(raw.strip()))
        origins[key] = f"--set {key}"
    return Layer("command line", data, origins) if data else None


def parse_cli_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        return raw


def set_path(data: dict[str, Any], parts: Sequence[str], value: Any) -> None:
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"{'.'.join(parts)}: {part} is a value, not a table")
        node = child
    node[parts[-1]] = value
