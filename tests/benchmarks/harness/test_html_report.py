"""report.html: parsed with ``html.parser``; self-contained, with its charts, and escaped."""

from __future__ import annotations

import base64
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from tests.benchmarks.harness.test_tables import RECORDS, _record
from werk.benchmarks.harness import AttemptRecord
from werk.benchmarks.harness.html_report import render_html
from werk.benchmarks.harness.reports import REPORT_FILE, SUMMARY_FILE, write_reports
from werk.benchmarks.harness.tables import tabulate

VOID = {"meta", "img", "br", "hr", "link", "input"}
HOSTILE = "<script>alert('x')</script> & $\\undefined{$"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Page(HTMLParser):
    """What a browser would see: tags (checked for nesting), images, headings, text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "h2":
            self.headings.append(data)
        self.text.append(data)


def _page(records: list[AttemptRecord], samples: int = 2) -> Page:
    page = Page(render_html(tabulate(records, samples)))
    assert page.open == []  # every element closed, in order
    return page


def _pngs(page: Page) -> list[bytes]:
    sources = [str(image["src"]) for image in page.images]
    assert all(src.startswith("data:image/png;base64,") for src in sources)
    return [base64.b64decode(src.split(",", 1)[1]) for src in sources]


def test_several_models_every_chart_and_table() -> None:
    page = _page(RECORDS)
    assert all(png.startswith(PNG_MAGIC) for png in _pngs(page))
    assert page.headings == [
        "Overview",
        "pass@1 by category",
        "pass@1 by difficulty",
        "Tokens per attempt versus pass@1",  # b has prices but a has none: see the next test
        "Outcomes and failure categories",
        "Defective properties",
        "By task (passed / attempts)",
    ]
    assert len(page.images) == 4
    assert all(image["alt"] for image in page.images)


def test_tokens_replace_cost_when_a_model_has_no_prices() -> None:
    page = _page(RECORDS)  # model a reports no cost
    assert "Tokens per attempt versus pass@1" in page.headings
    priced = [replace(record, cost=0.25) for record in RECORDS]
    assert "Cost per attempt versus pass@1" in _page(priced).headings


def test_cost_null_everywhere() -> None:
    records = [replace(record, cost=None) for record in RECORDS]
    page = _page(records)
    assert "Tokens per attempt versus pass@1" in page.headings
    assert len(page.images) == 4


def test_one_model() -> None:
    page = _page([record for record in RECORDS if record.model == "a"])
    assert len(_pngs(page)) == 4
    assert page.headings[:3] == ["Overview", "pass@1 by category", "pass@1 by difficulty"]
    assert "Defective properties" in page.headings  # listed apart, with what the prover said
    assert "unknown variable bFoo" in page.text


def test_oracle_and_noop_only_have_no_cost_chart() -> None:
    records = [_record("oracle", "t1", 0, None), _record("noop", "t1", 0, "failed_tests")]
    page = _page(records, samples=1)
    assert len(page.images) == 3
    assert not any("versus" in heading for heading in page.headings)
    assert any("every reference solution passes" in text for text in page.text)


def test_hostile_names_are_escaped() -> None:
    record = _record("a", "t1", 0, None)
    hostile = [replace(record, task=HOSTILE, model=HOSTILE, category=HOSTILE)]
    page = _page(hostile, samples=1)
    assert "script" not in page.tags
    assert HOSTILE in page.text  # shown as written, not interpreted
    assert len(_pngs(page)) == 4  # drawn as written: with mathtext, "$\\undefined{$" raises


def test_self_contained() -> None:
    markup = render_html(tabulate(RECORDS, samples=2))
    page = Page(markup)
    assert not {"script", "link", "iframe", "object"} & set(page.tags)
    assert "http://" not in markup and "https://" not in markup
    assert "url(" not in markup  # no CSS fetching fonts or images


def test_write_reports_writes_both_files(tmp_path: Path) -> None:
    markdown = write_reports(RECORDS, 2, tmp_path / "out")
    assert (tmp_path / "out" / SUMMARY_FILE).read_text(encoding="utf-8") == markdown
    assert (
        (tmp_path / "out" / REPORT_FILE).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    )
