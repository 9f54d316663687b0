"""Endpoint allowlist matching."""

from __future__ import annotations

import httpx
import pytest

from werk.agent.models.allowlist import EndpointAllowlist
from werk.agent.models.http import guarded_client
from werk.tools.errors import EndpointNotAllowedError


@pytest.mark.parametrize(
    ("entry", "url", "allowed"),
    [
        ("localhost", "http://localhost:8000/v1", True),
        ("localhost", "http://LOCALHOST/v1", True),
        ("127.0.0.1", "http://127.0.0.2:8000/v1", False),
        ("gpu01:8000", "http://gpu01:8000/v1", True),
        ("gpu01:8000", "http://gpu01:8001/v1", False),
        ("api.mistral.ai", "https://api.mistral.ai/v1", True),
        ("api.mistral.ai:443", "https://api.mistral.ai/v1", True),
        ("*.example.com", "https://llm.example.com/v1", True),
        ("*.example.com", "https://example.com.evil.net/v1", False),
        ("*.example.com", "https://evilexample.com/v1", False),
        ("https://gw.example/plant-a/", "https://gw.example/plant-a/v1", True),
        ("https://gw.example/plant-a/", "https://gw.example/plant-b/v1", False),
        ("::1", "http://[::1]:8000/v1", True),
        ("[::1]:8000", "http://[::1]:8000/v1", True),
        ("[::1]:8000", "http://[::1]:9000/v1", False),
        ("localhost", "not a url", False),
    ],
)
def test_matching(entry: str, url: str, allowed: bool) -> None:
    assert EndpointAllowlist.of([entry]).allows(url) is allowed


def test_refusal_names_host_and_fix() -> None:
    with pytest.raises(EndpointNotAllowedError) as info:
        EndpointAllowlist.of(["localhost"]).check("https://api.example.com/v1")
    assert "'api.example.com'" in info.value.message
    assert info.value.hint is not None and "allowed_endpoints" in info.value.hint


def test_transport_refuses_before_opening_a_socket(closed_port: int) -> None:
    # 127.0.0.2 is not allowed; a refused connection would raise ConnectError instead.
    client = guarded_client(EndpointAllowlist.of(["127.0.0.1"]), timeout=2)
    with pytest.raises(EndpointNotAllowedError):
        client.get(f"http://127.0.0.2:{closed_port}/v1/models")
    with pytest.raises(httpx.ConnectError):
        client.get(f"http://127.0.0.1:{closed_port}/v1/models")
