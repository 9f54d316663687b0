"""The providers werk knows: the built-in ones and those installed as plug-ins.

Plug-ins register a ``ModelProvider`` subclass under the ``werk.models``
entry-point group::

    [project.entry-points."werk.models"]
    my-gateway = "my_package.provider:GatewayProvider"

A plug-in that fails to import, or is not a provider, is logged and skipped;
it never stops werk from starting. ``werk models list`` shows what was skipped
and why.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points

from werk.agent.models.provider import ModelProvider
from werk.tools.errors import UnknownProviderError

ENTRY_POINT_GROUP = "werk.models"
log = logging.getLogger(__name__)


@dataclass
class ProviderRegistry:
    providers: dict[str, ModelProvider] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)  # name -> "built-in" or distribution
    skipped: dict[str, str] = field(default_factory=dict)  # entry point -> why

    def names(self) -> list[str]:
        return sorted(self.providers)

    def get(self, name: str) -> ModelProvider:
        try:
            return self.providers[name]
        except KeyError:
            close = difflib.get_close_matches(name, self.names(), n=1)
            guess = f" (did you mean {close[0]!r}?)" if close else ""
            raise UnknownProviderError(
                f"unknown provider {name!r}; installed: {', '.join(self.names())}{guess}"
            ) from None

    def add(self, provider: ModelProvider, origin: str) -> None:
        self.providers[provider.name] = provider
        self.origins[provider.name] = origin


def builtin_providers() -> list[ModelProvider]:
    from werk.agent.models.aleph_alpha import AlephAlphaProvider
    from werk.agent.models.llamacpp import LlamaCppProvider
    from werk.agent.models.mistral import MistralProvider
    from werk.agent.models.openai_compatible import OpenAIProvider
    from werk.agent.models.replay import ReplayProvider

    return [
        OpenAIProvider(),
        MistralProvider(),
        AlephAlphaProvider(),
        LlamaCppProvider(),
        ReplayProvider(),
    ]


@cache
def provider_registry() -> ProviderRegistry:
    registry = ProviderRegistry()
    for provider in builtin_providers():
        registry.add(provider, "built-in")
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        label = f"{entry.name} = {entry.value}"
        try:
            loaded = entry.load()
            provider = loaded() if isinstance(loaded, type) else loaded
            if not isinstance(provider, ModelProvider):
                raise TypeError(f"{entry.value} is not a werk ModelProvider")
        except Exception as exc:  # a broken plug-in must never stop werk
            log.warning("skipping model provider plug-in %s: %s", label, exc)
            registry.skipped[label] = f"{type(exc).__name__}: {exc}"
            continue
        if provider.name in registry.providers:
            registry.skipped[label] = f"name {provider.name!r} is already taken"
            continue
        dist = entry.dist.name if entry.dist is not None else "plug-in"
        registry.add(provider, dist)
    return registry
