"""A bare JSON-RPC connection to ``werk serve``, for sending what no client library would."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any


class RawConnection:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "werk.lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def send_bytes(self, body: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(json.dumps(message).encode())

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(self.process.stdout.read(length))
        return message

    def response_to(self, request_id: int) -> dict[str, Any]:
        """The response with ``request_id``, skipping notifications and server requests."""
        while True:
            message = self.receive()
            if message.get("id") == request_id and "method" not in message:
                return message
            if "method" in message and "id" in message:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
