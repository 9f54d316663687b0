"""An example werk model-provider plug-in.

A company gateway that speaks the OpenAI API but routes requests by an
``X-Tenant`` header. The provider reuses werk's OpenAI-compatible provider
and its guarded HTTP clients, so the allowlist, redaction and audit log apply
unchanged.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI
from pydantic import Field

from werk.agent.models import ModelProvider, ProviderContext
from werk.agent.models.http import guarded_async_client, guarded_client
from werk.agent.models.openai_compatible import OpenAISettings


class GatewaySettings(OpenAISettings):
    provider: str = "acme-gateway"
    tenant: str = Field(description="Tenant the gateway bills and routes by.")


class GatewayProvider(ModelProvider):
    name = "acme-gateway"
    summary = "ACME LLM gateway (OpenAI-compatible, X-Tenant header)"
    settings_model = GatewaySettings
    requires = ("langchain_openai",)

    def create(self, settings: Any, context: ProviderContext) -> BaseChatModel:
        headers = {"X-Tenant": settings.tenant}
        return ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,
            api_key=settings.api_key() or "not-needed",
            temperature=settings.temperature,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            default_headers=headers,
            http_client=guarded_client(context.allowlist, timeout=settings.timeout),
            http_async_client=guarded_async_client(context.allowlist, timeout=settings.timeout),
        )
