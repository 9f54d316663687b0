"""The symbol index over a repository of several languages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.tools.code.helpers import write_files
from werk.tools.code.discovery import TOO_LARGE
from werk.tools.code.index import Progress, SymbolIndex
from werk.tools.code.languages import language_named, register_language
from werk.tools.errors import WerkError

REPOSITORY: dict[str, str | bytes] = {
    "plc/pump.st": """
        FUNCTION_BLOCK FB_Pump
        VAR_INPUT
            bStart : BOOL;
        END_VAR
        END_FUNCTION_BLOCK
        """,
    "plc/main.st": """
        PROGRAM MAIN
        VAR
            fbPump : fb_pump;
        END_VAR
        FBPUMP(bStart := TRUE);
        END_PROGRAM
        """,
    "hmi/sensors.py": """
        def read_sensor(channel: int) -> float:
            return 0.0
        """,
    "hmi/app.py": """
        from hmi.sensors import read_sensor

        def refresh() -> None:
            read_sensor(1)
            read_sensor(2)
        """,
    "hmi/broken.py": "def broken(:\n",
    "fw/io.h": "int io_read(int channel);\n",
    "fw/io.c": '#include "io.h"\nint io_read(int channel) { return channel; }\n',
    "fw/blob.c": b"\x7fELF\0\0\0",
    "fw/table.c": "int table[] = {" + "0," * 5000 + "};\n",
}


def build(root: Path, progress: Progress | None = None) -> SymbolIndex:
    return SymbolIndex.build(root, use_cache=False, max_file_size=4096, progress=progress)


def test_stats_count_files_symbols_and_what_was_skipped(tmp_path: Path) -> None:
    write_files(tmp_path, REPOSITORY)
    stats = build(tmp_path).stats
    assert stats.files_by_language == {"c": 2, "python": 3, "st": 2}
    assert stats.files == 7
    assert stats.parse_errors == ["hmi/broken.py"]
    assert {(s.path, s.reason) for s in stats.skipped} == {
        ("fw/blob.c", "binary"),
        ("fw/table.c", TOO_LARGE),
    }
    assert stats.definitions == 7  # FB_Pump, MAIN, read_sensor, refresh, io_read ×2, broken
    assert stats.references > 0
    assert stats.parsed == 7 and stats.from_cache == 0
    assert stats.seconds > 0


def test_lookups_by_name(tmp_path: Path) -> None:
    write_files(tmp_path, REPOSITORY)
    index = build(tmp_path)
    assert [(t.path, t.line) for t in index.definitions("read_sensor")] == [("hmi/sensors.py", 1)]
    assert [(t.path, t.line) for t in index.references("read_sensor")] == [
        ("hmi/app.py", 1),
        ("hmi/app.py", 4),
        ("hmi/app.py", 5),
    ]
    assert index.files_defining("io_read") == ["fw/io.c", "fw/io.h"]
    assert [t.category for t in index.definitions("io_read")] == ["function", "prototype"]
    assert index.definitions("Read_Sensor") == []  # Python is case-sensitive
    assert index.definitions("nothing_like_this") == []
    assert [t.name for t in index.tags("hmi/sensors.py")] == ["read_sensor", "int", "float"]


def test_structured_text_names_are_found_in_any_case_and_shown_as_declared(tmp_path: Path) -> None:
    write_files(tmp_path, REPOSITORY)
    index = build(tmp_path)
    for spelling in ("FB_Pump", "fb_pump", "FB_PUMP"):
        assert [(t.name, t.path) for t in index.definitions(spelling)] == [
            ("FB_Pump", "plc/pump.st")
        ]
    assert [(t.name, t.category) for t in index.references("fb_pump")] == [("fb_pump", "type")]
    assert [t.name for t in index.references("fbPump")] == ["FBPUMP"]


def test_progress_is_reported_for_every_file(tmp_path: Path) -> None:
    write_files(tmp_path, REPOSITORY)
    calls: list[tuple[int, int, str]] = []
    build(tmp_path, progress=lambda done, total, path: calls.append((done, total, path)))
    assert [done for done, _, _ in calls] == list(range(1, 8))
    assert {total for _, total, _ in calls} == {7}
    assert sorted(path for _, _, path in calls) == sorted(build(tmp_path).files)


def test_a_failing_language_plugin_skips_its_files_not_the_index(tmp_path: Path) -> None:
    write_files(tmp_path, REPOSITORY)
    builtin = language_named("st")

    def explode(source: bytes, path: str) -> None:
        raise RuntimeError("front end crashed")

    register_language(dataclasses.replace(builtin, prepare=explode))
    try:
        index = build(tmp_path)
    finally:
        register_language(builtin)
    assert index.stats.files_by_language == {"c": 2, "python": 3}
    reasons = {s.path: s.reason for s in index.stats.skipped}
    assert reasons["plc/main.st"] == "tagging failed: RuntimeError: front end crashed"


def test_a_root_that_is_not_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WerkError, match="is not a folder"):
        SymbolIndex.build(tmp_path / "missing")
    assert not (tmp_path / "missing").exists()
