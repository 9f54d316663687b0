"""From a loaded configuration to a guarded chat model.

This is the only way the rest of werk obtains a model: it resolves the active
profile, checks that the provider's extra is installed and that its endpoint
is allowed (before anything connects), builds the provider's model and wraps
it in ``SovereignChatModel``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werk.agent.config import LoadedConfig
from werk.agent.models.allowlist import EndpointAllowlist
from werk.agent.models.audit import AuditLog
from werk.agent.models.provider import ModelProvider, ProviderContext
from werk.agent.models.redaction import SecretRedactor
from werk.agent.models.registry import provider_registry
from werk.agent.models.sovereign import SovereignChatModel


@dataclass(frozen=True)
class ResolvedProfile:
    """A model profile with its provider looked up; nothing built yet."""

    name: str
    provider: ModelProvider
    settings: Any
    endpoint: str | None
    model: str


def resolve_profile(loaded: LoadedConfig, name: str | None = None) -> ResolvedProfile:
    chosen, settings = loaded.active_profile(name)
    provider = provider_registry().get(settings.provider)
    return ResolvedProfile(
        chosen, provider, settings, provider.endpoint(settings), provider.model_name(settings)
    )


def allowlist_of(loaded: LoadedConfig) -> EndpointAllowlist:
    return EndpointAllowlist.of(loaded.config.sovereignty.allowed_endpoints)


def audit_log_of(loaded: LoadedConfig) -> AuditLog | None:
    audit = loaded.config.sovereignty.audit
    if not audit.enabled:
        return None
    path = Path(audit.path).expanduser()
    if not path.is_absolute():
        path = loaded.project_root / path
    return AuditLog(path, include_content=audit.include_content)


def build_chat_model(loaded: LoadedConfig, name: str | None = None) -> SovereignChatModel:
    profile = resolve_profile(loaded, name)
    profile.provider.ensure_installed()
    allowlist = allowlist_of(loaded)
    if profile.endpoint:
        allowlist.check(profile.endpoint)
    context = ProviderContext(project_root=loaded.project_root, allowlist=allowlist)
    inner = profile.provider.create(profile.settings, context)
    sovereignty = loaded.config.sovereignty
    return SovereignChatModel(
        inner=inner,
        provider_name=profile.provider.name,
        profile_name=profile.name,
        endpoint=profile.endpoint,
        model_label=profile.model,
        allowlist=allowlist,
        redactor=SecretRedactor.from_environment() if sovereignty.redact_secrets else None,
        audit=audit_log_of(loaded),
    )
