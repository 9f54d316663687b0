"""Turn what client libraries raise into errors a user can act on.

The OpenAI SDK, httpx, requests and aiohttp each describe "nothing listens on
that port" or "wrong key" differently; users should see one message that says
what is wrong with *their* configuration and how to fix it.
"""

from __future__ import annotations

from werk.tools.errors import (
    AuthenticationError,
    EndpointUnreachableError,
    ModelError,
    ModelNotFoundError,
    WerkError,
)

UNREACHABLE_MARKERS = (
    "connection refused",
    "connecterror",
    "failed to establish",
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "timed out",
    "timeout",
    "connection error",
    "cannot connect",
    "max retries exceeded",
    "remote end closed",
    "server disconnected",
)


def status_of(exc: BaseException) -> int | None:
    for attr in ("status_code", "status"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    response = getattr(exc, "response", None)
    value = getattr(response, "status_code", None)
    if isinstance(value, int):
        return value
    if exc.args and isinstance(exc.args[0], int):  # aleph-alpha-client: (status, text)
        return exc.args[0]
    return None


def werk_error_in_chain(exc: BaseException) -> WerkError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, WerkError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def translate(exc: BaseException, *, endpoint: str | None, model: str, provider: str) -> WerkError:
    """The user-facing error for ``exc`` raised while calling a model."""
    inner = werk_error_in_chain(exc)
    if inner is not None:
        return inner
    where = endpoint or "the in-process model"
    status = status_of(exc)
    text = f"{type(exc).__name__}: {exc}"
    if status in (401, 403):
        return AuthenticationError(
            f"{where} rejected the credentials (HTTP {status})",
            hint="check that api_key_env names the right variable and that the key is valid "
            "for this endpoint",
        )
    if status == 404:
        return ModelNotFoundError(
            f"{where} answered 404 for model {model!r}: {_short(exc)}",
            hint="run `werk models check` to list the models the endpoint serves and to check "
            "the base URL (OpenAI-compatible servers usually end in /v1)",
        )
    if status is not None:
        return ModelError(f"{provider} request to {where} failed with HTTP {status}: {_short(exc)}")
    lowered = text.lower()
    if any(marker in lowered for marker in UNREACHABLE_MARKERS):
        return EndpointUnreachableError(
            f"cannot reach {where}: {_short(exc)}",
            hint="is the model server running? start it, or fix base_url in the model profile; "
            "`werk models check` diagnoses it",
        )
    return ModelError(f"{provider} request to {where} failed: {text}")


def _short(exc: BaseException, limit: int = 300) -> str:
    text = str(exc).strip().replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
