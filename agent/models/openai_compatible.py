"""Any OpenAI-compatible chat endpoint: vLLM, Ollama, llama.cpp's server,
TGI, LM Studio, Mistral's API in OpenAI mode, or a gateway in front of them.

Built on langchain-openai's ``ChatOpenAI``, whose SDK retries HTTP 408, 409,
429 and 5xx with exponential backoff (``max_retries``). Its HTTP clients come
from ``werk.agent.models.http`` so the allowlist holds for every request.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import Field

from werk.agent.models.http import guarded_async_client, guarded_client
from werk.agent.models.provider import ModelProvider, ProviderContext
from werk.agent.models.settings import RemoteModelSettings

# Local servers ignore the key, but the SDK refuses to send a request without one.
PLACEHOLDER_KEY = "not-needed"


class OpenAISettings(RemoteModelSettings):
    provider: str = "openai"
    base_url: str = Field(
        "http://127.0.0.1:8000/v1",
        description="Base URL including /v1 (vLLM :8000, Ollama :11434, llama.cpp server :8080).",
    )
    model: str = Field("", description="Model name as the server lists it under /v1/models.")


class OpenAIProvider(ModelProvider):
    name = "openai"
    summary = "OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server, TGI, LM Studio)"
    settings_model = OpenAISettings
    requires = ("langchain_openai",)

    def create(self, settings: Any, context: ProviderContext) -> BaseChatModel:
        from langchain_openai import ChatOpenAI

        assert isinstance(settings, OpenAISettings)
        return ChatOpenAI(
            model=settings.model or "default",
            base_url=settings.base_url,
            api_key=settings.api_key() or PLACEHOLDER_KEY,
            temperature=settings.temperature,
            max_completion_tokens=settings.max_tokens,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            stream_usage=True,
            http_client=guarded_client(context.allowlist, timeout=settings.timeout),
            http_async_client=guarded_async_client(context.allowlist, timeout=settings.timeout),
        )
