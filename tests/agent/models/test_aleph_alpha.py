"""The Aleph Alpha provider (official aleph-alpha-client) against a loopback fake."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from tests.fakes.chat_server import FakeChatServer, Reply
from werk.agent.config import LoadedConfig
from werk.agent.models import build_chat_model
from werk.agent.models.aleph_alpha import AlephAlphaChatModel
from werk.tools.errors import AuthenticationError, EndpointNotAllowedError

TOOL = {
    "type": "function",
    "function": {
        "name": "run_tests",
        "description": "Run the ST tests.",
        "parameters": {
            "type": "object",
            "properties": {"pou": {"type": "string"}},
            "required": ["pou"],
        },
    },
}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeChatServer]:
    monkeypatch.setenv("AA_TOKEN", "aa-token")
    with FakeChatServer(
        flavour="aleph-alpha", models=("llama-3.1-8b-instruct",), api_key="aa-token"
    ) as fake:
        yield fake


def config(base_url: str, extra: str = "") -> str:
    return f'model = "aa"\n[models.aa]\nprovider = "aleph-alpha"\nbase_url = "{base_url}"\n{extra}'


def test_chat_with_usage(server: FakeChatServer, configure: Callable[[str], LoadedConfig]) -> None:
    server.push(Reply(content="Guten Tag", prompt_tokens=30, completion_tokens=3))
    model = build_chat_model(configure(config(server.base_url)))
    answer = model.invoke([SystemMessage("be brief"), HumanMessage("hallo")])
    assert answer.content == "Guten Tag"
    assert answer.usage_metadata is not None and answer.usage_metadata["input_tokens"] == 30
    body = server.chat_requests()[0].body
    assert body is not None
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["model"] == "llama-3.1-8b-instruct"


def test_tool_calls_both_ways(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    server.push(Reply(tool_calls=[{"name": "run_tests", "arguments": {"pou": "FB_Valve"}}]))
    server.push(Reply(content="all green"))
    model = build_chat_model(configure(config(server.base_url))).bind_tools(
        [TOOL], tool_choice="run_tests"
    )
    call = model.invoke([HumanMessage("test FB_Valve")])
    assert isinstance(call, AIMessage)
    assert call.tool_calls[0]["name"] == "run_tests" and call.tool_calls[0]["args"] == {
        "pou": "FB_Valve"
    }
    done = model.invoke(
        [
            HumanMessage("test FB_Valve"),
            call,
            ToolMessage("3 passed", tool_call_id=call.tool_calls[0]["id"]),
        ]
    )
    assert done.content == "all green"
    first, second = (r.body for r in server.chat_requests())
    assert first is not None and second is not None
    assert first["tool_choice"] == {"type": "function", "function": {"name": "run_tests"}}
    assert second["messages"][1]["tool_calls"][0]["function"]["name"] == "run_tests"
    assert second["messages"][2] == {
        "role": "tool",
        "content": "3 passed",
        "tool_call_id": call.tool_calls[0]["id"],
    }


def test_missing_token_variable(
    configure: Callable[[str], LoadedConfig], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AA_TOKEN", raising=False)
    with pytest.raises(AuthenticationError, match="AA_TOKEN"):
        build_chat_model(configure(config("http://127.0.0.1:9")))


def test_wrong_token(
    server: FakeChatServer,
    configure: Callable[[str], LoadedConfig],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AA_TOKEN", "nope")
    model = build_chat_model(configure(config(server.base_url)))
    with pytest.raises(AuthenticationError):
        model.invoke([HumanMessage("hallo")])


def test_allowlist_applies_to_the_requests_session(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    # The profile host is allowed, but the client is pointed elsewhere afterwards
    # (as a redirect or a plug-in could): the session adapter still refuses.
    model = build_chat_model(configure(config(server.base_url)))
    assert isinstance(model.inner, AlephAlphaChatModel)
    model.inner.client.host = server.base_url.replace("127.0.0.1", "127.0.0.2") + "/"
    with pytest.raises(EndpointNotAllowedError):
        model.invoke([HumanMessage("hallo")])
    assert server.requests == []
