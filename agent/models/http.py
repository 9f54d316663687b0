"""HTTP clients for providers, with the allowlist enforced on every request.

Providers built on httpx (OpenAI-compatible, Mistral) get their clients from
here. The transport checks each request's URL against the allowlist before
the connection pool is touched, so nothing, not even a redirect, reaches a
host the user did not approve. Where a client library has no retry of its own
for HTTP 429 and 5xx (langchain-mistralai), the transport retries with
exponential backoff, honouring ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from werk.agent.models.allowlist import EndpointAllowlist

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_BACKOFF_S = 20.0


def backoff_delay(attempt: int, response: httpx.Response, base_s: float) -> float:
    retry_after = response.headers.get("retry-after")
    if retry_after:
        try:
            return min(float(retry_after), MAX_BACKOFF_S)
        except ValueError:
            pass
    return min(base_s * 2**attempt, MAX_BACKOFF_S)


class GuardedTransport(httpx.BaseTransport):
    def __init__(
        self, allowlist: EndpointAllowlist, *, retries: int = 0, backoff_s: float = 0.5
    ) -> None:
        self.allowlist = allowlist
        self.retries = retries
        self.backoff_s = backoff_s
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.allowlist.check(str(request.url))
        for attempt in range(self.retries + 1):
            response = self.inner.handle_request(request)
            if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                return response
            response.read()
            response.close()
            time.sleep(backoff_delay(attempt, response, self.backoff_s))
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.inner.close()


class AsyncGuardedTransport(httpx.AsyncBaseTransport):
    def __init__(
        self, allowlist: EndpointAllowlist, *, retries: int = 0, backoff_s: float = 0.5
    ) -> None:
        self.allowlist = allowlist
        self.retries = retries
        self.backoff_s = backoff_s
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.allowlist.check(str(request.url))
        for attempt in range(self.retries + 1):
            response = await self.inner.handle_async_request(request)
            if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                return response
            await response.aread()
            await response.aclose()
            await asyncio.sleep(backoff_delay(attempt, response, self.backoff_s))
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        await self.inner.aclose()


def guarded_client(
    allowlist: EndpointAllowlist,
    *,
    timeout: float,
    retries: int = 0,
    base_url: str = "",
    headers: dict[str, str] | None = None,
) -> httpx.Client:
    return httpx.Client(
        transport=GuardedTransport(allowlist, retries=retries),
        timeout=timeout,
        base_url=base_url,
        headers=headers,
    )


def guarded_async_client(
    allowlist: EndpointAllowlist,
    *,
    timeout: float,
    retries: int = 0,
    base_url: str = "",
    headers: dict[str, str] | None = None,
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=AsyncGuardedTransport(allowlist, retries=retries),
        timeout=timeout,
        base_url=base_url,
        headers=headers,
    )
