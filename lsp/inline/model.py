"""The ghost-text model: built on first use from the workspace's configuration.

Never at start-up (the embedded llama.cpp model takes seconds to load and
most sessions may never ask), never over the network unless the
configuration names an endpoint (``build_chat_model`` checks the allowlist
and audits every request). It remembers whether the model answered and how
long it took, for the ``werk/status`` line.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from werk.agent.config import LoadedConfig
from werk.tools.errors import WerkError


class InlineModel:
    def __init__(self) -> None:
        self._model: BaseChatModel | None = None
        self._built_for: LoadedConfig | None = None
        self._lock = threading.Lock()
        self.reachable: bool | None = None
        self.last_latency_ms: float | None = None
        self.problem: str | None = None

    def model_for(self, loaded: LoadedConfig) -> BaseChatModel:
        from werk.agent.models.factory import build_chat_model

        with self._lock:
            if self._model is None or self._built_for is not loaded:
                self._model = build_chat_model(loaded, loaded.config.lsp.inline_model)
                self._built_for = loaded
            return self._model

    def complete(self, loaded: LoadedConfig, messages: Sequence[BaseMessage]) -> str:
        """The model's answer; raises ``WerkError`` when it cannot be built or asked."""
        started = time.perf_counter()
        try:
            answer = self.model_for(loaded).invoke(list(messages))
        except WerkError as exc:
            self.reachable, self.problem = False, exc.message
            raise
        except Exception as exc:  # a provider's own error: the endpoint failed us
            self.reachable, self.problem = False, f"{type(exc).__name__}: {exc}"
            raise WerkError(f"the ghost-text model failed: {exc}") from exc
        self.reachable, self.problem = True, None
        self.last_latency_ms = round((time.perf_counter() - started) * 1000, 1)
        content = answer.content
        return (
            content
            if isinstance(content, str)
            else "".join(
                part if isinstance(part, str) else str(part.get("text", "")) for part in content
            )
        )
