"""Aleph Alpha (PhariaAI inference) through the official ``aleph-alpha-client``.

There is no LangChain chat model for it with tool calls, so this module adapts
the client's chat API: LangChain messages and OpenAI-format tools in, an
``AIMessage`` with tool calls and token usage out. The client's requests
session gets an adapter that enforces the allowlist on every request; its own
urllib3 retry policy handles 408/429/5xx with backoff.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field
from requests.adapters import HTTPAdapter

from werk.agent.models.allowlist import EndpointAllowlist
from werk.agent.models.provider import ModelProvider, ProviderContext
from werk.agent.models.settings import RemoteModelSettings


class AlephAlphaSettings(RemoteModelSettings):
    provider: str = "aleph-alpha"
    base_url: str = Field(description="Inference API host, e.g. https://inference-api.example.com.")
    model: str = Field("llama-3.1-8b-instruct", description="Model name as the API lists it.")
    api_key_env: str | None = Field("AA_TOKEN", description="Variable holding the API token.")
    hosting: str | None = Field(
        None, description="'aleph-alpha' to keep processing in Aleph Alpha's own data centres."
    )


class AllowlistAdapter(HTTPAdapter):
    """A requests adapter that refuses hosts outside the allowlist before connecting."""

    def __init__(self, allowlist: EndpointAllowlist, **kwargs: Any) -> None:
        self.allowlist = allowlist
        super().__init__(**kwargs)

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.allowlist.check(str(request.url))
        return super().send(request, *args, **kwargs)


class AlephAlphaChatModel(BaseChatModel):
    """LangChain chat model over ``aleph_alpha_client.Client.chat``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: Any
    model_name: str
    temperature: float = 0.0
    max_tokens: int | None = None

    @property
    def _llm_type(self) -> str:
        return "aleph-alpha"

    def bind_tools(
        self,
        tools: Sequence[Any],
        *,
        tool_choice: str | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        from aleph_alpha_client import ChatRequest
        from aleph_alpha_client.chat import ChatResponse

        tools = kwargs.get("tools") or None
        request = ChatRequest(
            model=self.model_name,
            messages=[_to_aleph_alpha(message) for message in messages],
            maximum_tokens=self.max_tokens,
            temperature=self.temperature,
            tools=tools,
            tool_choice=_tool_choice(kwargs.get("tool_choice")) if tools else None,
        )
        # _post_request returns the raw JSON; ChatResponse drops the usage we audit.
        raw = self.client._post_request("chat/completions", request, self.model_name)
        response = ChatResponse.from_json(raw)
        message = _to_langchain(response.message)
        usage = raw.get("usage") or {}
        if usage:
            message.usage_metadata = {
                "input_tokens": usage.get("prompt_tokens", 0),
                "output_tokens": usage.get("completion_tokens", 0),
                "total_tokens": usage.get("total_tokens", 0),
            }
        info = {"finish_reason": response.finish_reason.value}
        return ChatResult(generations=[ChatGeneration(message=message, generation_info=info)])


def _tool_choice(choice: str | dict[str, Any] | None) -> Any:
    from aleph_alpha_client.chat import ToolFunction

    if choice is None or choice == "auto":
        return "auto"
    if choice in ("any", "required", True):
        return "required"
    if choice == "none":
        return "none"
    name = choice["function"]["name"] if isinstance(choice, dict) else str(choice)
    return ToolFunction(type="function", function={"name": name})


def _to_aleph_alpha(message: BaseMessage) -> Any:
    from aleph_alpha_client import Message
    from aleph_alpha_client.chat import FunctionCall, Role, ToolCall

    text = message.content if isinstance(message.content, str) else message.text
    if isinstance(message, SystemMessage):
        return Message(role=Role.System, content=text)
    if isinstance(message, ToolMessage):
        return Message(role=Role.Tool, content=text, tool_call_id=message.tool_call_id)
    if isinstance(message, AIMessage):
        calls = [
            ToolCall(
                id=call.get("id") or uuid.uuid4().hex[:9],
                type="function",
                function=FunctionCall(name=call["name"], arguments=json.dumps(call["args"])),
            )
            for call in message.tool_calls
        ]
        return Message(role=Role.Assistant, content=text, tool_calls=calls or None)
    return Message(role=Role.User, content=text)


def _to_langchain(message: Any) -> AIMessage:
    tool_calls: list[Any] = []
    invalid: list[Any] = []
    for call in message.tool_calls or []:
        try:
            args = json.loads(call.function.arguments or "{}")
            tool_calls.append({"name": call.function.name, "args": args, "id": call.id})
        except json.JSONDecodeError as exc:
            invalid.append(
                {
                    "name": call.function.name,
                    "args": call.function.arguments,
                    "id": call.id,
                    "error": f"arguments are not valid JSON: {exc}",
                }
            )
    return AIMessage(
        content=message.content or "", tool_calls=tool_calls, invalid_tool_calls=invalid
    )


class AlephAlphaProvider(ModelProvider):
    name = "aleph-alpha"
    summary = "Aleph Alpha inference API (official aleph-alpha-client)"
    settings_model = AlephAlphaSettings
    requires = ("aleph_alpha_client",)

    def create(self, settings: Any, context: ProviderContext) -> BaseChatModel:
        from aleph_alpha_client import Client
        from urllib3.util import Retry

        assert isinstance(settings, AlephAlphaSettings)
        client = Client(
            token=settings.api_key(required=True) or "",
            host=settings.base_url,
            hosting=settings.hosting,
            request_timeout_seconds=int(settings.timeout),
            total_retries=settings.max_retries,
        )
        retry = Retry(
            total=settings.max_retries,
            backoff_factor=0.25,
            status_forcelist=(408, 429, 500, 502, 503, 504),
            allowed_methods=["POST", "GET"],
            raise_on_status=False,
        )
        adapter = AllowlistAdapter(context.allowlist, max_retries=retry)
        client.session.mount("http://", adapter)
        client.session.mount("https://", adapter)
        return AlephAlphaChatModel(
            client=client,
            model_name=settings.model,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
        )
