"""A deterministic model that plays back scripted answers, tool calls included.

Tests and the benchmark's oracle runs need a model whose every answer is
known in advance. A script is a JSON list; each entry is the next answer:
a string (plain text), ``{"content": ..., "tool_calls": [{"name": ..., "args": {...}}]}``,
or a LangChain message dict (``{"type": "ai", "data": {...}}``) as recorded by
``messages_to_dict``. ``bind_tools`` returns the model itself: the script,
not the tools, decides what is called.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, messages_from_dict
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from pydantic import ConfigDict, Field, PrivateAttr

from werk.agent.models.provider import ModelProvider, ProviderContext
from werk.agent.models.settings import ModelSettings
from werk.tools.errors import ConfigError, ModelOutputError


class ReplaySettings(ModelSettings):
    provider: str = "replay"
    model: str = Field("replay", description="A label for reports and the audit log.")
    script: str = Field(description="JSON file with the answers to play back, in order.")
    when_exhausted: Literal["error", "repeat-last"] = Field(
        "error", description="What to do when the model is asked more often than scripted."
    )


def parse_script(entries: Any, source: str = "script") -> list[AIMessage]:
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: a replay script must be a JSON list of answers")
    answers: list[AIMessage] = []
    for index, entry in enumerate(entries):
        where = f"{source}[{index}]"
        if isinstance(entry, str):
            answers.append(AIMessage(content=entry))
        elif isinstance(entry, dict) and "type" in entry and "data" in entry:
            (message,) = messages_from_dict([entry])
            if not isinstance(message, AIMessage):
                raise ConfigError(
                    f"{where}: only AI messages can be replayed, got {entry['type']!r}"
                )
            answers.append(message)
        elif isinstance(entry, dict):
            calls = []
            for call in entry.get("tool_calls", []):
                if "name" not in call:
                    raise ConfigError(f"{where}: every tool call needs a 'name'")
                calls.append(
                    {
                        "name": call["name"],
                        "args": call.get("args", {}),
                        "id": call.get("id") or f"call_{uuid.uuid4().hex[:12]}",
                    }
                )
            answers.append(AIMessage(content=entry.get("content", ""), tool_calls=calls))
        else:
            raise ConfigError(
                f"{where}: expected a string or an object, got {type(entry).__name__}"
            )
    return answers


def load_script(path: Path) -> list[AIMessage]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"replay script {path}: cannot read: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"replay script {path}: not valid JSON: {exc}") from exc
    return parse_script(data, str(path))


class ReplayChatModel(BaseChatModel):
    """Answers with the scripted messages, in order; records what it was asked."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    answers: list[AIMessage]
    when_exhausted: Literal["error", "repeat-last"] = "error"
    _cursor: int = PrivateAttr(default=0)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _received: list[list[BaseMessage]] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "replay"

    @property
    def received(self) -> list[list[BaseMessage]]:
        """The message lists this model was called with, in order."""
        return list(self._received)

    @property
    def remaining(self) -> int:
        return len(self.answers) - self._cursor

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any
    ) -> Runnable[LanguageModelInput, AIMessage]:
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock:
            self._received.append(list(messages))
            if self._cursor >= len(self.answers):
                if self.when_exhausted == "error" or not self.answers:
                    raise ModelOutputError(
                        f"the replay script is exhausted after {len(self.answers)} answers"
                    )
                answer = self.answers[-1]
            else:
                answer = self.answers[self._cursor]
                self._cursor += 1
        message = answer.model_copy(deep=True)
        chars = sum(len(str(m.content)) for m in messages)
        message.usage_metadata = {
            "input_tokens": chars // 4,
            "output_tokens": len(str(message.content)) // 4,
            "total_tokens": chars // 4 + len(str(message.content)) // 4,
        }
        return ChatResult(generations=[ChatGeneration(message=message)])


class ReplayProvider(ModelProvider):
    name = "replay"
    summary = "Plays back a scripted list of answers (tests, oracle runs)"
    settings_model = ReplaySettings

    def endpoint(self, settings: Any) -> str | None:
        return None

    def create(self, settings: Any, context: ProviderContext) -> BaseChatModel:
        assert isinstance(settings, ReplaySettings)
        path = Path(settings.script).expanduser()
        if not path.is_absolute():
            path = context.project_root / path
        return ReplayChatModel(answers=load_script(path), when_exhausted=settings.when_exhausted)
