"""The endpoint allowlist: which hosts a model request may reach.

Checked before any socket is opened, both when a model is built and on every
request that goes through werk's HTTP transport, so a redirect, a plug-in or a
mistyped base URL cannot send code to a host the user did not approve.

Entries: ``host`` (any port), ``host:port``, ``*.domain`` (the domain's
sub-hosts) or a URL prefix (``https://gateway.example/v1/``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from werk.tools.errors import EndpointNotAllowedError


@dataclass(frozen=True)
class EndpointAllowlist:
    entries: tuple[str, ...]

    @classmethod
    def of(cls, entries: Sequence[str]) -> EndpointAllowlist:
        return cls(tuple(entry.strip() for entry in entries if entry.strip()))

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host:
            return False
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
        return any(_matches(entry, url, host, port) for entry in self.entries)

    def check(self, url: str) -> None:
        if self.allows(url):
            return
        host = urlsplit(url).hostname or url
        shown = ", ".join(self.entries) or "(empty)"
        raise EndpointNotAllowedError(
            f"refusing to contact {url}: host {host!r} is not in "
            f"sovereignty.allowed_endpoints [{shown}]",
            hint=(
                f"if code may be sent there, add {host!r} to [sovereignty] allowed_endpoints "
                "in werk.toml"
            ),
        )


def _matches(entry: str, url: str, host: str, port: int | None) -> bool:
    lowered = entry.lower()
    if "://" in lowered:
        return url.lower().startswith(lowered)
    if lowered.startswith("*."):
        return host.endswith(lowered[1:])
    if lowered.startswith("[") or lowered.count(":") > 1:  # IPv6, maybe "[::1]:8000"
        bare, _, entry_port = lowered.strip("[").partition("]")
        if bare != host:
            return False
        return not entry_port or entry_port.lstrip(":") == str(port)
    name, _, entry_port = lowered.partition(":")
    if name != host:
        return False
    return not entry_port or entry_port == str(port)
