"""The HTML view: one self-contained page with a diagram and searchable tables."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.tools.plant.conftest import PLAIN
from werk.tools.plant.model import SystemModel
from werk.tools.plant.views.as_html import system_html
from werk.tools.plant.views.as_json import relative_to


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parsed(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def test_the_page_loads_nothing_from_anywhere(plain: SystemModel, twincat: SystemModel) -> None:
    for model in (plain, twincat):
        html = system_html(model)
        assert not re.search(r"https?:|//[a-z]", html, re.IGNORECASE)
        tags = parsed(html)
        assert not [t for t, attrs in tags if t in ("link", "img", "iframe") or "src" in attrs]
        assert [t for t, _ in tags].count("script") == 1
        assert [t for t, _ in tags].count("style") == 1


def test_the_diagram_and_the_tables(plain: SystemModel) -> None:
    html = system_html(plain, relative_to(PLAIN), "plain plant")
    tags = parsed(html)
    names = [attrs.get("data-name") for tag, attrs in tags if tag == "g"]
    assert names == [
        "Fast", "Slow", "Main", "Main.fbStation", "Main.fbStation.fbPump1",
        "Main.fbStation.fbPump2", "Diag", "GVL_IO.bStartButton", "GVL_IO.bStopButton",
        "GVL_IO.bLevelHigh", "GVL_IO.nLevelRaw", "GVL_IO.bPump1", "GVL_IO.bPump2",
        "GVL_IO.bAlarmLamp",
    ]  # fmt: skip
    assert [t for t, _ in tags].count("path") == 13 + 1  # the edges and the arrowhead
    assert (
        "input",
        {
            "id": "search",
            "type": "search",
            "placeholder": ("Search signals, addresses, instances, tasks..."),
            "aria-label": "Search",
        },
    ) in tags
    rows = [attrs["data-search"] for tag, attrs in tags if tag == "tr" and "data-search" in attrs]
    io_rows = [r for r in rows if r and r.startswith("%")]
    assert [r.split()[0] for r in io_rows] == [
        "%iw2", "%ix0.0", "%ix0.1", "%ix0.2", "%qx0.0", "%qx0.1", "%qx0.2",
    ]  # fmt: skip
    assert "<h2>Written by more than one task</h2>" in html
    assert "<code>GVL_Data.bReset</code>" in html
    assert "<code>MAIN.st:11</code>" in html
    assert "<title>plain plant</title>" in html
    assert "[mm] 0..2000" in html
