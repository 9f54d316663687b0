"""State shared by all commands of one ``werk`` invocation.

The global flags are parsed once; the configuration is loaded lazily so that
``werk --help`` and ``werk completion`` work even when a config file is broken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.console import Console

from werk.agent.config import LoadedConfig, load_config


@dataclass
class CliContext:
    project: Path | None = None
    model: str | None = None
    assignments: tuple[str, ...] = ()
    verbosity: int = 0  # -1 quiet, 0 normal, 1+ verbose
    out: Console = field(default_factory=lambda: Console(highlight=False, soft_wrap=True))
    err: Console = field(
        default_factory=lambda: Console(stderr=True, highlight=False, soft_wrap=True)
    )
    _loaded: LoadedConfig | None = None

    @property
    def config(self) -> LoadedConfig:
        if self._loaded is None:
            self._loaded = load_config(self.project, cli_model=self.model, cli_set=self.assignments)
        return self._loaded

    def info(self, message: str) -> None:
        """Progress for people; silent with --quiet, always on stderr."""
        if self.verbosity >= 0:
            self.err.print(message)


pass_context = click.make_pass_decorator(CliContext)
