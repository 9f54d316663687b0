"""One batch record of DB 120 (UDT_BatchRecord, 24 bytes, no padding).

Offset  Type           Name
0.0     DINT           nBatchNo
4.0     DATE_AND_TIME  dtStart
12.0    DATE_AND_TIME  dtEnd
20.0    TIME           tMixing
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import datetime, timedelta

from dblogger.s7_types import decode_dt, decode_time

RECORD_SIZE = 24


@dataclass(frozen=True)
class BatchRecord:
    batch_no: int
    start: datetime
    end: datetime
    mixing_time: timedelta


def read_record(block: bytes, offset: int) -> BatchRecord:
    """The record at ``offset`` of the data block's bytes."""
    raw = block[offset : offset + RECORD_SIZE]
    if len(raw) != RECORD_SIZE:
        raise ValueError(f"DB too short for a record at offset {offset}")
    (batch_no,) = struct.unpack(">i", raw[0:4])
    return BatchRecord(
        batch_no=batch_no,
        start=decode_dt(raw[4:12]),
        end=decode_dt(raw[12:20]),
        mixing_time=decode_time(raw[20:24]),
    )
