"""Polling loop: sends one request per PLC and block, waits for its reply."""

from __future__ import annotations

import socket
from dataclasses import dataclass

from line_gateway.modbus_tcp import Response, build_read_holding, check_reply

REPLY_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class PollBlock:
    """A block of holding registers the MES wants from one PLC."""

    host: str
    unit_id: int
    start: int
    count: int


def poll_block(block: PollBlock, transaction_id: int) -> Response:
    """Read one block; the transaction id lets us discard late replies of old requests."""
    request = build_read_holding(transaction_id, block.unit_id, block.start, block.count)
    with socket.create_connection((block.host, 502), timeout=REPLY_TIMEOUT_S) as conn:
        conn.sendall(request)
        header = _receive(conn, 6)
        length = int.from_bytes(header[4:6], "big")
        reply = header + _receive(conn, length)
    return check_reply(request, reply)


def _receive(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the PLC closed the connection")
        data += chunk
    return data
