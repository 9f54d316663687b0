"""The symbol index of a repository: every definition and reference, by file and by name.

``SymbolIndex.build`` discovers the source files (``discovery``), reads and
hashes each one, takes the tags of unchanged contents from the cache
(``cache``) and parses the rest (``tags``). It then answers where a name is
defined and used. Names of case-insensitive languages (Structured Text) are
found whatever their spelling and returned as declared.

Building never fails because of what is in the repository (only a root that
is not a folder raises ``WerkError``): unreadable files
are skipped with a reason, files with syntax errors are tagged as far as the
parser recovered and listed in ``stats.parse_errors``, and a cache that cannot
be used is replaced by parsing everything.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.code.cache import CachedTags, CacheUnavailableError, TagCache, content_hash
from werk.tools.code.discovery import (
    DEFAULT_EXCLUDES,
    DEFAULT_MAX_FILE_SIZE,
    SkippedFile,
    SourceFile,
    discover,
)
from werk.tools.code.languages import LanguageSupport, language_named
from werk.tools.code.tags import FileTags, Tag, extract_tags
from werk.tools.errors import WerkError
from werk.tools.gc_pause import collection_paused

log = logging.getLogger(__name__)

CACHE_RELATIVE_PATH = Path(".werk") / "index.sqlite"
_BATCH = 256  # files read, looked up and stored together

Progress = Callable[[int, int, str], None]
"""Called after each file as ``progress(done, total, path)``."""


def default_cache_path(root: Path) -> Path:
    return Path(root) / CACHE_RELATIVE_PATH


@dataclass(frozen=True)
class IndexedFile:
    path: str
    language: str
    content_hash: str
    tags: list[Tag]
    has_parse_errors: bool

    @property
    def definitions(self) -> list[Tag]:
        return [tag for tag in self.tags if tag.kind == "def"]

    @property
    def references(self) -> list[Tag]:
        return [tag for tag in self.tags if tag.kind == "ref"]


@dataclass
class IndexStats:
    files_by_language: dict[str, int] = field(default_factory=dict)
    definitions: int = 0
    references: int = 0
    parse_errors: list[str] = field(default_factory=list)
    """Files whose syntax errors the parser had to recover from (their tags may be partial)."""
    skipped: list[SkippedFile] = field(default_factory=list)
    parsed: int = 0
    """Files parsed in this build (cache misses)."""
    from_cache: int = 0
    cache_note: str | None = None
    """Why the cache was not used, when it was not."""
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return sum(self.files_by_language.values())


class SymbolIndex:
    """Tags of every indexed file of a repository, looked up by file or by name."""

    def __init__(self, root: Path, files: Mapping[str, IndexedFile], stats: IndexStats) -> None:
        self.root = Path(root)
        self.files: Mapping[str, IndexedFile] = dict(files)
        self.stats = stats
        self._folded_paths = frozenset(
            path for path, indexed in self.files.items() if _is_case_insensitive(indexed.language)
        )
        self._definitions: dict[str, list[Tag]] = {}
        self._references: dict[str, list[Tag]] = {}
        for indexed in self.files.values():
            for tag in indexed.tags:
                table = self._definitions if tag.kind == "def" else self._references
                table.setdefault(tag.key, []).append(tag)

    @classmethod
    def build(
        cls,
        root: Path,
        *,
        exclude: Sequence[str] = DEFAULT_EXCLUDES,
        cache_path: Path | None = None,
        use_cache: bool = True,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        progress: Progress | None = None,
    ) -> SymbolIndex:
        """Index ``root``; the cache defaults to ``root/.werk/index.sqlite``."""
        with collection_paused():
            return cls._build(root, exclude, cache_path, use_cache, max_file_size, progress)

    @classmethod
    def _build(
        cls,
        root: Path,
        exclude: Sequence[str],
        cache_path: Path | None,
        use_cache: bool,
        max_file_size: int,
        progress: Progress | None,
    ) -> SymbolIndex:
        started = time.perf_counter()
        root = Path(root)
        if not root.is_dir():
            raise WerkError(
                f"cannot index {root}: it is not a folder", hint="give the repository's root folder"
            )
        found = discover(root, exclude=exclude, max_file_size=max_file_size)
        stats = IndexStats(skipped=list(found.skipped))
        cache: TagCache | None = None
        if use_cache:
            try:
                cache = TagCache(cache_path or default_cache_path(root))
            except CacheUnavailableError as exc:
                stats.cache_note = str(exc)
                log.warning("%s", exc)
        try:
            files = _index_files(found.files, cache, stats, progress)
        finally:
            if cache is not None:
                cache.close()
        for indexed in files.values():
            stats.files_by_language[indexed.language] = (
                stats.files_by_language.get(indexed.language, 0) + 1
            )
            if indexed.has_parse_errors:
                stats.parse_errors.append(indexed.path)
            kinds = Counter(tag.kind for tag in indexed.tags)
            stats.definitions += kinds["def"]
            stats.references += kinds["ref"]
        stats.seconds = time.perf_counter() - started
        return cls(root, files, stats)

    # --- lookups ------------------------------------------------------------------------

    def definitions(self, name: str) -> list[Tag]:
        """Where ``name`` is defined; in ST files whatever its case."""
        return self._matching(self._definitions, name)

    def references(self, name: str) -> list[Tag]:
        """Where ``name`` is used; in ST files whatever its case."""
        return self._matching(self._references, name)

    def files_defining(self, name: str) -> list[str]:
        return sorted({tag.path for tag in self.definitions(name)})

    def tags(self, path: str) -> list[Tag]:
        indexed = self.files.get(path)
        return list(indexed.tags) if indexed else []

    def _matching(self, table: dict[str, list[Tag]], name: str) -> list[Tag]:
        folded = name.lower()
        found = [tag for tag in table.get(name, ()) if tag.name == name]
        if self._folded_paths:
            found += [tag for tag in table.get(folded, ()) if tag.path in self._folded_paths]
            found = sorted(set(found), key=lambda tag: (tag.path, tag.start_byte))
        return found


def _is_case_insensitive(language: str) -> bool:
    try:
        return language_named(language).case_insensitive
    except KeyError:
        return False


def _index_files(
    sources: Sequence[SourceFile],
    cache: TagCache | None,
    stats: IndexStats,
    progress: Progress | None,
) -> dict[str, IndexedFile]:
    by_language: dict[str, list[SourceFile]] = {}
    for source in sources:
        by_language.setdefault(source.language, []).append(source)
    total = len(sources)
    done = 0
    files: dict[str, IndexedFile] = {}
    live: list[tuple[str, str, str]] = []
    for language_name, group in by_language.items():
        language = language_named(language_name)
        fingerprint = language.fingerprint
        parsed_now: dict[str, FileTags] = {}
        # In batches: bounded memory for file contents, short cache transactions.
        for first in range(0, len(group), _BATCH):
            batch = group[first : first + _BATCH]
            contents = _read_batch(batch, stats)
            done += len(batch) - len(contents)  # unreadable: reported in stats.skipped
            hashes = (digest for _, _, digest in contents)
            cached = cache.lookup(language_name, fingerprint, hashes) if cache else {}
            fresh: list[tuple[str, FileTags]] = []
            for source, data, digest in contents:
                live.append((digest, language_name, fingerprint))
                file_tags, parsed = _tags_of(
                    source, data, digest, language, cached, parsed_now, stats
                )
                if file_tags is not None:
                    files[source.path] = IndexedFile(
                        source.path,
                        language_name,
                        digest,
                        file_tags.tags,
                        file_tags.has_parse_errors,
                    )
                if file_tags is not None and parsed:
                    fresh.append((digest, file_tags))
                done += 1
                if progress is not None:
                    progress(done, total, source.path)
            if cache is not None:
                cache.store(language_name, fingerprint, fresh)
    if cache is not None and cache.entry_count() > 2 * len(live) + 1000:
        cache.keep_only(live)
    return dict(sorted(files.items()))


def _read_batch(
    sources: Sequence[SourceFile], stats: IndexStats
) -> list[tuple[SourceFile, bytes, str]]:
    contents = []
    for source in sources:
        try:
            data = source.absolute.read_bytes()
        except OSError as exc:
            reason = f"unreadable: {exc.strerror or type(exc).__name__}"
            log.warning("%s: %s", source.path, reason)
            stats.skipped.append(SkippedFile(source.path, reason))
            continue
        contents.append((source, data, content_hash(data)))
    return contents


def _tags_of(
    source: SourceFile,
    data: bytes,
    digest: str,
    language: LanguageSupport,
    cached: Mapping[str, CachedTags],
    parsed_now: dict[str, FileTags],
    stats: IndexStats,
) -> tuple[FileTags | None, bool]:
    """From the cache, from an identical file parsed a moment ago, or parsed now (then True)."""
    hit = cached.get(digest)
    if hit is not None:
        stats.from_cache += 1
        return hit.for_path(source.path), False
    twin = parsed_now.get(digest)
    if twin is not None:
        stats.from_cache += 1
        twin_tags = [tag._replace(path=source.path) for tag in twin.tags]
        return FileTags(twin_tags, twin.has_parse_errors), False
    file_tags = _tag_file(source, data, language, stats)
    if file_tags is None:
        return None, False
    stats.parsed += 1
    parsed_now[digest] = file_tags
    return file_tags, True


def _tag_file(
    source: SourceFile, data: bytes, language: LanguageSupport, stats: IndexStats
) -> FileTags | None:
    try:
        return extract_tags(source.path, data, language)
    except Exception as exc:  # a broken language plug-in must not stop the index
        reason = f"tagging failed: {type(exc).__name__}: {exc}"
        log.warning("%s: %s", os.fspath(source.path), reason)
        stats.skipped.append(SkippedFile(source.path, reason))
        return None
