"""``werk models check`` diagnoses each broken link with the exact fix (real loopback servers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.fakes.chat_server import FakeChatServer, Reply
from werk.agent.config import LoadedConfig
from werk.agent.models.probe import ProbeReport, probe


def gpu(base_url: str, model: str = "qwen2.5-coder-7b", extra: str = "") -> str:
    return (
        f'model = "gpu"\n[models.gpu]\nprovider = "openai"\nbase_url = "{base_url}"\n'
        f'model = "{model}"\nmax_retries = 0\n{extra}'
    )


@pytest.fixture
def server() -> Iterator[FakeChatServer]:
    with FakeChatServer(models=("qwen2.5-coder-7b", "llama3.1-8b")) as fake:
        yield fake


def failed(report: ProbeReport) -> tuple[str, str, str | None]:
    step = next(step for step in report.steps if not step.ok)
    return step.name, step.detail, step.fix


def tool_reply() -> Reply:
    return Reply(tool_calls=[{"name": "read_plc_variable", "arguments": {"name": "bMotorOn"}}])


def test_everything_works(server: FakeChatServer, configure: Callable[[str], LoadedConfig]) -> None:
    server.push(Reply(content="OK"), tool_reply(), tool_reply())
    report = probe(configure(gpu(server.base_url)))
    assert report.ok and report.exit_code == 0
    assert [s.name for s in report.steps] == [
        "provider installed",
        "endpoint allowed",
        "api key",
        "server reachable",
        "model served",
        "chat request",
        "tool call (automatic choice)",
        "tool call (forced)",
    ]
    assert all(step.latency_ms is not None for step in report.steps[-3:])


def test_server_not_running_names_the_usual_server_for_the_port(
    configure: Callable[[str], LoadedConfig],
) -> None:
    import socket

    with socket.socket() as sock:  # find a closed port, then pretend it is vLLM's by message check
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report = probe(configure(gpu(f"http://127.0.0.1:{port}/v1")))
    name, detail, fix = failed(report)
    assert (name, report.exit_code) == ("server reachable", 2)
    assert f"nothing is listening at 127.0.0.1:{port}" in detail
    assert fix is not None and "base_url" in fix


def test_base_url_without_v1(configure: Callable[[str], LoadedConfig]) -> None:
    with FakeChatServer(prefix="/v1") as fake:
        bare = fake.base_url.removesuffix("/v1")
        report = probe(configure(gpu(bare)))
    name, detail, fix = failed(report)
    assert name == "server reachable" and "404" in detail
    assert fix == f'OpenAI-compatible servers serve under /v1: set base_url = "{bare}/v1"'


def test_wrong_model_name_suggests_the_closest(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    report = probe(configure(gpu(server.base_url, model="qwen2.5-coder-7")))
    name, detail, fix = failed(report)
    assert name == "model served"
    assert "does not serve 'qwen2.5-coder-7'" in detail and "llama3.1-8b" in detail
    assert fix == 'set model = "qwen2.5-coder-7b"'
    assert server.chat_requests() == []


def test_unset_model(server: FakeChatServer, configure: Callable[[str], LoadedConfig]) -> None:
    name, _, fix = failed(probe(configure(gpu(server.base_url, model=""))))
    assert name == "model served" and fix == 'set model = "qwen2.5-coder-7b" in the profile'


def test_rejected_key(
    server: FakeChatServer,
    configure: Callable[[str], LoadedConfig],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.api_key = "good"
    monkeypatch.setenv("GPU_KEY", "bad")
    report = probe(configure(gpu(server.base_url, extra='api_key_env = "GPU_KEY"\n')))
    name, detail, fix = failed(report)
    assert (
        name == "server reachable"
        and "API key was rejected" in detail
        and fix == "check the key in $GPU_KEY"
    )


def test_missing_required_key(
    configure: Callable[[str], LoadedConfig], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    config = '[models.m]\nprovider = "mistral"\nbase_url = "http://127.0.0.1:9/v1"\n'
    report = probe(configure(config), "m")
    name, _, fix = failed(report)
    assert name == "api key" and fix == "export MISTRAL_API_KEY=<your key>"


def test_endpoint_not_allowed(configure: Callable[[str], LoadedConfig]) -> None:
    report = probe(configure(gpu("http://gpu01.plant.local:8000/v1")))
    name, _, fix = failed(report)
    assert name == "endpoint allowed" and fix is not None and "'gpu01.plant.local'" in fix


def test_tool_call_written_as_text_is_a_prompt_format_mismatch(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    as_text = (
        '<tool_call>{"name": "read_plc_variable", "arguments": {"name": "bMotorOn"}}</tool_call>'
    )
    server.push(Reply(content="OK"), Reply(content=as_text), Reply(content=as_text))
    report = probe(configure(gpu(server.base_url)))
    name, detail, fix = failed(report)
    assert name == "tool call (automatic choice)" and "prompt-format mismatch" in detail
    assert fix is not None and "--enable-auto-tool-choice" in fix and "--jinja" in fix
    assert report.exit_code == 1


def test_server_rejecting_tools(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    vllm_message = (
        '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set'
    )
    server.push(Reply(content="OK"), Reply(status=400, error_message=vllm_message), tool_reply())
    report = probe(configure(gpu(server.base_url)))
    auto, forced = report.steps[-2:]
    assert not auto.ok and "rejected a tool-call request" in auto.detail
    assert auto.fix is not None and "--tool-call-parser" in auto.fix
    assert forced.ok
    assert report.exit_code == 1


def test_replay_profile_needs_no_server(
    project: object, configure: Callable[[str], LoadedConfig]
) -> None:
    from pathlib import Path

    loaded = configure('model = "r"\n[models.r]\nprovider = "replay"\nscript = "s.json"\n')
    Path(loaded.project_root, "s.json").write_text(
        '["OK", {"tool_calls": [{"name": "read_plc_variable", "args": {"name": "bMotorOn"}}]},'
        ' {"tool_calls": [{"name": "read_plc_variable", "args": {"name": "bMotorOn"}}]}]'
    )
    report = probe(loaded)
    assert report.ok, report.as_dict()
    assert "server reachable" not in [s.name for s in report.steps]
