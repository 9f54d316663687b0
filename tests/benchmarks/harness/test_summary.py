"""The Markdown summary: its tables, row by row, on the hand-made records of test_tables."""

from __future__ import annotations

from tests.benchmarks.harness.test_tables import RECORDS, _record
from werk.benchmarks.harness import render_summary


def _section(markdown: str, heading: str) -> list[str]:
    """The lines under ``## heading`` up to the next heading, without blank lines."""
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("#")), len(lines))
    return [line for line in lines[start:end] if line]


def test_overview_with_n() -> None:
    markdown = render_summary(RECORDS, samples=2)
    lines = markdown.splitlines()
    assert lines[2] == (
        "| model | tasks | attempts | pass@1 | tokens | time (s) | cost "
        "| defective properties | n |"
    )
    assert lines[4] == "| a | 3 | 6 | 50.0 % | 600 | 0.0 | n/a | 1 | 2 |"
    assert lines[5] == "| b | 3 | 6 | 50.0 % | 0 | 9.0 | 3.0000 | 0 | 2 |"
    assert "unbiased estimator" in markdown


def test_pass_at_1_by_category_and_by_difficulty() -> None:
    markdown = render_summary(RECORDS, samples=2)
    assert _section(markdown, "By category (pass@1)") == [
        "| model | implement | fix |",
        "|---|---|---|",
        "| a | 0.0 % | 75.0 % |",
        "| b | 50.0 % | 50.0 % |",
    ]
    assert _section(markdown, "By difficulty (pass@1)") == [
        "| model | easy | medium | hard |",
        "|---|---|---|---|",
        "| a | 50.0 % | 100.0 % | 0.0 % |",
        "| b | 100.0 % | 0.0 % | 50.0 % |",
    ]


def test_failures_defects_and_tasks() -> None:
    markdown = render_summary(RECORDS, samples=2)
    assert _section(markdown, "Failures") == [
        "- a: did_not_compile 1, failed_tests 1, budget 1",
        "- b: failed_tests 1, violated_property 1, crash 1",
    ]
    defects = _section(markdown, "Defective properties (the benchmark's fault, not counted)")
    assert defects[2] == "| t3 | t3.props.yaml::never both | unknown variable bFoo | a |"
    assert _section(markdown, "By task")[2:] == [
        "| t1 | fix | easy | 1/2 | 2/2 |",
        "| t2 | implement | hard | 0/2 | 1/2 |",
        "| t3 | fix | medium | 2/2 | 0/2 |",
    ]


def test_no_defective_section_without_defects() -> None:
    markdown = render_summary([_record("a", "t1", 0, None)], samples=1)
    assert "Defective properties" not in markdown
    assert _section(markdown, "By category (pass@1)")[-1] == "| a | 100.0 % |"


def test_a_pipe_in_a_name_does_not_break_the_table() -> None:
    record = _record("m|x", "t1", 0, None)
    record.task = "odd|task"
    markdown = render_summary([record], samples=1)
    assert "| odd\\|task | fix | easy | 1/1 |" in markdown
    assert "| m\\|x | 1 | 1 | 100.0 % |" in markdown
