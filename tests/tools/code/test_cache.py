"""The tag cache: hits, misses, invalidation, rebuilds, and readers beside a writer."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from tests.tools.code.helpers import write_files
from werk.tools.code import cache as cache_module
from werk.tools.code.cache import CacheUnavailableError, TagCache, content_hash
from werk.tools.code.index import SymbolIndex
from werk.tools.code.tags import FileTags, Tag

FILES = {
    "core.py": "def read_sensor():\n    return 1\n",
    "pump.py": "from core import read_sensor\n\ndef run():\n    read_sensor()\n",
    "copy_of_core.py": "def read_sensor():\n    return 1\n",
    "io.c": "int io_read(void) { return 0; }\n",
}


def build(root: Path) -> SymbolIndex:
    return SymbolIndex.build(root, cache_path=root / ".werk" / "index.sqlite")


def test_unchanged_files_are_not_parsed_again(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    cold = build(tmp_path)
    assert (cold.stats.parsed, cold.stats.from_cache) == (3, 1)  # the copy shares its twin's parse
    warm = build(tmp_path)
    assert (warm.stats.parsed, warm.stats.from_cache) == (0, 4)
    assert {path: f.tags for path, f in warm.files.items()} == {
        path: f.tags for path, f in cold.files.items()
    }
    assert warm.files_defining("read_sensor") == ["copy_of_core.py", "core.py"]


def test_a_changed_file_is_parsed_again_and_only_it(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    build(tmp_path)
    (tmp_path / "pump.py").write_text("def run_faster():\n    pass\n")
    index = build(tmp_path)
    assert (index.stats.parsed, index.stats.from_cache) == (1, 3)
    assert index.files_defining("run_faster") == ["pump.py"]
    assert index.definitions("run") == []


def test_a_moved_file_is_found_in_the_cache_under_its_new_path(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    build(tmp_path)
    (tmp_path / "io.c").rename(tmp_path / "board_io.c")
    index = build(tmp_path)
    assert index.stats.parsed == 0
    assert [tag.path for tag in index.definitions("io_read")] == ["board_io.c"]


def test_a_new_schema_version_empties_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, FILES)
    build(tmp_path)
    monkeypatch.setattr(cache_module, "SCHEMA_VERSION", cache_module.SCHEMA_VERSION + 1)
    with TagCache(tmp_path / ".werk" / "index.sqlite") as cache:
        assert cache.entry_count() == 0
    index = build(tmp_path)
    assert index.stats.parsed == 3
    version = sqlite3.connect(tmp_path / ".werk" / "index.sqlite").execute("PRAGMA user_version")
    assert version.fetchone()[0] == cache_module.SCHEMA_VERSION


def test_entries_are_per_language_fingerprint(tmp_path: Path) -> None:
    tags = FileTags([Tag("x.py", "f", "def", "function", 1, 4, 5, "def f():", 2, "f")], False)
    with TagCache(tmp_path / "cache.sqlite") as cache:
        cache.store("python", "grammar-1", [("abc", tags)])
        assert cache.lookup("python", "grammar-2", ["abc"]) == {}
        assert cache.lookup("c", "grammar-1", ["abc"]) == {}
        hit = cache.lookup("python", "grammar-1", ["abc", "missing"])
        assert list(hit) == ["abc"]
        assert hit["abc"].for_path("moved/y.py").tags == [tags.tags[0]._replace(path="moved/y.py")]


def test_a_deleted_or_corrupt_cache_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_files(tmp_path, FILES)
    cache_path = tmp_path / ".werk" / "index.sqlite"
    build(tmp_path)
    cache_path.unlink()
    assert build(tmp_path).stats.parsed == 3
    cache_path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{cache_path}{suffix}").unlink(missing_ok=True)
    index = build(tmp_path)
    assert index.stats.parsed == 3
    assert index.stats.cache_note is None
    assert "starting a new one" in caplog.text
    assert build(tmp_path).stats.parsed == 0


def test_an_unusable_cache_leaves_the_index_working(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    with pytest.raises(CacheUnavailableError):
        TagCache(blocked / "index.sqlite")
    index = SymbolIndex.build(tmp_path, cache_path=blocked / "index.sqlite")
    assert index.stats.parsed == 3
    assert (
        index.stats.cache_note is not None
        and "cannot use the symbol cache" in index.stats.cache_note
    )


def test_content_hash_is_of_the_bytes() -> None:
    assert content_hash(b"x = 1\n") == content_hash(b"x = 1\n")
    assert content_hash(b"x = 1\n") != content_hash(b"x = 2\n")


# --- several processes ---------------------------------------------------------------

WRITER_ENTRIES = 120
PRESET = 40


def _tags(number: int) -> FileTags:
    name = f"function_{number}"
    return FileTags([Tag("", name, "def", "function", 1, 4, 16, f"def {name}():", 2, name)], False)


def _writer(path: str, errors: multiprocessing.Queue[str]) -> None:
    try:
        with TagCache(Path(path)) as cache:
            for number in range(PRESET, PRESET + WRITER_ENTRIES):
                cache.store("python", "fp", [(f"hash{number}", _tags(number))])
    except Exception as exc:  # reported to the test, which fails on it
        errors.put(f"writer: {exc!r}")


def _reader(path: str, errors: multiprocessing.Queue[str]) -> None:
    """Reads until it has seen everything the writer writes, checking each answer."""
    try:
        with TagCache(Path(path)) as cache:
            preset = [f"hash{number}" for number in range(PRESET)]
            written = [f"hash{number}" for number in range(PRESET, PRESET + WRITER_ENTRIES)]
            deadline = time.monotonic() + 30
            seen = 0
            while seen < WRITER_ENTRIES and time.monotonic() < deadline:
                found = cache.lookup("python", "fp", preset)
                if len(found) != PRESET:
                    errors.put(f"reader saw {len(found)} of {PRESET} preset entries")
                progress = cache.lookup("python", "fp", written)
                for digest, entry in progress.items():
                    number = int(digest.removeprefix("hash"))
                    if entry.for_path("") != _tags(number):
                        errors.put(f"reader saw a torn entry for {digest}")
                seen = len(progress)
            if seen < WRITER_ENTRIES:
                errors.put(f"reader saw only {seen} of {WRITER_ENTRIES} written entries")
    except Exception as exc:
        errors.put(f"reader: {exc!r}")


def test_two_readers_read_while_a_writer_writes(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with TagCache(path) as cache:
        cache.store("python", "fp", [(f"hash{number}", _tags(number)) for number in range(PRESET)])
    context = multiprocessing.get_context("fork")
    errors: multiprocessing.Queue[str] = context.Queue()
    processes = [
        context.Process(target=_writer, args=(str(path), errors)),
        context.Process(target=_reader, args=(str(path), errors)),
        context.Process(target=_reader, args=(str(path), errors)),
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    reported = []
    while not errors.empty():
        reported.append(errors.get())
    assert reported == []
    assert [process.exitcode for process in processes] == [0, 0, 0]
    with TagCache(path) as cache:
        assert cache.entry_count() == PRESET + WRITER_ENTRIES
