"""The editor's settings as one more configuration layer, validated like ``werk.toml``.

Clients send settings in ``initializationOptions`` and, later, in
``workspace/didChangeConfiguration``; VS Code nests them under the
extension's section (``{"werk": {...}}``), Neovim sends what its config
holds. Either way they use the schema of ``werk.toml``, and a bad value gets
the same message ``werk config show`` would print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from werk.agent.config import LoadedConfig, load_config
from werk.agent.config.loader import validate
from werk.agent.config.schema import builtin_profiles
from werk.agent.config.sources import Layer

LABEL = "editor settings"


def editor_layer(settings: Any) -> Layer | None:
    """The settings as a layer; None when the client sent nothing usable."""
    if not isinstance(settings, dict):
        return None
    if isinstance(settings.get("werk"), dict):
        settings = settings["werk"]
    return Layer(LABEL, dict(settings)) if settings else None


def load_with_editor(root: Path, settings: Any) -> LoadedConfig:
    """The configuration for ``root`` with the editor's settings on top of its files.

    Raises ``ConfigError`` (a ``WerkError``) with a message naming the key.
    """
    return load_config(root, editor=editor_layer(settings))


def defaults(root: Path) -> LoadedConfig:
    """The built-in configuration, for when even the project's files are broken."""
    return validate({"models": builtin_profiles()}, {}, root)
