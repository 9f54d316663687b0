"""The contract between werk and a model provider.

A provider turns a validated settings object into a LangChain chat model that
supports tool calls. werk wraps whatever it returns in the sovereignty guard
(allowlist, redaction, audit), so a provider only has to talk to its backend.
Third-party providers subclass ``ModelProvider`` and register the class under
the ``werk.models`` entry-point group.
"""

from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from langchain_core.language_models import BaseChatModel

from werk.agent.models.allowlist import EndpointAllowlist
from werk.agent.models.settings import ModelSettings
from werk.tools.errors import MissingExtraError


@dataclass(frozen=True)
class ProviderContext:
    """What a provider may need besides its settings."""

    project_root: Path
    # Providers that open their own HTTP clients must route them through
    # ``werk.agent.models.http`` with this allowlist.
    allowlist: EndpointAllowlist


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a blocked or broken module counts as missing
        return False


class ModelProvider(ABC):
    """Builds chat models for one kind of backend."""

    name: ClassVar[str]
    summary: ClassVar[str]
    settings_model: ClassVar[type[ModelSettings]]
    # Importable modules the provider needs, and the pip extra that brings them.
    requires: ClassVar[tuple[str, ...]] = ()
    extra: ClassVar[str | None] = None

    @abstractmethod
    def create(self, settings: Any, context: ProviderContext) -> BaseChatModel:
        """Build the chat model. Must not open a connection."""

    def endpoint(self, settings: Any) -> str | None:
        """The URL requests go to, or None for an in-process model."""
        return getattr(settings, "base_url", None)

    def model_name(self, settings: Any) -> str:
        return str(getattr(settings, "model", "") or "")

    def missing_modules(self) -> list[str]:
        return [name for name in self.requires if not _importable(name)]

    def ensure_installed(self) -> None:
        missing = self.missing_modules()
        if missing:
            fix = (
                f"pip install 'werk[{self.extra}]'"
                if self.extra
                else f"pip install {' '.join(missing)}"
            )
            raise MissingExtraError(
                f"the {self.name} provider needs {', '.join(missing)}, which is not installed",
                hint=fix,
            )
