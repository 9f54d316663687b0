"""JSON-RPC as the specification has it, and diagnostics as plain JSON.

pygls turns a request whose params do not fit the LSP types into a popup
and never answers it, so a client waits forever for that id. Here the
request is answered with the JSON-RPC error (-32602 Invalid params) and
nothing else happens; the server goes on serving.

Diagnostics are built as JSON objects (``diagnostics.py``): a large file has
thousands, and building them as lsprotocol classes and unstructuring them
with cattrs took four times as long as the dictionaries.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)


class AnsweredAlready:
    """Stands in for a request that was answered with an error while being read."""

    jsonrpc = "answered"


class WerkProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "id" not in data or "method" not in data:
                raise
            log.warning("request %s (%s) refused: %s", data["id"], data["method"], exc)
            self._send_response(data["id"], error=exc.to_response_error())
            return AnsweredAlready()

    @lru_cache  # noqa: B019 - as the method it overrides; one protocol per server
    def get_message_type(self, method: str) -> type[Any] | None:
        if method == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            return None  # sent as plain JSON: see the module's docstring
        return super().get_message_type(method)

    def handle_message(self, message: Any) -> None:
        if isinstance(message, AnsweredAlready):
            return
        super().handle_message(message)
