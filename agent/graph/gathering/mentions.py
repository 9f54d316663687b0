"""What a task names: files, identifiers and I/O addresses.

"Fix the timeout in FB_Valve (plc/fb_valve.st); %QX0.1 must drop with
bEmergencyStop" names a file, two identifiers and an address. The context
step personalises the repository map with them and looks them up in the
semantic model. Identifiers are the words a person would not write in
prose: with an underscore, a digit, or a capital inside (``FB_Valve``,
``tonDelay``, ``compute_flow``), and dotted paths (``GVL_IO.bStart``).
Plain words (``valve``) are matched against the project's names later, so
an ordinary word only counts when the project really declares it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ADDRESS = re.compile(r"%[IQM][XBWDL]?\d+(?:\.\d+)*\*?", re.IGNORECASE)
PATH_LIKE = re.compile(r"[\w.\-/\\]+\.[A-Za-z][\w]{0,8}")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
MAX_PLAIN_WORDS = 40
FILE_SUFFIXES = frozenset(
    {"st", "scl", "tcpou", "tcgvl", "tcdut", "tsproj", "xml", "exp"}
    | {"py", "c", "h", "cpp", "hpp", "cc", "yaml", "yml", "csv", "json", "toml", "md", "txt"}
)


@dataclass(frozen=True)
class Mentions:
    files: tuple[str, ...]
    """Repository paths the task names (only paths that exist)."""
    identifiers: tuple[str, ...]
    """Code-like names, dotted paths split into their parts as well."""
    addresses: tuple[str, ...]
    """Direct addresses, upper-cased (``%QX0.1``)."""
    words: tuple[str, ...]
    """Other words, lower-cased: matched only against names the project declares."""


def find_mentions(task: str, known_files: Iterable[str]) -> Mentions:
    files = _files(task, known_files)
    addresses = _unique(match.group(0).upper() for match in ADDRESS.finditer(task))
    prose = PATH_LIKE.sub(_unless_code, ADDRESS.sub(" ", task))
    identifiers: list[str] = []
    words: list[str] = []
    for match in WORD.finditer(prose):
        token = match.group(0)
        if _looks_like_code(token):
            identifiers.append(token)
            if "." in token:
                identifiers.extend(token.split("."))
        elif len(token) > 2:
            words.append(token.lower())
    return Mentions(
        files=tuple(files),
        identifiers=tuple(_unique(identifiers)),
        addresses=tuple(addresses),
        words=tuple(_unique(words))[:MAX_PLAIN_WORDS],
    )


def _unless_code(match: re.Match[str]) -> str:
    """Paths leave the prose; dotted names such as ``GVL_IO.bStart`` stay."""
    text = match.group(0)
    return " " if "/" in text or "\\" in text or _has_file_suffix(text) else text


def _has_file_suffix(text: str) -> bool:
    suffix = text.rsplit(".", 1)[-1].lower()
    return suffix in FILE_SUFFIXES


def _looks_like_code(token: str) -> bool:
    core = token.strip("_")
    return (
        "_" in core
        or "." in core
        or any(char.isdigit() for char in core)
        or any(char.isupper() for char in core[1:])
    )


def _files(task: str, known_files: Iterable[str]) -> list[str]:
    known = list(known_files)
    by_lower = {path.lower(): path for path in known}
    by_name: dict[str, list[str]] = {}
    for path in known:
        by_name.setdefault(path.rsplit("/", 1)[-1].lower(), []).append(path)
    found: list[str] = []
    for match in PATH_LIKE.finditer(task):
        candidate = match.group(0).replace("\\", "/").strip("./").lower()
        if candidate in by_lower:
            found.append(by_lower[candidate])
        elif "/" not in candidate and len(by_name.get(candidate, [])) == 1:
            found.append(by_name[candidate][0])
    return _unique(found)


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            result.append(item)
    return result
