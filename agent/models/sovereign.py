"""The sovereignty guard every model is wrapped in.

Whatever a provider builds, werk hands the agent a ``SovereignChatModel``:

* the endpoint is checked against the allowlist before each request;
* secrets are redacted from every message and tool-call argument first;
* each request is written to the audit log (hash, tokens, latency, outcome;
  content only on request);
* client-library exceptions become ``WerkError``s that say how to fix them.

Tool binding is format-neutral here: tools are converted to the OpenAI tool
schema and handed to the inner model's own ``bind_tools`` at call time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, message_to_dict
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict

from werk.agent.models.allowlist import EndpointAllowlist
from werk.agent.models.audit import AuditLog, AuditRecord, request_digest
from werk.agent.models.failures import translate
from werk.agent.models.redaction import SecretRedactor


class SovereignChatModel(BaseChatModel):
    """A chat model whose every request is allowlisted, redacted and audited."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    inner: BaseChatModel
    provider_name: str
    profile_name: str
    endpoint: str | None = None
    model_label: str = ""
    allowlist: EndpointAllowlist | None = None
    redactor: SecretRedactor | None = None
    audit: AuditLog | None = None

    @property
    def _llm_type(self) -> str:
        return f"werk-{self.provider_name}"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "provider": self.provider_name,
            "profile": self.profile_name,
            "model": self.model_label,
        }

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
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
        runnable, sent, payload, redactions = self._prepare(messages, kwargs)
        started = time.perf_counter()
        try:
            answer = runnable.invoke(sent, stop=stop)
        except Exception as exc:
            self._record(payload, redactions, started, None, exc)
            raise translate(
                exc, endpoint=self.endpoint, model=self.model_label, provider=self.provider_name
            ) from exc
        if not isinstance(answer, AIMessage):
            answer = AIMessage(content=str(getattr(answer, "content", answer)))
        self._record(payload, redactions, started, answer, None)
        return ChatResult(generations=[ChatGeneration(message=answer)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        runnable, sent, payload, redactions = self._prepare(messages, kwargs)
        started = time.perf_counter()
        total: AIMessageChunk | None = None
        try:
            for chunk in runnable.stream(sent, stop=stop):
                if not isinstance(chunk, AIMessageChunk):
                    chunk = AIMessageChunk(content=str(getattr(chunk, "content", chunk)))
                total = chunk if total is None else total + chunk
                if run_manager and isinstance(chunk.content, str):
                    run_manager.on_llm_new_token(
                        chunk.content, chunk=ChatGenerationChunk(message=chunk)
                    )
                yield ChatGenerationChunk(message=chunk)
        except Exception as exc:
            self._record(payload, redactions, started, None, exc)
            raise translate(
                exc, endpoint=self.endpoint, model=self.model_label, provider=self.provider_name
            ) from exc
        self._record(payload, redactions, started, total, None)

    def _prepare(
        self, messages: list[BaseMessage], kwargs: dict[str, Any]
    ) -> tuple[Runnable[Any, Any], list[BaseMessage], dict[str, Any], int]:
        if self.allowlist is not None and self.endpoint:
            self.allowlist.check(self.endpoint)
        sent, redactions = self._redact(messages)
        tools = kwargs.pop("tools", None)
        tool_choice = kwargs.pop("tool_choice", None)
        runnable: Runnable[Any, Any] = self.inner
        if tools:
            extra = {"tool_choice": tool_choice} if tool_choice is not None else {}
            runnable = self.inner.bind_tools(tools, **extra)
        if kwargs:
            runnable = runnable.bind(**kwargs)
        payload = {
            "messages": [message_to_dict(message) for message in sent],
            "tools": tools or [],
            "tool_choice": tool_choice,
        }
        return runnable, sent, payload, redactions

    def _redact(self, messages: list[BaseMessage]) -> tuple[list[BaseMessage], int]:
        if self.redactor is None:
            return messages, 0
        redactor = self.redactor
        count = 0
        cleaned: list[BaseMessage] = []
        for message in messages:
            count += sum(len(redactor.find(text)) for text in _strings(message.content))
            update: dict[str, Any] = {"content": redactor.redact_data(message.content)}
            if isinstance(message, AIMessage) and message.tool_calls:
                count += sum(
                    len(redactor.find(text))
                    for call in message.tool_calls
                    for text in _strings(call["args"])
                )
                update["tool_calls"] = [
                    {**call, "args": redactor.redact_data(call["args"])}
                    for call in message.tool_calls
                ]
            cleaned.append(message.model_copy(update=update))
        return cleaned, count

    def _record(
        self,
        payload: dict[str, Any],
        redactions: int,
        started: float,
        answer: AIMessage | None,
        error: BaseException | None,
    ) -> None:
        if self.audit is None:
            return
        usage = getattr(answer, "usage_metadata", None) or {}
        response = None
        if answer is not None:
            response = {"content": answer.content, "tool_calls": answer.tool_calls}
        self.audit.write(
            AuditRecord(
                provider=self.provider_name,
                profile=self.profile_name,
                endpoint=self.endpoint,
                model=self.model_label,
                request_sha256=request_digest(payload),
                latency_ms=round((time.perf_counter() - started) * 1000, 1),
                outcome="ok" if error is None else "error",
                input_tokens=usage.get("input_tokens"),
                output_tokens=usage.get("output_tokens"),
                redactions=redactions,
                error=None if error is None else f"{type(error).__name__}: {error}"[:500],
                request=payload,
                response=response,
            )
        )


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
