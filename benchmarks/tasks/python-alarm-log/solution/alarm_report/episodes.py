"""Alarm log exports of the HMI -> alarm episodes (activation, clearing, acknowledgement).

The states follow ISA-18.2's alarm state model, reduced to what the export shows:
an episode is active and unacknowledged after COME, and is closed once it has
both gone (GO) and been acknowledged (ACK), in either order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

EVENTS = ("COME", "GO", "ACK")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
BYTE_ORDER_MARK = "\ufeff"


@dataclass
class AlarmEpisode:
    """One activation of an alarm, from COME until it has gone and been acknowledged."""

    alarm_id: str
    text: str
    came: datetime
    went: datetime | None = None
    acked: datetime | None = None

    @property
    def duration(self) -> timedelta | None:
        """How long the alarm was active; None while it still is."""
        return None if self.went is None else self.went - self.came

    @property
    def time_to_ack(self) -> timedelta | None:
        """How long the operators took to acknowledge; None if nobody did."""
        return None if self.acked is None else self.acked - self.came


@dataclass(frozen=True)
class LogProblem:
    """A line of the export that was skipped, and why."""

    line: int
    """1-based line number in the export."""
    kind: str
    """"malformed", "out_of_order" or "unexpected"."""
    message: str


@dataclass
class AlarmLog:
    episodes: list[AlarmEpisode] = field(default_factory=list)
    problems: list[LogProblem] = field(default_factory=list)


@dataclass(frozen=True)
class _Event:
    time: datetime
    alarm_id: str
    kind: str
    text: str


class _MalformedLineError(Exception):
    """A line that does not follow the export format."""


def parse_alarm_log(text: str) -> AlarmLog:
    log = AlarmLog()
    open_episodes: dict[str, AlarmEpisode] = {}
    last_time: datetime | None = None
    for number, line in enumerate(text.removeprefix(BYTE_ORDER_MARK).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            event = _parse_line(line)
        except _MalformedLineError as exc:
            log.problems.append(LogProblem(number, "malformed", str(exc)))
            continue
        if last_time is not None and event.time < last_time:
            message = f"{event.time} is earlier than the previous event ({last_time})"
            log.problems.append(LogProblem(number, "out_of_order", message))
            continue
        last_time = event.time
        unexpected = _apply(event, open_episodes, log.episodes)
        if unexpected:
            log.problems.append(LogProblem(number, "unexpected", unexpected))
    return log


def _parse_line(line: str) -> _Event:
    fields = line.split(";", 3)
    if len(fields) != 4:
        raise _MalformedLineError(f"expected 4 fields separated by ';', got {len(fields)}")
    stamp, alarm_id, kind, text = (part.strip() for part in fields)
    if not TIMESTAMP.fullmatch(stamp):
        raise _MalformedLineError(f"timestamp {stamp!r} is not YYYY-MM-DD HH:MM:SS.mmm")
    try:
        time = datetime.strptime(stamp, TIMESTAMP_FORMAT)
    except ValueError:
        raise _MalformedLineError(f"timestamp {stamp!r} is not a real date and time") from None
    if not alarm_id:
        raise _MalformedLineError("empty alarm id")
    if kind.upper() not in EVENTS:
        raise _MalformedLineError(f"unknown event {kind!r}")
    return _Event(time, alarm_id, kind.upper(), text)


def _apply(
    event: _Event, open_episodes: dict[str, AlarmEpisode], episodes: list[AlarmEpisode]
) -> str | None:
    """Apply ``event`` to its alarm's open episode; the problem, if it does not fit."""
    episode = open_episodes.get(event.alarm_id)
    if event.kind == "COME":
        if episode is not None and episode.went is None:
            return f"{event.alarm_id} came while it was still active"
        new = AlarmEpisode(event.alarm_id, event.text, event.time)
        open_episodes[event.alarm_id] = new
        episodes.append(new)
        return None
    if event.kind == "GO":
        if episode is None or episode.went is not None:
            return f"{event.alarm_id} went but was not active"
        episode.went = event.time
    else:
        if episode is None or episode.acked is not None:
            return f"{event.alarm_id} acknowledged but nothing to acknowledge"
        episode.acked = event.time
    if episode.went is not None and episode.acked is not None:
        del open_episodes[event.alarm_id]
    return None
