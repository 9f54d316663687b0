"""A real loopback HTTP server that speaks three chat-completion dialects.

Why a real server and not mocks: the model providers in werk are thin layers over
third-party clients (the ``openai`` SDK, ``langchain-mistralai``, the official
``aleph-alpha-client``).  Their bugs live in the seams (URLs, headers, retries,
stream framing, tool-call encoding), which mocks or patched clients would hide.
This server is driven over TCP by the unmodified client libraries, so a test that
passes here exercises the same code path as production, only with scripted answers.

Dialects (``flavour``):

* ``"openai"``: ``GET {prefix}/models``, ``POST {prefix}/chat/completions`` with
  optional Server-Sent Events streaming in OpenAI's framing (tool-call arguments
  streamed in pieces, optional usage chunk, ``data: [DONE]``).
* ``"mistral"``: the same paths, but tool-call ids are 9 alphanumeric characters,
  streamed tool calls arrive whole in one delta and usage rides on the last chunk.
* ``"aleph-alpha"``: ``GET /version``, ``GET /models_available``,
  ``POST /chat/completions`` (no ``/v1``; the client may add ``?nice=true``).

Only the standard library is used, so the fake cannot share a bug with the
HTTP stacks of the clients it is testing.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import socket
import string
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, cast
from urllib.parse import urlsplit

Flavour = Literal["openai", "mistral", "aleph-alpha"]
FLAVOURS: tuple[Flavour, ...] = ("openai", "mistral", "aleph-alpha")

#: What ``GET /version`` answers in the Aleph Alpha dialect.  The client accepts a
#: version only if it has the same major as, and is not older than, its
#: ``MIN_API_VERSION`` (1.19.0 for aleph-alpha-client 11.5), so "1.0.0" would fail.
ALEPH_ALPHA_API_VERSION = "1.24.0"

_ALNUM = string.ascii_letters + string.digits

# status -> (OpenAI-style error type, error code, default message)
_ERRORS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Bad request"),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided"),
    403: ("permission_error", None, "Forbidden"),
    404: ("invalid_request_error", "not_found", "Not found"),
    408: ("timeout", None, "Request timed out"),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached"),
    500: ("server_error", None, "The server had an error while processing your request"),
    502: ("server_error", None, "Bad gateway"),
    503: ("server_error", None, "The engine is currently overloaded, please try again later"),
    504: ("server_error", None, "Gateway timeout"),
}

#: Statuses on which a real API asks the client to come back later.
_RETRY_AFTER_STATUSES = frozenset({429, 503})


@dataclass
class Reply:
    """One scripted answer of the fake model.

    ``tool_calls`` entries are ``{"name": str, "arguments": dict | str}`` plus an
    optional ``"id"``; a ``str`` ``arguments`` is sent verbatim so tests can feed
    malformed JSON to the provider.  A non-200 ``status`` turns the reply into an
    error response in the flavour's error shape, carrying ``error_message``.
    ``finish_reason`` overrides the derived one ("tool_calls" if there are tool
    calls, else "stop"), e.g. "length" to simulate truncation; ``delay`` (seconds)
    is slept before answering, to exercise client timeouts.
    """

    content: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    error_message: str = ""
    prompt_tokens: int = 11
    completion_tokens: int = 7
    finish_reason: str | None = None
    delay: float = 0.0


@dataclass
class RecordedRequest:
    """A request exactly as the server received it, for assertions in tests.

    ``path`` is the raw request target including any query string (e.g.
    ``/chat/completions?nice=true``); ``headers`` keys are lower-cased because
    HTTP header names are case-insensitive and clients differ in spelling;
    ``body`` is the parsed JSON body, or None if there was none or it was not JSON.
    """

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    raw_body: bytes

    @property
    def route(self) -> str:
        """The path without its query string, which is what routing looks at."""
        return urlsplit(self.path).path


class FakeChatServer:
    """A chat-completion API on 127.0.0.1 with scripted replies.

    Use it as a context manager: the socket is bound in ``__init__`` (so
    ``base_url`` is valid at once), serving starts on ``__enter__`` in a daemon
    thread and stops on ``__exit__``.  Chat requests consume, in this order, the
    statuses queued by :meth:`fail_next`, then the replies queued by :meth:`push`,
    then fall back to ``default_reply``.  Authentication (if ``api_key`` is set) is
    checked before any of that, and failed requests consume nothing.

    On 429 and 503 responses the server sends ``retry-after-ms: <retry_after_ms>``
    and ``Retry-After: <whole seconds, rounded down>`` so that clients which honour
    them (openai SDK, urllib3 in aleph-alpha-client) retry at once instead of
    sleeping through their default backoff; ``retry_after_ms=None`` omits both.
    """

    def __init__(
        self,
        flavour: Flavour = "openai",
        models: Iterable[str] = ("fake-model",),
        prefix: str | None = None,
        api_key: str | None = None,
        replies: Iterable[Reply] = (),
        default_reply: Reply | None = None,
        retry_after_ms: int | None = 1,
    ) -> None:
        if flavour not in FLAVOURS:
            raise ValueError(f"unknown flavour {flavour!r}; expected one of {FLAVOURS}")
        self.flavour: Flavour = flavour
        self.models: list[str] = list(models)
        if prefix is None:
            prefix = "" if flavour == "aleph-alpha" else "/v1"
        self.prefix = prefix.rstrip("/")
        self.api_key = api_key
        self.default_reply = default_reply if default_reply is not None else Reply(content="OK")
        self.retry_after_ms = retry_after_ms
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._replies: deque[Reply] = deque(replies)
        self._failures: deque[int] = deque()
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread: threading.Thread | None = None
        host, port = self._httpd.server_address[:2]
        self.base_url = f"http://{host!s}:{port}{self.prefix}"

    # -- scripting ---------------------------------------------------------------

    def push(self, *replies: Reply) -> None:
        """Queue replies for the next chat requests (FIFO)."""
        with self._lock:
            self._replies.extend(replies)

    def fail_next(self, *statuses: int) -> None:
        """Make the next ``len(statuses)`` chat requests fail with these statuses.

        Meant for retry tests: e.g. ``fail_next(429, 503)`` then a client with
        ``max_retries >= 2`` should still get the next scripted reply.
        """
        with self._lock:
            self._failures.extend(statuses)

    def chat_requests(self) -> list[RecordedRequest]:
        """The recorded ``POST .../chat/completions`` requests, in order."""
        with self._lock:
            return [
                r
                for r in self.requests
                if r.method == "POST" and r.route == f"{self.prefix}/chat/completions"
            ]

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        """Start serving in a daemon thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"FakeChatServer-{self.flavour}",
                daemon=True,
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop serving, drop open keep-alive connections and free the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.close_connections()
        self._httpd.server_close()

    def __enter__(self) -> FakeChatServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals used by the handler -----------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_reply(self) -> Reply:
        with self._lock:
            if self._failures:
                return Reply(status=self._failures.popleft())
            if self._replies:
                return self._replies.popleft()
            return self.default_reply


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that is quiet and can cut its open connections.

    Clients keep connections alive between requests; without closing them on
    stop, handler threads would linger blocked in ``recv`` after the test ends.
    """

    daemon_threads = True
    fake: FakeChatServer

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed by the peer
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Swallow errors such as a client hanging up mid-stream (no stderr noise)."""


class _Handler(BaseHTTPRequestHandler):
    """Routes one request; HTTP/1.1 so clients can reuse connections."""

    protocol_version = "HTTP/1.1"
    timeout = 10  # an idle keep-alive connection must not pin a thread forever

    @property
    def fake(self) -> FakeChatServer:
        return cast(_HTTPServer, self.server).fake

    def version_string(self) -> str:
        return "FakeChatServer/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default per-request logging to stderr."""

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    # -- routing -----------------------------------------------------------------

    def _handle(self) -> None:
        raw = self._read_body()
        body: dict[str, Any] | None = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
            body = parsed if isinstance(parsed, dict) else None
        fake = self.fake
        request = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            raw_body=raw,
        )
        fake._record(request)

        if fake.api_key is not None and request.headers.get("authorization") != (
            f"Bearer {fake.api_key}"
        ):
            self._send_error(401)
            return

        route, prefix = request.route, fake.prefix
        if fake.flavour == "aleph-alpha":
            if self.command == "GET" and route == f"{prefix}/version":
                self._send(200, ALEPH_ALPHA_API_VERSION.encode(), "text/plain; charset=utf-8")
                return
            if self.command == "GET" and route == f"{prefix}/models_available":
                self._send_json(200, [_aleph_model(m) for m in fake.models])
                return
        elif self.command == "GET" and route == f"{prefix}/models":
            self._send_json(
                200,
                {
                    "object": "list",
                    "data": [
                        {"id": m, "object": "model", "created": 1700000000, "owned_by": "fake"}
                        for m in fake.models
                    ],
                },
            )
            return
        if self.command == "POST" and route == f"{prefix}/chat/completions":
            self._chat(body, raw)
            return
        self._send_error(404, f"Unknown {self.command} {route}")

    def _chat(self, body: dict[str, Any] | None, raw: bytes) -> None:
        if body is None:
            self._send_error(400, "Request body must be a JSON object" if raw else "Empty body")
            return
        reply = self.fake._next_reply()
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != 200:
            self._send_error(reply.status, reply.error_message or None)
            return
        model = str(body.get("model") or (self.fake.models[0] if self.fake.models else "fake"))
        if body.get("stream"):
            options = body.get("stream_options") or {}
            self._send_sse(
                _chunks(self.fake.flavour, reply, model, bool(options.get("include_usage")))
            )
        else:
            self._send_json(200, _completion(self.fake.flavour, reply, model))

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()  # CRLF after each chunk
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    # -- responses ---------------------------------------------------------------

    def _send(
        self, status: int, payload: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()

    def _send_json(self, status: int, obj: Any, extra: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(obj).encode(), "application/json", extra)

    def _send_error(self, status: int, message: str | None = None) -> None:
        fake = self.fake
        extra: dict[str, str] = {}
        if status in _RETRY_AFTER_STATUSES and fake.retry_after_ms is not None:
            extra["retry-after-ms"] = str(fake.retry_after_ms)
            extra["Retry-After"] = str(fake.retry_after_ms // 1000)
        self._send_json(status, _error_body(fake.flavour, status, message), extra)

    def _send_sse(self, events: Iterator[dict[str, Any] | str]) -> None:
        """Stream events with chunked transfer encoding, one HTTP chunk per event."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for event in events:
            data = event if isinstance(event, str) else json.dumps(event)
            frame = f"data: {data}\n\n".encode()
            self.wfile.write(f"{len(frame):x}\r\n".encode() + frame + b"\r\n")
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


# -- payload builders ------------------------------------------------------------


def _new_id(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(_ALNUM) for _ in range(length))


def _tool_call_id(flavour: Flavour) -> str:
    """Mistral rejects (and langchain-mistralai rewrites) ids that are not 9 alnum chars."""
    if flavour == "mistral":
        return _new_id("", 9)
    if flavour == "aleph-alpha":
        return _new_id("chatcmpl-tool-", 32)
    return _new_id("call_", 24)


def _tool_calls(flavour: Flavour, reply: Reply) -> list[dict[str, Any]]:
    """Normalise ``Reply.tool_calls`` into wire format with ids and string arguments."""
    calls = []
    for index, call in enumerate(reply.tool_calls):
        arguments = call.get("arguments", {})
        calls.append(
            {
                "index": index,
                "id": str(call.get("id") or _tool_call_id(flavour)),
                "type": "function",
                "function": {
                    "name": call["name"],
                    "arguments": arguments if isinstance(arguments, str) else json.dumps(arguments),
                },
            }
        )
    return calls


def _finish_reason(reply: Reply) -> str:
    if reply.finish_reason is not None:
        return reply.finish_reason
    return "tool_calls" if reply.tool_calls else "stop"


def _usage(reply: Reply) -> dict[str, int]:
    return {
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": reply.prompt_tokens + reply.completion_tokens,
    }


def _completion(flavour: Flavour, reply: Reply, model: str) -> dict[str, Any]:
    """A non-streamed ``chat.completion`` object."""
    calls = _tool_calls(flavour, reply)
    if flavour == "openai":
        for call in calls:
            del call["index"]  # OpenAI has no index outside streaming
    # OpenAI sends null content next to tool calls; Mistral and Aleph Alpha send "".
    content: str | None = reply.content
    if flavour == "openai" and calls and not reply.content:
        content = None
    return {
        "id": _new_id("chatcmpl-", 24),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content,
                    "tool_calls": calls or None,
                },
                "finish_reason": _finish_reason(reply),
                "logprobs": None,
            }
        ],
        "usage": _usage(reply),
    }


def _split_words(text: str) -> list[str]:
    """Split into word-sized deltas that concatenate back to ``text`` exactly."""
    return [piece for piece in re.split(r"(?<=\s)(?=\S)", text) if piece]


def _chunks(
    flavour: Flavour, reply: Reply, model: str, include_usage: bool
) -> Iterator[dict[str, Any] | str]:
    """The SSE events of a streamed completion, ending with the ``[DONE]`` sentinel."""
    base: dict[str, Any] = {
        "id": _new_id("chatcmpl-", 24),
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }
    # OpenAI marks every chunk with usage: null once usage was requested.
    usage_marker = {"usage": None} if flavour != "mistral" and include_usage else {}

    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}
        return {**base, "choices": [choice], **usage_marker}

    yield chunk({"role": "assistant", "content": ""})
    for word in _split_words(reply.content):
        yield chunk({"content": word})
    for call in _tool_calls(flavour, reply):
        if flavour == "mistral":
            yield chunk({"content": "", "tool_calls": [call]})
            continue
        arguments = call["function"]["arguments"]
        cut = max(1, len(arguments) // 2)
        head = {**call, "function": {"name": call["function"]["name"], "arguments": ""}}
        yield chunk({"tool_calls": [head]})
        for piece in (arguments[:cut], arguments[cut:]):
            yield chunk(
                {"tool_calls": [{"index": call["index"], "function": {"arguments": piece}}]}
            )
    final = chunk({"content": ""} if flavour == "mistral" else {}, _finish_reason(reply))
    if flavour == "mistral":
        final["usage"] = _usage(reply)  # Mistral always reports usage on the last chunk
    yield final
    if include_usage and flavour != "mistral":
        yield {**base, "choices": [], "usage": _usage(reply)}
    yield "[DONE]"


def _aleph_model(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "description": "Fake model served by FakeChatServer",
        "max_context_size": 8192,
        "hostings": ["aleph-alpha"],
        "image_support": False,
        "qa_support": False,
        "summarization_support": False,
        "embedding_types": [],
        "maximum_completion_tokens": 4096,
        "aligned": True,
        "chat_support": True,
        "completion_type": "full",
        "embedding_type": None,
        "prompt_template": "{% promptrange instruction %}{{instruction}}{% endpromptrange %}",
    }


def _error_body(flavour: Flavour, status: int, message: str | None) -> dict[str, Any]:
    """An error payload shaped like the real API of ``flavour``."""
    kind, code, default = _ERRORS.get(status, ("api_error", None, f"HTTP {status}"))
    text = message or default
    if flavour == "mistral":
        if status == 401:
            return {"detail": message or "Unauthorized"}
        return {"object": "error", "message": text, "type": kind, "param": None, "code": code}
    if flavour == "aleph-alpha":
        return {"error": text, "code": (code or kind).upper()}
    return {"error": {"message": text, "type": kind, "param": None, "code": code}}
