"""A SQLite cache of tags, so that a file is parsed again only when its bytes change.

The cache lives in the project's ``.werk/index.sqlite``. Entries are keyed by
what decides a file's tags and nothing else:

- the BLAKE2b hash of the file's bytes (not its path or mtime: a file that
  moves, or is checked out again unchanged, is not re-parsed);
- the language name and its fingerprint (grammar version, query text, front
  end version: see ``LanguageSupport.fingerprint``);
- the cache's ``SCHEMA_VERSION``, kept in SQLite's ``user_version``: a cache
  of another version is emptied and rebuilt, never migrated.

The cache is only an accelerator. It is safe to delete at any time; a
corrupt file is replaced; a cache that cannot be opened raises
``CacheUnavailableError`` and the index is built without one.

Several processes may share it (the language server and ``werk run``):
the database runs in WAL mode, so readers never wait for a writer, and
writes are short ``BEGIN IMMEDIATE`` transactions with a busy timeout.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werk.tools.code.tags import FileTags, Tag
from werk.tools.errors import WerkError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""Bump when the table layout or the encoding of tags changes."""

# Tags are stored with ``marshal`` (four times faster to load than JSON). Its
# format may change between Python versions, so entries are only read back by
# the version that wrote them: another interpreter re-parses once.
_ENCODING = f"marshal{marshal.version}-py{sys.version_info[0]}.{sys.version_info[1]}"

BUSY_TIMEOUT_SECONDS = 10.0
_LOOKUP_CHUNK = 500  # stays under SQLite's limit on bound parameters

_SCHEMA = """
CREATE TABLE file_tags (
    content_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    has_parse_errors INTEGER NOT NULL,
    tags BLOB NOT NULL,
    PRIMARY KEY (content_hash, language, fingerprint)
) WITHOUT ROWID
"""


class CacheUnavailableError(WerkError):
    """The tag cache cannot be opened or created; the index works without it."""


def content_hash(data: bytes) -> str:
    """The cache's name for a file's content."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class CachedTags:
    """Tags of one content, stored without a path (identical files share an entry)."""

    rows: list[tuple[object, ...]]
    """``Tag`` fields after ``path``, in order."""
    has_parse_errors: bool

    def for_path(self, path: str) -> FileTags:
        make = tuple.__new__
        return FileTags([make(Tag, (path, *row)) for row in self.rows], self.has_parse_errors)


def encode_tags(tags: Sequence[Tag]) -> bytes:
    """Tags without their path (a tag's key is usually its name, which marshal stores once)."""
    return marshal.dumps([tuple(tag)[1:] for tag in tags])


def decode_tags(data: bytes) -> list[tuple[object, ...]]:
    rows = marshal.loads(data)
    if not isinstance(rows, list) or any(len(row) != len(Tag._fields) - 1 for row in rows):
        raise ValueError("not a list of tag rows")
    return rows


class TagCache:
    """Tags by content hash, language and language fingerprint, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = self._open()
        except (OSError, sqlite3.Error) as exc:
            raise CacheUnavailableError(
                f"cannot use the symbol cache at {self.path}: {exc}",
                hint="check the folder's permissions or delete the file; indexing works without it",
            ) from exc

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            log.warning(
                "the symbol cache %s is unreadable (%s): starting a new one", self.path, exc
            )
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            if self._schema_version(connection) != SCHEMA_VERSION:
                with _immediate(connection):
                    # Checked again under the write lock: another process may have just rebuilt it.
                    if self._schema_version(connection) != SCHEMA_VERSION:
                        connection.execute("DROP TABLE IF EXISTS file_tags")
                        connection.execute(_SCHEMA)
                        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _schema_version(connection: sqlite3.Connection) -> int:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> TagCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def lookup(
        self, language: str, fingerprint: str, hashes: Iterable[str]
    ) -> dict[str, CachedTags]:
        """The cached tags of each content hash that has an entry; a failing read finds nothing."""
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, CachedTags] = {}
        try:
            for offset in range(0, len(wanted), _LOOKUP_CHUNK):
                chunk = wanted[offset : offset + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                cursor = self._connection.execute(
                    "SELECT content_hash, has_parse_errors, tags FROM file_tags"
                    f" WHERE language = ? AND fingerprint = ? AND content_hash IN ({marks})",
                    (language, f"{fingerprint}/{_ENCODING}", *chunk),
                )
                for digest, has_errors, encoded in cursor:
                    found[digest] = CachedTags(decode_tags(encoded), bool(has_errors))
        except (sqlite3.Error, ValueError, EOFError, TypeError) as exc:
            log.warning("reading the symbol cache %s failed (%s): parsing instead", self.path, exc)
        return found

    def store(
        self, language: str, fingerprint: str, entries: Iterable[tuple[str, FileTags]]
    ) -> None:
        """Remember the tags of each content hash, in one short transaction."""
        stored_fingerprint = f"{fingerprint}/{_ENCODING}"
        rows = [
            (
                digest,
                language,
                stored_fingerprint,
                int(tags.has_parse_errors),
                encode_tags(tags.tags),
            )
            for digest, tags in entries
        ]
        if not rows:
            return
        try:
            with _immediate(self._connection):
                self._connection.executemany(
                    "INSERT OR REPLACE INTO file_tags"
                    " (content_hash, language, fingerprint, has_parse_errors, tags)"
                    " VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as exc:
            log.warning(
                "writing the symbol cache %s failed (%s): continuing without", self.path, exc
            )

    def entry_count(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM file_tags").fetchone()[0])

    def keep_only(self, live: Iterable[tuple[str, str, str]]) -> int:
        """Forget entries not in ``live`` (content hash, language, fingerprint); returns a count."""
        keep = {
            (digest, language, f"{fingerprint}/{_ENCODING}")
            for digest, language, fingerprint in live
        }
        try:
            stale = [
                row
                for row in self._connection.execute(
                    "SELECT content_hash, language, fingerprint FROM file_tags"
                )
                if tuple(row) not in keep
            ]
            with _immediate(self._connection):
                self._connection.executemany(
                    "DELETE FROM file_tags"
                    " WHERE content_hash = ? AND language = ? AND fingerprint = ?",
                    stale,
                )
        except sqlite3.Error as exc:
            log.warning("pruning the symbol cache %s failed (%s)", self.path, exc)
            return 0
        return len(stale)


@contextmanager
def _immediate(connection: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the lock up front, so it never fails halfway on contention."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
