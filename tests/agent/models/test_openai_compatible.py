"""The OpenAI-compatible provider against a real loopback HTTP server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from tests.fakes.chat_server import FakeChatServer, Reply
from werk.agent.config import LoadedConfig
from werk.agent.models import build_chat_model
from werk.tools.errors import AuthenticationError, EndpointNotAllowedError, EndpointUnreachableError

TOOL = {
    "type": "function",
    "function": {
        "name": "read_file",
        "description": "Read a file.",
        "parameters": {
            "type": "object",
            "properties": {"path": {"type": "string"}},
            "required": ["path"],
        },
    },
}


def profile(base_url: str, extra: str = "", retries: int = 2) -> str:
    return (
        'model = "gpu"\n[models.gpu]\nprovider = "openai"\n'
        f'base_url = "{base_url}"\nmodel = "fake-model"\nmax_retries = {retries}\n{extra}'
    )


@pytest.fixture
def server() -> Iterator[FakeChatServer]:
    with FakeChatServer() as fake:
        yield fake


def test_plain_answer_with_usage(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    server.push(Reply(content="Hello from the plant", prompt_tokens=21, completion_tokens=5))
    model = build_chat_model(configure(profile(server.base_url)))
    answer = model.invoke([HumanMessage("hi")])
    assert answer.content == "Hello from the plant"
    assert answer.usage_metadata is not None
    assert answer.usage_metadata["input_tokens"] == 21
    body = server.chat_requests()[0].body
    assert body is not None and body["model"] == "fake-model"


def test_tool_call_round_trip(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    server.push(Reply(tool_calls=[{"name": "read_file", "arguments": {"path": "MAIN.st"}}]))
    server.push(Reply(content="done"))
    model = build_chat_model(configure(profile(server.base_url))).bind_tools(
        [TOOL], tool_choice="read_file"
    )
    first = model.invoke([HumanMessage("open MAIN")])
    assert isinstance(first, AIMessage)
    assert first.tool_calls[0]["name"] == "read_file"
    assert first.tool_calls[0]["args"] == {"path": "MAIN.st"}
    result = ToolMessage("PROGRAM MAIN END_PROGRAM", tool_call_id=first.tool_calls[0]["id"])
    second = model.invoke([HumanMessage("open MAIN"), first, result])
    assert second.content == "done"
    sent = server.chat_requests()[0].body
    assert sent is not None
    assert sent["tools"][0]["function"]["name"] == "read_file"
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "read_file"}}
    history = server.chat_requests()[1].body
    assert history is not None and history["messages"][-1]["role"] == "tool"


def test_streaming_reassembles_tool_calls(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    server.push(
        Reply(
            content="Reading it.", tool_calls=[{"name": "read_file", "arguments": {"path": "a.st"}}]
        )
    )
    model = build_chat_model(configure(profile(server.base_url))).bind_tools([TOOL])
    chunks = list(model.stream([HumanMessage("open a.st")]))
    assert len(chunks) > 2
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    assert total.content == "Reading it."
    assert total.tool_calls[0]["args"] == {"path": "a.st"}
    assert server.chat_requests()[0].body["stream"] is True  # type: ignore[index]


def test_retries_with_backoff_on_429_and_5xx(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    server.fail_next(429, 503)
    server.push(Reply(content="third time lucky"))
    model = build_chat_model(configure(profile(server.base_url)))
    assert model.invoke([HumanMessage("hi")]).content == "third time lucky"
    assert len(server.chat_requests()) == 3


def test_wrong_key_is_an_authentication_error(
    server: FakeChatServer,
    configure: Callable[[str], LoadedConfig],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.api_key = "right"
    monkeypatch.setenv("GPU_KEY", "wrong")
    model = build_chat_model(configure(profile(server.base_url, 'api_key_env = "GPU_KEY"\n')))
    with pytest.raises(AuthenticationError, match="rejected the credentials"):
        model.invoke([HumanMessage("hi")])
    monkeypatch.setenv("GPU_KEY", "right")
    model = build_chat_model(configure(profile(server.base_url, 'api_key_env = "GPU_KEY"\n')))
    assert model.invoke([HumanMessage("hi")]).content == "OK"


def test_unreachable_endpoint(closed_port: int, configure: Callable[[str], LoadedConfig]) -> None:
    model = build_chat_model(configure(profile(f"http://127.0.0.1:{closed_port}/v1", retries=0)))
    with pytest.raises(EndpointUnreachableError, match="cannot reach"):
        model.invoke([HumanMessage("hi")])


def test_host_outside_the_allowlist_is_refused_before_connecting(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    config = profile(server.base_url) + '[sovereignty]\nallowed_endpoints = ["localhost"]\n'
    with pytest.raises(EndpointNotAllowedError, match=r"not in sovereignty\.allowed_endpoints"):
        build_chat_model(configure(config))
    assert server.requests == []


def test_secrets_never_reach_the_server(
    server: FakeChatServer,
    configure: Callable[[str], LoadedConfig],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PLANT_DB_PASSWORD", "Zq8-unguessable-77")
    secrets = [
        "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD",
        "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
        "AKIAIOSFODNN7EXAMPLE",
        "s3cr3t-Pa55word",
        "Zq8-unguessable-77",
        "MIIEowIBAAKCAQEA7bq98",
    ]
    prompt = (
        f"Fix the config. OPENAI_API_KEY={secrets[0]}\n"
        f"token: {secrets[1]}\naws_access_key_id = {secrets[2]}\n"
        f"conn = 'postgres://plc:{secrets[3]}@db:5432/mes'\n"
        f"the password is in the env: {secrets[4]}\n"
        f"-----BEGIN RSA PRIVATE KEY-----\n{secrets[5]}\n-----END RSA PRIVATE KEY-----\n"
        "IF bPasswordOk THEN nKeyCount := nKeyCount + 1; END_IF"
    )
    history = [
        HumanMessage(prompt),
        AIMessage("", tool_calls=[{"name": "read_file", "args": {"path": secrets[1]}, "id": "c1"}]),
        ToolMessage(f"API_KEY={secrets[0]}", tool_call_id="c1"),
    ]
    model = build_chat_model(configure(profile(server.base_url)))
    model.invoke(history)
    raw = server.chat_requests()[0].raw_body.decode()
    for secret in secrets:
        assert secret not in raw
    assert "bPasswordOk" in raw and "nKeyCount" in raw


def test_audit_log_records_each_request(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig], project: object
) -> None:
    loaded = configure(profile(server.base_url))
    model = build_chat_model(loaded)
    model.invoke([HumanMessage("first")])
    model.invoke([HumanMessage("second")])
    lines = (loaded.project_root / ".werk" / "audit.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["outcome"] for r in records] == ["ok", "ok"]
    assert records[0]["endpoint"] == server.base_url
    assert records[0]["model"] == "fake-model"
    assert records[0]["input_tokens"] == 11 and records[0]["output_tokens"] == 7
    assert records[0]["request_sha256"] != records[1]["request_sha256"]
    assert "request" not in records[0]


def test_audit_log_content_is_opt_in(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    loaded = configure(profile(server.base_url, "[sovereignty.audit]\ninclude_content = true\n"))
    build_chat_model(loaded).invoke([HumanMessage("what drives %QX0.1?")])
    record = json.loads((loaded.project_root / ".werk" / "audit.jsonl").read_text())
    assert "what drives %QX0.1?" in json.dumps(record["request"])
    assert record["response"]["content"] == "OK"


def test_failed_requests_are_audited(
    closed_port: int, configure: Callable[[str], LoadedConfig]
) -> None:
    loaded = configure(profile(f"http://127.0.0.1:{closed_port}/v1", retries=0))
    with pytest.raises(EndpointUnreachableError):
        build_chat_model(loaded).invoke([HumanMessage("hi")])
    record = json.loads((loaded.project_root / ".werk" / "audit.jsonl").read_text())
    assert record["outcome"] == "error"
