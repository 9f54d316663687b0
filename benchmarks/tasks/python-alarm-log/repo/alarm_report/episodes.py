"""Alarm log exports of the HMI -> alarm episodes (activation, clearing, acknowledgement)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


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


def parse_alarm_log(text: str) -> AlarmLog:
    raise NotImplementedError
