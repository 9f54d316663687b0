"""The Mistral provider (langchain-mistralai) against a loopback fake of Mistral's API."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from tests.fakes.chat_server import FakeChatServer, Reply
from werk.agent.config import LoadedConfig
from werk.agent.models import build_chat_model
from werk.tools.errors import AuthenticationError, ConfigError, EndpointNotAllowedError

TOOL = {
    "type": "function",
    "function": {
        "name": "find_symbol",
        "description": "Find a symbol.",
        "parameters": {
            "type": "object",
            "properties": {"name": {"type": "string"}},
            "required": ["name"],
        },
    },
}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeChatServer]:
    monkeypatch.setenv("MISTRAL_API_KEY", "test-key")
    with FakeChatServer(
        flavour="mistral", models=("codestral-latest",), api_key="test-key"
    ) as fake:
        yield fake


def config(base_url: str) -> str:
    return (
        f'model = "m"\n[models.m]\nprovider = "mistral"\nbase_url = "{base_url}"\n'
        'model = "codestral-latest"\nmax_retries = 2\n'
    )


def test_answer_and_tool_call(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    server.push(Reply(content="Bonjour"))
    server.push(Reply(tool_calls=[{"name": "find_symbol", "arguments": {"name": "FB_Pump"}}]))
    model = build_chat_model(configure(config(server.base_url)))
    answer = model.invoke([HumanMessage("hi")])
    assert answer.content == "Bonjour"
    assert answer.usage_metadata is not None and answer.usage_metadata["output_tokens"] == 7
    call = model.bind_tools([TOOL]).invoke([HumanMessage("where is FB_Pump")])
    assert isinstance(call, AIMessage)
    assert call.tool_calls[0]["args"] == {"name": "FB_Pump"}
    assert server.chat_requests()[0].headers["authorization"] == "Bearer test-key"


def test_werk_retries_429_and_503_which_the_library_does_not(
    server: FakeChatServer, configure: Callable[[str], LoadedConfig]
) -> None:
    server.fail_next(429, 503)
    server.push(Reply(content="after retries"))
    model = build_chat_model(configure(config(server.base_url)))
    assert model.invoke([HumanMessage("hi")]).content == "after retries"
    assert len(server.chat_requests()) == 3


def test_bad_key(
    server: FakeChatServer,
    configure: Callable[[str], LoadedConfig],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "wrong")
    model = build_chat_model(configure(config(server.base_url)))
    with pytest.raises(AuthenticationError, match="HTTP 401"):
        model.invoke([HumanMessage("hi")])


def test_default_endpoint_is_not_allowed_until_the_user_says_so(
    configure: Callable[[str], LoadedConfig], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "k")
    loaded = configure('model = "m"\n[models.m]\nprovider = "mistral"\n')
    with pytest.raises(EndpointNotAllowedError, match=r"api\.mistral\.ai.*not in sovereignty"):
        build_chat_model(loaded)


def test_profile_validation(configure: Callable[[str], LoadedConfig]) -> None:
    with pytest.raises(ConfigError, match=r"models\.m\.max_retries"):
        configure('[models.m]\nprovider = "mistral"\nmax_retries = 99\n')
