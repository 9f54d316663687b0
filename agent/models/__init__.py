"""Pluggable, sovereign model providers.

``build_chat_model`` is the entry point: configuration in, a LangChain chat
model out that supports tool calls and is allowlisted, redacted and audited.
"""

from werk.agent.models.factory import ResolvedProfile, build_chat_model, resolve_profile
from werk.agent.models.provider import ModelProvider, ProviderContext
from werk.agent.models.registry import ENTRY_POINT_GROUP, provider_registry
from werk.agent.models.settings import ModelSettings, RemoteModelSettings
from werk.agent.models.sovereign import SovereignChatModel

__all__ = [
    "ENTRY_POINT_GROUP",
    "ModelProvider",
    "ModelSettings",
    "ProviderContext",
    "RemoteModelSettings",
    "ResolvedProfile",
    "SovereignChatModel",
    "build_chat_model",
    "provider_registry",
    "resolve_profile",
]
