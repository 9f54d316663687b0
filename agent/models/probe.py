"""``werk models check``: is the configured model usable, and if not, why?

Backend and prompt-format mismatches are the most common complaint about AI
coding tools, so the check walks the path a request takes and stops at the
first broken link with the exact fix: the profile and its extra, the
allowlist, the API key, the server (refused, DNS, timeout, wrong base URL),
the model name (with the models the server does serve), a tiny chat request,
and tool calls (automatic and forced), telling a server that cannot parse tool
calls apart from a model that ignores them.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from langchain_core.messages import AIMessage, HumanMessage

from werk.agent.config import LoadedConfig
from werk.agent.models.factory import allowlist_of, build_chat_model, resolve_profile
from werk.agent.models.http import guarded_client
from werk.tools.errors import (
    AuthenticationError,
    EndpointNotAllowedError,
    MissingExtraError,
    WerkError,
)

# Typical ports of self-hosted servers, to make "nothing listens" concrete.
KNOWN_PORTS = {
    8000: "vLLM (`vllm serve MODEL`)",
    11434: "Ollama (`ollama serve`)",
    8080: "llama.cpp server (`llama-server -m MODEL.gguf --jinja`) or TGI",
    1234: "LM Studio (start its local server)",
}
PROBE_TOOL = {
    "type": "function",
    "function": {
        "name": "read_plc_variable",
        "description": "Read the current value of a PLC variable by name.",
        "parameters": {
            "type": "object",
            "properties": {"name": {"type": "string", "description": "Variable name"}},
            "required": ["name"],
        },
    },
}
PROBE_TOOL_PROMPT = "Use the read_plc_variable tool to read the variable bMotorOn."
TOOL_PARSER_FIX = (
    "the server must turn the model's output into tool calls: vLLM: add "
    "`--enable-auto-tool-choice --tool-call-parser hermes` (or mistral, llama3_json to match the "
    "model); llama.cpp server: start with `--jinja`; Ollama: use a model tagged 'tools'; "
    "TGI: pass `--enable-tools`"
)


@dataclass
class ProbeStep:
    name: str
    ok: bool
    detail: str
    fix: str | None = None
    latency_ms: float | None = None
    # 2 for configuration/setup problems, 1 when the model works but lacks a capability.
    severity: int = 2


@dataclass
class ProbeReport:
    profile: str
    provider: str
    endpoint: str | None
    model: str
    steps: list[ProbeStep] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    @property
    def exit_code(self) -> int:
        failed = [step.severity for step in self.steps if not step.ok]
        return max(failed, default=0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "provider": self.provider,
            "endpoint": self.endpoint,
            "model": self.model,
            "ok": self.ok,
            "steps": [step.__dict__ for step in self.steps],
        }


def probe(
    loaded: LoadedConfig,
    name: str | None = None,
    on_step: Callable[[ProbeStep], None] | None = None,
) -> ProbeReport:
    profile = resolve_profile(loaded, name)
    report = ProbeReport(profile.name, profile.provider.name, profile.endpoint, profile.model)

    def add(step: ProbeStep) -> bool:
        report.steps.append(step)
        if on_step:
            on_step(step)
        return step.ok

    try:
        profile.provider.ensure_installed()
    except MissingExtraError as exc:
        add(ProbeStep("provider installed", False, exc.message, exc.hint))
        return report
    add(
        ProbeStep(
            "provider installed", True, f"{profile.provider.name}: {profile.provider.summary}"
        )
    )
    if profile.endpoint:
        if not add(_allowlist_step(loaded, profile.endpoint)):
            return report
        if not add(_api_key_step(profile.settings)):
            return report
        server = _server_step(loaded, profile.settings, profile.provider.name)
        if not add(server.step):
            return report
        if server.models is not None and not add(_model_step(profile.model, server.models)):
            return report
    try:
        model = build_chat_model(loaded, profile.name)
    except WerkError as exc:
        add(ProbeStep("model loads", False, exc.message, exc.hint))
        return report
    if not add(_chat_step(model)):
        return report
    add(_tool_step(model, "auto", "tool call (automatic choice)"))
    add(_tool_step(model, "read_plc_variable", "tool call (forced)"))
    return report


def _allowlist_step(loaded: LoadedConfig, endpoint: str) -> ProbeStep:
    try:
        allowlist_of(loaded).check(endpoint)
    except EndpointNotAllowedError as exc:
        return ProbeStep("endpoint allowed", False, exc.message, exc.hint)
    return ProbeStep("endpoint allowed", True, f"{urlsplit(endpoint).hostname} is allowlisted")


def _api_key_step(settings: Any) -> ProbeStep:
    env = getattr(settings, "api_key_env", None)
    needs_key = settings.provider in ("mistral", "aleph-alpha")
    try:
        key = settings.api_key(required=needs_key)
    except AuthenticationError as exc:
        return ProbeStep("api key", False, exc.message, exc.hint)
    if key:
        return ProbeStep("api key", True, f"from ${env} ({len(key)} characters, not shown)")
    if env:
        return ProbeStep(
            "api key", True, f"${env} is not set; sending no key (fine for local servers)"
        )
    return ProbeStep("api key", True, "none configured (fine for local servers)")


@dataclass
class _ServerProbe:
    step: ProbeStep
    models: list[str] | None = None


def _server_step(loaded: LoadedConfig, settings: Any, provider: str) -> _ServerProbe:
    base = settings.base_url.rstrip("/")
    path = "/version" if provider == "aleph-alpha" else "/models"
    url = base + path
    key = settings.api_key()
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    client = guarded_client(allowlist_of(loaded), timeout=min(settings.timeout, 10.0))
    started = time.perf_counter()
    try:
        with client:
            response = client.get(url, headers=headers)
    except httpx.ConnectError as exc:
        return _ServerProbe(_unreachable(base, exc))
    except httpx.TimeoutException:
        return _ServerProbe(
            ProbeStep(
                "server reachable",
                False,
                f"no answer from {base} within {min(settings.timeout, 10.0):.0f} s",
                "the server may still be loading the model; wait and retry, or check the host",
            )
        )
    except EndpointNotAllowedError as exc:
        return _ServerProbe(ProbeStep("server reachable", False, exc.message, exc.hint))
    latency = (time.perf_counter() - started) * 1000
    status = response.status_code
    if status in (401, 403):
        env = getattr(settings, "api_key_env", None)
        return _ServerProbe(
            ProbeStep(
                "server reachable",
                False,
                f"{base} answered HTTP {status}: the API key was rejected",
                f"check the key in ${env}"
                if env
                else "set api_key_env to the variable holding the key",
                latency,
            )
        )
    if status == 404 and provider != "aleph-alpha":
        fix = "check base_url"
        if not base.endswith("/v1"):
            fix = f'OpenAI-compatible servers serve under /v1: set base_url = "{base}/v1"'
        return _ServerProbe(
            ProbeStep(
                "server reachable",
                False,
                f"{url} answered 404: not an OpenAI-style API here",
                fix,
                latency,
            )
        )
    if status >= 400:
        return _ServerProbe(
            ProbeStep(
                "server reachable",
                False,
                f"{url} answered HTTP {status}: {response.text[:200]}",
                None,
                latency,
            )
        )
    if provider == "aleph-alpha":
        return _ServerProbe(
            ProbeStep(
                "server reachable", True, f"API version {response.text.strip()}", None, latency
            )
        )
    try:
        models = [str(entry.get("id")) for entry in response.json().get("data", [])]
    except (ValueError, AttributeError):
        return _ServerProbe(
            ProbeStep(
                "server reachable",
                False,
                f"{url} did not answer with a model list",
                "check base_url",
                latency,
            )
        )
    return _ServerProbe(
        ProbeStep("server reachable", True, f"{base} serves {len(models)} model(s)", None, latency),
        models,
    )


def _unreachable(base: str, exc: Exception) -> ProbeStep:
    parts = urlsplit(base)
    text = str(exc).lower()
    if "name or service not known" in text or "nodename" in text or "name resolution" in text:
        return ProbeStep(
            "server reachable",
            False,
            f"cannot resolve host {parts.hostname!r}",
            "check the host name in base_url",
        )
    port = parts.port or (443 if parts.scheme == "https" else 80)
    server = KNOWN_PORTS.get(port)
    fix = f"start {server}" if server else "start the model server"
    return ProbeStep(
        "server reachable",
        False,
        f"nothing is listening at {parts.hostname}:{port} (connection refused)",
        f"{fix}, or correct base_url in the profile",
    )


def _model_step(model: str, served: list[str]) -> ProbeStep:
    listing = ", ".join(served[:10]) + (" …" if len(served) > 10 else "")
    if not model:
        fix = (
            f'set model = "{served[0]}" in the profile' if served else "load a model on the server"
        )
        return ProbeStep(
            "model served", False, f"no model configured; the server offers: {listing}", fix
        )
    if model in served or not served:
        return ProbeStep("model served", True, model)
    close = difflib.get_close_matches(model, served, n=1, cutoff=0.4)
    fix = f'set model = "{close[0]}"' if close else f"use one of: {listing}"
    return ProbeStep(
        "model served", False, f"the server does not serve {model!r}; it offers: {listing}", fix
    )


def _chat_step(model: Any) -> ProbeStep:
    started = time.perf_counter()
    try:
        answer = model.invoke([HumanMessage("Reply with the single word OK.")])
    except WerkError as exc:
        return ProbeStep("chat request", False, exc.message, exc.hint)
    latency = (time.perf_counter() - started) * 1000
    usage = answer.usage_metadata or {}
    text = str(answer.content).strip().replace("\n", " ")
    tokens = f", {usage.get('input_tokens', '?')} in / {usage.get('output_tokens', '?')} out tokens"
    return ProbeStep("chat request", True, f"answered {text[:60]!r}{tokens}", None, latency)


def _tool_step(model: Any, choice: str, name: str) -> ProbeStep:
    started = time.perf_counter()
    try:
        answer = model.bind_tools([PROBE_TOOL], tool_choice=choice).invoke(
            [HumanMessage(PROBE_TOOL_PROMPT)]
        )
    except WerkError as exc:
        text = exc.message.lower()
        fix = TOOL_PARSER_FIX if "tool" in text else exc.hint
        return ProbeStep(
            name, False, f"the server rejected a tool-call request: {exc.message}", fix, severity=1
        )
    latency = (time.perf_counter() - started) * 1000
    assert isinstance(answer, AIMessage)
    calls = answer.tool_calls
    if calls and calls[0]["name"] == "read_plc_variable":
        args = calls[0]["args"]
        if "name" in args:
            return ProbeStep(name, True, f"called read_plc_variable({args})", None, latency)
        return ProbeStep(
            name,
            False,
            f"tool called with unusable arguments {args}",
            "use a stronger model",
            latency,
            1,
        )
    if answer.invalid_tool_calls:
        bad = answer.invalid_tool_calls[0]
        return ProbeStep(
            name,
            False,
            f"invalid tool call: {bad.get('error')}",
            "use a stronger model",
            latency,
            1,
        )
    text = str(answer.content)
    if any(
        marker in text for marker in ('"name"', "<tool_call>", "read_plc_variable", "[TOOL_CALLS]")
    ):
        return ProbeStep(
            name,
            False,
            "prompt-format mismatch: the model wrote the tool call as text, "
            "the server did not parse it",
            TOOL_PARSER_FIX,
            latency,
            1,
        )
    if choice == "auto":
        return ProbeStep(
            name,
            False,
            f"the model answered in words instead of calling the tool: {text[:80]!r}",
            "the agent forces tool calls where it must; a model tuned for tools works better",
            latency,
            1,
        )
    return ProbeStep(
        name, False, f"no tool call in the answer: {text[:80]!r}", TOOL_PARSER_FIX, latency, 1
    )


__all__ = ["ProbeReport", "ProbeStep", "probe"]
