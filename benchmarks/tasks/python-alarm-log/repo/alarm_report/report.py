"""The shift report: per alarm id, how often it came, its active time and the
operators' mean time to acknowledge."""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from alarm_report.episodes import AlarmEpisode, parse_alarm_log


def summarize(episodes: list[AlarmEpisode]) -> list[str]:
    by_alarm: dict[str, list[AlarmEpisode]] = defaultdict(list)
    for episode in episodes:
        by_alarm[episode.alarm_id].append(episode)
    lines = []
    for alarm_id, group in sorted(by_alarm.items(), key=lambda item: -len(item[1])):
        active = sum((e.duration for e in group if e.duration is not None), timedelta())
        acks = [e.time_to_ack for e in group if e.time_to_ack is not None]
        mean_ack = sum(acks, timedelta()) / len(acks) if acks else None
        lines.append(f"{alarm_id:<12} {len(group):>4}x  active {active}  ack {mean_ack}")
    return lines


def main(path: str) -> int:
    log = parse_alarm_log(Path(path).read_text(encoding="utf-8"))
    for line in summarize(log.episodes):
        print(line)
    for problem in log.problems:
        print(f"{path}:{problem.line}: {problem.kind}: {problem.message}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
