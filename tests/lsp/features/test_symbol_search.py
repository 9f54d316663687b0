"""Matching typed letters against symbol names."""

from __future__ import annotations

import pytest

from werk.lsp.features.symbol_search import hump_starts, matches_humps


@pytest.mark.parametrize(
    ("query", "name", "found"),
    [
        ("fbp", "FB_Pump", True),
        ("fbpu", "FB_Pump", True),
        ("fp", "FB_Pump", True),
        ("tdel", "tonDelay", True),
        ("gnc", "gnCount", True),
        ("fbst5", "FB_Station5", True),
        ("httpser", "HTTPServer", True),
        ("bp", "FB_Pump", False),  # B is inside the word FB, not the start of one
        ("fbx", "FB_Pump", False),
        ("pf", "FB_Pump", False),  # in order only
    ],
)
def test_camel_humps(query: str, name: str, found: bool) -> None:
    assert matches_humps(query, name) is found


def test_words_start_after_underscores_at_capitals_and_digits() -> None:
    assert hump_starts("FB_Station5") == [0, 3, 10]
    assert hump_starts("tonDelay") == [0, 3]
    assert hump_starts("HTTPServer") == [0, 4]
