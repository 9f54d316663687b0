"""JSON-RPC as the specification has it: a request with bad params gets an error reply.

pygls turns a request whose params do not fit the LSP types into a popup
and never answers it, so a client waits forever for that id. Here the
request is answered with the JSON-RPC error (-32602 Invalid params) and
nothing else happens; the server goes on serving.
"""

from __future__ import annotations

import logging
from typing import Any

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

    def handle_message(self, message: Any) -> None:
        if isinstance(message, AnsweredAlready):
            return
        super().handle_message(message)
