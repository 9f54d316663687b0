"""Proof that FakeChatServer speaks each dialect well enough for the real clients.

Every test drives the fake with an unmodified client library over loopback TCP;
if a client's expectations change in a new release, these tests fail first and
point at the fake rather than at werk's providers.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any, cast

import httpx
import openai
import pytest
from aleph_alpha_client import AsyncClient, ChatRequest, Client, Message
from aleph_alpha_client.chat import ChatStreamChunk, FinishReason, Role, ToolCall, Usage
from langchain_core.messages import AIMessageChunk, HumanMessage
from langchain_mistralai import ChatMistralAI
from openai.types.chat import ChatCompletionFunctionToolParam
from pydantic import SecretStr

from tests.fakes.chat_server import ALEPH_ALPHA_API_VERSION, FakeChatServer, Reply

WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}
# The same dict typed for the openai SDK (a TypedDict is a plain dict at runtime).
OPENAI_WEATHER_TOOL = cast(ChatCompletionFunctionToolParam, WEATHER_TOOL)
WEATHER_CALL = {"name": "get_weather", "arguments": {"city": "Stuttgart"}}


@pytest.fixture
def openai_server() -> Iterator[FakeChatServer]:
    with FakeChatServer(flavour="openai", api_key="sk-test") as server:
        yield server


# Clients keep pooled keep-alive sockets; closing them after each test keeps the
# run free of ResourceWarnings (``-W error::ResourceWarning`` passes).
_to_close: list[Callable[[], object]] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _to_close:
        _to_close.pop()()


def _openai_client(
    server: FakeChatServer, api_key: str = "sk-test", base_url: str | None = None, **kwargs: Any
) -> openai.OpenAI:
    client = openai.OpenAI(base_url=base_url or server.base_url, api_key=api_key, **kwargs)
    _to_close.append(client.close)
    return client


def _aleph(server: FakeChatServer, token: str = "aa", **kwargs: Any) -> Client:
    client = Client(token=token, host=server.base_url, **kwargs)
    _to_close.append(client.session.close)  # the sync Client has no close() of its own
    return client


# -- OpenAI ----------------------------------------------------------------------


def test_openai_models_and_completion(openai_server: FakeChatServer) -> None:
    openai_server.push(Reply(content="Hello from the fake", prompt_tokens=5, completion_tokens=4))
    client = _openai_client(openai_server, max_retries=0)

    assert [m.id for m in client.models.list()] == ["fake-model"]
    completion = client.chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": "Hi"}]
    )

    assert completion.choices[0].message.content == "Hello from the fake"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None and completion.usage.total_tokens == 9
    (request,) = openai_server.chat_requests()
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.body is not None and request.body["messages"][0]["content"] == "Hi"


def test_openai_default_reply_when_queue_empty(openai_server: FakeChatServer) -> None:
    client = _openai_client(openai_server, max_retries=0)
    completion = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "x"}]
    )
    assert completion.choices[0].message.content == "OK"
    assert completion.model == "m"


def test_openai_tool_call_non_streaming(openai_server: FakeChatServer) -> None:
    openai_server.push(Reply(tool_calls=[WEATHER_CALL]))
    completion = _openai_client(openai_server, max_retries=0).chat.completions.create(
        model="fake-model",
        messages=[{"role": "user", "content": "Weather?"}],
        tools=[OPENAI_WEATHER_TOOL],
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    (call,) = choice.message.tool_calls or []
    assert call.id.startswith("call_")
    assert call.function.name == "get_weather"  # type: ignore[union-attr]
    assert json.loads(call.function.arguments) == {"city": "Stuttgart"}  # type: ignore[union-attr]


def test_openai_streaming_reassembles_content_and_tool_calls(openai_server: FakeChatServer) -> None:
    openai_server.push(
        Reply(content="Let me check the weather.", tool_calls=[WEATHER_CALL, WEATHER_CALL])
    )
    stream = _openai_client(openai_server, max_retries=0).chat.completions.create(
        model="fake-model",
        messages=[{"role": "user", "content": "Weather?"}],
        tools=[OPENAI_WEATHER_TOOL],
        stream=True,
        stream_options={"include_usage": True},
    )
    content: list[str] = []
    calls: dict[int, dict[str, str]] = {}
    argument_pieces = 0
    finish_reasons, usages = [], []
    for chunk in stream:
        if chunk.usage is not None:
            usages.append(chunk.usage.total_tokens)
        if not chunk.choices:
            continue
        choice = chunk.choices[0]
        if choice.finish_reason:
            finish_reasons.append(choice.finish_reason)
        if choice.delta.content:
            content.append(choice.delta.content)
        for delta in choice.delta.tool_calls or []:
            call = calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            call["id"] += delta.id or ""
            if delta.function is not None:
                call["name"] += delta.function.name or ""
                if delta.function.arguments:
                    argument_pieces += 1
                    call["arguments"] += delta.function.arguments

    assert len(content) == 5 and "".join(content) == "Let me check the weather."
    assert sorted(calls) == [0, 1]
    assert calls[0]["id"] != calls[1]["id"]
    assert all(c["name"] == "get_weather" for c in calls.values())
    assert all(json.loads(c["arguments"]) == {"city": "Stuttgart"} for c in calls.values())
    assert argument_pieces == 4  # two pieces per call
    assert finish_reasons == ["tool_calls"]
    assert usages == [18]


def test_openai_stream_without_usage_option_has_no_usage_chunk(
    openai_server: FakeChatServer,
) -> None:
    stream = _openai_client(openai_server, max_retries=0).chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": "x"}], stream=True
    )
    chunks = list(stream)
    assert all(c.choices for c in chunks)
    assert all(c.usage is None for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"


def test_openai_wrong_key_is_401(openai_server: FakeChatServer) -> None:
    client = _openai_client(openai_server, api_key="sk-wrong", max_retries=3)
    with pytest.raises(openai.AuthenticationError) as info:
        client.chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "x"}]
        )
    assert info.value.status_code == 401
    assert info.value.code == "invalid_api_key"
    assert "Incorrect API key provided" in info.value.message
    assert len(openai_server.chat_requests()) == 1  # 401 is not retried


def test_openai_retries_after_429_and_503(openai_server: FakeChatServer) -> None:
    openai_server.fail_next(429, 503)
    openai_server.push(Reply(content="finally"))
    client = _openai_client(openai_server, max_retries=2)

    started = time.monotonic()
    completion = client.chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": "x"}]
    )

    assert completion.choices[0].message.content == "finally"
    assert time.monotonic() - started < 0.5  # retry-after-ms from the fake is honoured
    counts = [r.headers.get("x-stainless-retry-count") for r in openai_server.chat_requests()]
    assert counts == ["0", "1", "2"]


def test_openai_gives_up_when_retries_exhausted(openai_server: FakeChatServer) -> None:
    openai_server.fail_next(429, 429)
    with pytest.raises(openai.RateLimitError) as info:
        _openai_client(openai_server, max_retries=1).chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "x"}]
        )
    assert info.value.code == "rate_limit_exceeded"


def test_openai_scripted_error_message() -> None:
    with (
        FakeChatServer(replies=[Reply(status=400, error_message="context too long")]) as server,
        pytest.raises(openai.BadRequestError, match="context too long"),
    ):
        _openai_client(server).chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "x"}]
        )


def test_wrong_prefix_is_404() -> None:
    with FakeChatServer(prefix="") as server:
        assert server.base_url.count("/") == 2  # no path at all
        client = _openai_client(server, base_url=server.base_url + "/v1", max_retries=0)
        with pytest.raises(openai.NotFoundError):
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(server.base_url + "/nope", timeout=2)
        assert info.value.code == 404
        assert json.loads(info.value.read())["error"]["type"] == "invalid_request_error"


# -- Mistral ---------------------------------------------------------------------


@pytest.fixture
def mistral_server() -> Iterator[FakeChatServer]:
    with FakeChatServer(flavour="mistral", models=["mistral-small-latest"], api_key="m-key") as s:
        yield s


def _mistral(server: FakeChatServer, api_key: str = "m-key") -> ChatMistralAI:
    # Runtime also accepts endpoint=/model=/a plain str key (populate_by_name), but
    # mypy only knows the pydantic aliases base_url/model_name and a SecretStr.
    llm = ChatMistralAI(
        base_url=server.base_url,
        api_key=SecretStr(api_key),
        model_name="mistral-small-latest",
        max_retries=0,
    )
    _to_close.append(llm.client.close)
    return llm


def test_mistral_bind_tools_gets_tool_call(mistral_server: FakeChatServer) -> None:
    mistral_server.push(Reply(tool_calls=[WEATHER_CALL]))
    message = _mistral(mistral_server).bind_tools([WEATHER_TOOL]).invoke("Weather in Stuttgart?")

    (call,) = message.tool_calls
    assert call["name"] == "get_weather"
    assert call["args"] == {"city": "Stuttgart"}
    assert call["id"] is not None and len(call["id"]) == 9 and call["id"].isalnum()
    (request,) = mistral_server.chat_requests()
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer m-key"
    assert request.body is not None
    assert request.body["tools"][0]["function"]["name"] == "get_weather"
    assert request.body["stream"] is False


def test_mistral_streaming_content_and_whole_tool_call(mistral_server: FakeChatServer) -> None:
    mistral_server.push(Reply(content="Checking now", tool_calls=[WEATHER_CALL]))
    total: AIMessageChunk | None = None
    chunks = 0
    for chunk in _mistral(mistral_server).bind_tools([WEATHER_TOOL]).stream("Weather?"):
        assert isinstance(chunk, AIMessageChunk)
        total = chunk if total is None else total + chunk
        chunks += 1
    assert total is not None and chunks >= 4
    assert total.content == "Checking now"
    (call,) = total.tool_calls
    assert call["args"] == {"city": "Stuttgart"} and len(call["id"] or "") == 9
    assert total.usage_metadata is not None and total.usage_metadata["total_tokens"] == 18
    (request,) = mistral_server.chat_requests()
    assert request.body is not None and request.body["stream"] is True


def test_mistral_wrong_key_is_401(mistral_server: FakeChatServer) -> None:
    with pytest.raises(httpx.HTTPStatusError, match="401") as info:
        _mistral(mistral_server, api_key="wrong").invoke([HumanMessage("hi")])
    assert info.value.response.json() == {"detail": "Unauthorized"}


# -- Aleph Alpha -----------------------------------------------------------------


@pytest.fixture
def aleph_server() -> Iterator[FakeChatServer]:
    with FakeChatServer(
        flavour="aleph-alpha", models=["pharia-1-llm-7b-control"], api_key="aa"
    ) as s:
        yield s


def test_aleph_alpha_version_models_and_chat(aleph_server: FakeChatServer) -> None:
    aleph_server.push(Reply(content="Guten Tag"))
    client = _aleph(aleph_server, token="aa", nice=True, total_retries=0)

    client.validate_version()
    assert client.get_version() == ALEPH_ALPHA_API_VERSION
    assert [m["name"] for m in client.models()] == ["pharia-1-llm-7b-control"]
    response = client.chat(
        ChatRequest(
            model="pharia-1-llm-7b-control",
            messages=[Message(role=Role.User, content="Hallo")],
        ),
        model="pharia-1-llm-7b-control",
    )

    assert response.message.content == "Guten Tag"
    assert response.finish_reason == FinishReason.Stop
    (request,) = aleph_server.chat_requests()
    assert request.path == "/chat/completions?nice=true"
    assert request.headers["user-agent"].startswith("Aleph-Alpha-Python-Client-")
    assert request.body is not None and request.body["model"] == "pharia-1-llm-7b-control"


def test_aleph_alpha_chat_tool_calls(aleph_server: FakeChatServer) -> None:
    aleph_server.push(Reply(tool_calls=[WEATHER_CALL]))
    client = _aleph(aleph_server, token="aa", total_retries=0)
    response = client.chat(
        ChatRequest(
            model="pharia-1-llm-7b-control",
            messages=[Message(role=Role.User, content="Weather?")],
            tools=[WEATHER_TOOL],
        ),
        model="pharia-1-llm-7b-control",
    )
    assert response.finish_reason == FinishReason.ToolCalls
    (call,) = response.message.tool_calls or []
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Stuttgart"}
    assert aleph_server.chat_requests()[0].path == "/chat/completions"


def test_aleph_alpha_wrong_token_and_retry(aleph_server: FakeChatServer) -> None:
    with pytest.raises(PermissionError):
        _aleph(aleph_server, token="bad", total_retries=0).get_version()

    aleph_server.fail_next(503)
    client = _aleph(aleph_server, token="aa", total_retries=2)
    response = client.chat(
        ChatRequest(model="m", messages=[Message(role=Role.User, content="x")]), model="m"
    )
    assert response.message.content == "OK"
    assert len(aleph_server.chat_requests()) == 2  # urllib3 retried the 503 once


def test_aleph_alpha_async_streaming(aleph_server: FakeChatServer) -> None:
    aleph_server.push(Reply(content="Es ist sonnig", tool_calls=[WEATHER_CALL]))

    async def run() -> list[Any]:
        async with AsyncClient(token="aa", host=aleph_server.base_url, total_retries=0) as client:
            request = ChatRequest(
                model="m",
                messages=[Message(role=Role.User, content="Weather?")],
                tools=[WEATHER_TOOL],
            )
            return [item async for item in client.chat_with_streaming(request, model="m")]

    items = asyncio.run(run())
    text = "".join(i.content for i in items if isinstance(i, ChatStreamChunk))
    assert text == "Es ist sonnig"
    (call,) = [i for i in items if isinstance(i, ToolCall)]
    assert json.loads(call.function.arguments) == {"city": "Stuttgart"}
    assert items[-1] == FinishReason.ToolCalls
    assert not any(isinstance(i, Usage) for i in items)


# -- the server itself -----------------------------------------------------------


def test_stop_is_fast_even_with_open_keep_alive_connections() -> None:
    server = FakeChatServer()
    server.start()
    client = httpx.Client(base_url=server.base_url)  # keeps its connection open
    assert client.get("/models").json()["data"][0]["owned_by"] == "fake"
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 0.5
    client.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.base_url + "/models", timeout=1)


def test_unknown_flavour_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown flavour"):
        FakeChatServer(flavour="gemini")  # type: ignore[arg-type]
