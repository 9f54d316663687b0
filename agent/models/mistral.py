"""Mistral's native API, on La Plateforme or a self-deployed endpoint, through
langchain-mistralai.

langchain-mistralai retries only connection errors, so werk's transport adds
retries with backoff on HTTP 429 and 5xx.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import Field

from werk.agent.models.http import guarded_async_client, guarded_client
from werk.agent.models.provider import ModelProvider, ProviderContext
from werk.agent.models.settings import RemoteModelSettings


class MistralSettings(RemoteModelSettings):
    provider: str = "mistral"
    base_url: str = Field(
        "https://api.mistral.ai/v1", description="La Plateforme or your own deployment."
    )
    model: str = Field("mistral-small-latest", description="Model name, e.g. codestral-latest.")
    api_key_env: str | None = Field("MISTRAL_API_KEY", description="Variable holding the key.")


class MistralProvider(ModelProvider):
    name = "mistral"
    summary = "Mistral native API (La Plateforme or self-deployed)"
    settings_model = MistralSettings
    requires = ("langchain_mistralai",)

    def create(self, settings: Any, context: ProviderContext) -> BaseChatModel:
        from langchain_mistralai import ChatMistralAI

        assert isinstance(settings, MistralSettings)
        key = settings.api_key() or ""
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {key}",
        }
        common = {
            "timeout": settings.timeout,
            "retries": settings.max_retries,
            "base_url": settings.base_url,
            "headers": headers,
        }
        return ChatMistralAI(
            model_name=settings.model,
            base_url=settings.base_url,
            api_key=key,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
            timeout=int(settings.timeout),
            max_retries=settings.max_retries,
            client=guarded_client(context.allowlist, **common),
            async_client=guarded_async_client(context.allowlist, **common),
        )
