"""Hidden checks of the alarm log parser (episodes, problems with line numbers)."""

from datetime import datetime, timedelta

from alarm_report.episodes import AlarmLog, parse_alarm_log


def at(clock: str) -> datetime:
    return datetime.strptime(f"2026-11-26 {clock}", "%Y-%m-%d %H:%M:%S.%f")


def problems_of(log: AlarmLog) -> list[tuple[int, str]]:
    return [(problem.line, problem.kind) for problem in log.problems]


def test_come_ack_go_makes_one_closed_episode() -> None:
    log = parse_alarm_log(
        "2026-11-26 06:14:03.120;ALM_1042;COME;T101 level high\n"
        "2026-11-26 06:14:09.500;ALM_1042;ACK;\n"
        "2026-11-26 06:15:40.000;ALM_1042;GO;\n"
    )
    assert log.problems == []
    [episode] = log.episodes
    assert episode.alarm_id == "ALM_1042"
    assert episode.text == "T101 level high"
    assert (episode.came, episode.acked, episode.went) == (
        at("06:14:03.120"),
        at("06:14:09.500"),
        at("06:15:40.000"),
    )
    assert episode.duration == timedelta(seconds=96, milliseconds=880)
    assert episode.time_to_ack == timedelta(seconds=6, milliseconds=380)


def test_hmi_export_with_bom_crlf_and_semicolon_in_text() -> None:
    text = (
        "\ufeff2026-11-26 06:20:00.250;ALM_2001;COME;M201 overload; drive tripped\r\n"
        "2026-11-26 06:20:31.000 ; ALM_2001 ; go ;\r\n"
        "\r\n"
        "# shift change\r\n"
        "2026-11-26 06:22:10.000;ALM_2001;Ack;\r\n"
        "2026-11-26 06:23:00.000;ALM_2001;COME;  M201 overload  \r\n"
    )
    log = parse_alarm_log(text)
    assert log.problems == []
    first, second = log.episodes
    assert first.alarm_id == "ALM_2001"
    assert first.text == "M201 overload; drive tripped"
    assert first.went == at("06:20:31.000")
    assert first.acked == at("06:22:10.000")
    assert first.time_to_ack == timedelta(minutes=2, seconds=9, milliseconds=750)
    assert second.alarm_id == "ALM_2001"
    assert second.text == "M201 overload"
    assert second.went is None and second.acked is None
    assert second.duration is None and second.time_to_ack is None


def test_interleaved_alarms_and_open_episodes() -> None:
    log = parse_alarm_log(
        "2026-11-26 08:00:00.000;A;COME;a\n"
        "2026-11-26 08:00:01.000;B;COME;b\n"
        "2026-11-26 08:00:02.000;A;GO;\n"
        "2026-11-26 08:00:03.000;B;ACK;\n"
        "2026-11-26 08:00:04.000;C;COME;c\n"
        "2026-11-26 08:00:05.000;A;ACK;\n"
    )
    assert log.problems == []
    assert [e.alarm_id for e in log.episodes] == ["A", "B", "C"]
    a, b, c = log.episodes
    assert (a.went, a.acked) == (at("08:00:02.000"), at("08:00:05.000"))
    assert (b.went, b.acked) == (None, at("08:00:03.000"))
    assert (c.went, c.acked) == (None, None)


def test_come_after_unacknowledged_go_closes_the_old_episode() -> None:
    log = parse_alarm_log(
        "2026-11-26 09:00:00.000;ALM_7;COME;first\n"
        "2026-11-26 09:00:10.000;ALM_7;GO;\n"
        "2026-11-26 09:01:00.000;ALM_7;COME;second\n"
        "2026-11-26 09:01:05.000;ALM_7;ACK;\n"
        "2026-11-26 09:01:06.000;ALM_7;ACK;\n"
        "2026-11-26 09:02:00.000;ALM_7;GO;\n"
    )
    first, second = log.episodes
    assert (first.text, first.went, first.acked) == ("first", at("09:00:10.000"), None)
    assert (second.text, second.acked, second.went) == (
        "second",
        at("09:01:05.000"),
        at("09:02:00.000"),
    )
    assert problems_of(log) == [(5, "unexpected")]


def test_unexpected_events_are_reported_and_ignored() -> None:
    text = (
        "2026-11-26 10:00:00.000;X;GO;\n"  # 1: never came
        "2026-11-26 10:00:01.000;X;ACK;\n"  # 2: nothing to acknowledge
        "2026-11-26 10:00:02.000;X;COME;x high\n"
        "2026-11-26 10:00:03.000;X;COME;x high again\n"  # 4: still active
        "2026-11-26 10:00:04.000;X;ACK;\n"
        "2026-11-26 10:00:05.000;X;ACK;\n"  # 6: already acknowledged
        "2026-11-26 10:00:06.000;X;GO;\n"
        "2026-11-26 10:00:07.000;X;GO;\n"  # 8: closed, not active
    )
    log = parse_alarm_log(text)
    assert problems_of(log) == [(n, "unexpected") for n in (1, 2, 4, 6, 8)]
    [episode] = log.episodes
    assert episode.text == "x high"
    assert (episode.acked, episode.went) == (at("10:00:04.000"), at("10:00:06.000"))


def test_malformed_lines_have_their_line_numbers() -> None:
    text = "\n".join(
        [
            "# export",  # 1
            "2026-11-26 11:00:00.000;ALM_1;COME;ok",  # 2
            "2026-11-26 11:00:01.000;ALM_1;GO",  # 3: three fields
            "2026-11-26 11:00:02;ALM_1;GO;",  # 4: no milliseconds
            "2026-11-26T11:00:03.000;ALM_1;GO;",  # 5: ISO 'T'
            "2026-11-31 11:00:04.000;ALM_1;GO;",  # 6: 31 November
            "2026-11-26 25:00:05.000;ALM_1;GO;",  # 7: hour 25
            "2026-11-26 11:00:06.000;ALM_1;CLEAR;",  # 8: unknown event
            "2026-11-26 11:00:07.000; ;GO;",  # 9: empty id
            "",  # 10
            "garbage",  # 11
            "2026-11-26 11:00:08.0000;ALM_1;GO;",  # 12: four fraction digits
            "2026-11-26 11:00:09.000;ALM_1;GO;",  # 13
        ]
    )
    log = parse_alarm_log(text)
    assert problems_of(log) == [(n, "malformed") for n in (3, 4, 5, 6, 7, 8, 9, 11, 12)]
    [episode] = log.episodes
    assert episode.went == at("11:00:09.000")


def test_out_of_order_lines_are_skipped() -> None:
    text = (
        "2026-11-26 12:00:00.000;P;COME;p\n"
        "2026-11-26 12:00:05.000;Q;COME;q\n"
        "2026-11-26 12:00:04.999;P;GO;\n"  # 3: earlier than line 2
        "2026-11-26 12:00:05.000;P;ACK;\n"  # same time as line 2: fine
        "2026-11-26 12:00:06.000;P;GO;\n"
    )
    log = parse_alarm_log(text)
    assert problems_of(log) == [(3, "out_of_order")]
    p, q = log.episodes
    assert (p.acked, p.went) == (at("12:00:05.000"), at("12:00:06.000"))
    assert q.went is None


def test_malformed_line_does_not_move_the_clock() -> None:
    text = (
        "2026-11-26 13:00:00.000;R;COME;r\n"
        "2026-11-26 13:30:00.000;R;BOGUS;\n"  # 2: malformed, its time does not count
        "2026-11-26 13:00:01.000;R;GO;\n"
    )
    log = parse_alarm_log(text)
    assert problems_of(log) == [(2, "malformed")]
    assert log.episodes[0].went == at("13:00:01.000")


def test_empty_export() -> None:
    log = parse_alarm_log("\ufeff")
    assert log.episodes == [] and log.problems == []
    assert problems_of(parse_alarm_log("")) == []
