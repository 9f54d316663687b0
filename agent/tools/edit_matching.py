"""Where a search/replace block applies: exactly once, found strictly or with bounded leniency.

Models copy code imperfectly: a trailing space lost, a block re-indented,
``\\n`` where the file has ``\\r\\n`` (TwinCAT writes CRLF), tabs typed as
spaces. A search block is looked for at four levels, each accepting a
little more than the last, and the first level that finds anything decides:

1. ``exact``: the text as given, anywhere (also inside a line);
2. ``line endings``: the same, with ``\\r\\n`` and ``\\n`` taken as equal;
3. ``trailing whitespace``: whole lines, equal once trailing blanks are removed;
4. ``indentation``: whole lines, equal once each block's common indentation
   is removed (tabs counted as 4 columns); the replacement is then
   re-indented to the matched block's indentation, in the file's style
   (tabs or spaces).

Nothing fuzzier: a block that still does not match is not applied (a wrong
edit that looks right is worse than an error). Instead the 1-3 most similar
places of the file are returned with their line numbers and how they differ
(case, spacing inside lines, other text), which is what the model needs to
write a block that matches. A block found more than once is not applied
either; the places are returned so the model can add context.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum

TAB_WIDTH = 4
MAX_CANDIDATES = 3
MIN_SIMILARITY = 0.4
MAX_DIFFERENCES = 6
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_TOKEN = re.compile(r"\w+|[^\w\s]")


class Leniency(StrEnum):
    EXACT = "exact"
    LINE_ENDINGS = "line endings"
    TRAILING_WHITESPACE = "trailing whitespace"
    INDENTATION = "indentation"


@dataclass(frozen=True)
class Match:
    """Replace ``text[start:end]`` by ``replacement`` (already adapted to the file)."""

    start: int
    end: int
    replacement: str
    leniency: Leniency
    first_line: int  # 1-based
    last_line: int


@dataclass(frozen=True)
class Ambiguous:
    leniency: Leniency
    first_lines: list[int]  # where each occurrence starts, 1-based


@dataclass(frozen=True)
class Candidate:
    """A place that resembles the search block, for the error message."""

    first_line: int
    last_line: int
    similarity: float
    lines: list[str]
    differences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NoMatch:
    candidates: list[Candidate]


def find_edit(text: str, search: str, replace: str) -> Match | Ambiguous | NoMatch:
    """Where ``search`` occurs in ``text`` and what to put there instead."""
    if not search.strip():
        return NoMatch([])
    newline = _newline_of(text)
    exact = _occurrences(text, search)
    if exact:
        return _single(text, exact, len(search), _with_newline(replace, newline), Leniency.EXACT)
    normal_text, crlf_positions = _without_crlf(text)
    normal_search = search.replace("\r\n", "\n")
    found = _occurrences(normal_text, normal_search)
    if found:
        starts = [_original(offset, crlf_positions) for offset in found]
        end = _original(found[0] + len(normal_search), crlf_positions)
        if len(starts) == 1:
            return _match(
                text, starts[0], end, _with_newline(replace, newline), Leniency.LINE_ENDINGS
            )
        return Ambiguous(Leniency.LINE_ENDINGS, [_line_of(text, s) for s in starts])
    lines = _lines(text)
    wanted = _block_lines(search)
    for leniency, per_line in (
        (Leniency.TRAILING_WHITESPACE, False),
        (Leniency.INDENTATION, False),
        (Leniency.INDENTATION, True),
    ):
        starts = [
            i
            for i in range(len(lines) - len(wanted) + 1)
            if _same(lines, i, wanted, leniency, per_line=per_line)
        ]
        if len(starts) > 1:
            return Ambiguous(leniency, [i + 1 for i in starts])
        if starts:
            return _line_match(
                text, lines, starts[0], wanted, replace, newline, leniency, per_line=per_line
            )
    return NoMatch(_candidates(lines, wanted))


# --- exact levels ------------------------------------------------------------------------------


def _occurrences(text: str, search: str) -> list[int]:
    if not search:
        return []
    found = []
    position = text.find(search)
    while position >= 0:
        found.append(position)
        position = text.find(search, position + 1)
    return found


def _single(
    text: str, starts: list[int], length: int, replacement: str, leniency: Leniency
) -> Match | Ambiguous:
    if len(starts) > 1:
        return Ambiguous(leniency, [_line_of(text, s) for s in starts])
    return _match(text, starts[0], starts[0] + length, replacement, leniency)


def _match(text: str, start: int, end: int, replacement: str, leniency: Leniency) -> Match:
    last = _line_of(text, max(start, end - 1))
    return Match(start, end, replacement, leniency, _line_of(text, start), last)


def _without_crlf(text: str) -> tuple[str, list[int]]:
    """``text`` with CRLF as LF, and the (new) offsets of the LFs that were CRLF."""
    positions = [found.start() - removed for removed, found in enumerate(re.finditer("\r\n", text))]
    return text.replace("\r\n", "\n"), positions


def _original(offset: int, crlf_positions: list[int]) -> int:
    """An offset of the CRLF-free text as an offset of the original."""
    return offset + bisect.bisect_left(crlf_positions, offset)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _newline_of(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def _with_newline(text: str, newline: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", newline) if newline != "\n" else text


# --- line levels -------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """The file's lines, each with its line end."""
    return _LINE.findall(text)


def _content(line: str) -> str:
    return line.removesuffix("\n").removesuffix("\r")


def _block_lines(block: str) -> list[str]:
    """A search or replace block as lines without ends (a final line end ends the last line)."""
    normal = block.replace("\r\n", "\n")
    if normal.endswith("\n"):
        normal = normal[:-1]
    return normal.split("\n") if normal else []


def _width(whitespace: str) -> int:
    return len(whitespace.expandtabs(TAB_WIDTH))


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _base_width(lines: list[str]) -> int:
    widths = [_width(_indent(line)) for line in lines if line.strip()]
    return min(widths, default=0)


def _dedented(lines: list[str]) -> list[str]:
    base = _base_width(lines)
    result = []
    for line in lines:
        if not line.strip():
            result.append("")
            continue
        indent = _width(_indent(line)) - base
        result.append(" " * indent + line.strip(" \t\r"))
    return result


def _same(
    lines: list[str], start: int, wanted: list[str], leniency: Leniency, *, per_line: bool
) -> bool:
    window = [_content(line) for line in lines[start : start + len(wanted)]]
    if leniency is Leniency.TRAILING_WHITESPACE:
        return all(a.rstrip() == b.rstrip() for a, b in zip(window, wanted, strict=True))
    if window[0].strip() != wanted[0].strip():  # cheap test before comparing the block
        return False
    if per_line:
        return all(a.strip() == b.strip() for a, b in zip(window, wanted, strict=True))
    return _dedented(window) == _dedented(wanted)


def _line_match(
    text: str,
    lines: list[str],
    first: int,
    wanted: list[str],
    replace: str,
    newline: str,
    leniency: Leniency,
    *,
    per_line: bool = False,
) -> Match:
    start = sum(len(line) for line in lines[:first])
    matched = lines[first : first + len(wanted)]
    end = start + sum(len(line) for line in matched)
    replacement_lines = _block_lines(replace)
    contents = [_content(m) for m in matched]
    if leniency is Leniency.INDENTATION and per_line:
        replacement_lines = _reindented_per_line(replacement_lines, wanted, contents)
    elif leniency is Leniency.INDENTATION:
        replacement_lines = _reindented(replacement_lines, wanted, contents)
    ends_with_newline = matched[-1].endswith("\n")
    replacement = newline.join(replacement_lines)
    if replacement_lines and ends_with_newline:
        replacement += newline
    return Match(start, end, replacement, leniency, first + 1, first + len(wanted))


def _reindented(replacement: list[str], search: list[str], matched: list[str]) -> list[str]:
    """``replacement`` moved from the search block's indentation to the matched block's."""
    search_base = _base_width(search)
    matched_base_line = min(
        (line for line in matched if line.strip()), key=lambda line: _width(_indent(line))
    )
    base = _indent(matched_base_line)
    use_tabs = any("\t" in _indent(line) for line in matched if line.strip())
    result = []
    for line in replacement:
        if not line.strip():
            result.append("")
            continue
        relative = max(0, _width(_indent(line)) - search_base)
        extra = (
            "\t" * (relative // TAB_WIDTH) + " " * (relative % TAB_WIDTH)
            if use_tabs
            else " " * relative
        )
        result.append(base + extra + line.lstrip(" \t"))
    return result


def _reindented_per_line(
    replacement: list[str], search: list[str], matched: list[str]
) -> list[str]:
    """``replacement`` indented like the file when the search block's own indentation was lost.

    A replacement line that repeats a search line (the same text) takes the
    indentation of the file line it matched; any other line keeps its offset
    from the line before it.
    """
    anchors: list[tuple[str, str]] = [
        (given.strip(), _indent(real)) for given, real in zip(search, matched, strict=True)
    ]
    use_tabs = any("\t" in _indent(line) for line in matched if line.strip())
    result: list[str] = []
    previous_given = 0
    previous_real = _indent(matched[0]) if matched else ""
    for line in replacement:
        if not line.strip():
            result.append("")
            continue
        found = next((i for i, (text, _) in enumerate(anchors) if text == line.strip()), None)
        if found is not None:
            indent = anchors.pop(found)[1]
            del anchors[:found]  # anchors are used in order
        else:
            offset = _width(_indent(line)) - previous_given
            width = max(0, _width(previous_real) + offset)
            indent = (
                "\t" * (width // TAB_WIDTH) + " " * (width % TAB_WIDTH) if use_tabs else " " * width
            )
        result.append(indent + line.lstrip(" \t"))
        previous_given, previous_real = _width(_indent(line)), indent
    return result


# --- when nothing matches ----------------------------------------------------------------------


def _candidates(lines: list[str], wanted: list[str]) -> list[Candidate]:
    contents = [_content(line) for line in lines]
    if not contents:
        return []
    size = min(len(wanted), len(contents))
    wanted_tokens = [_tokens(line) for line in wanted]
    file_tokens = [_tokens(line) for line in contents]
    rough = []
    for start in range(len(contents) - size + 1):
        score = sum(_jaccard(file_tokens[start + k], wanted_tokens[k]) for k in range(size)) / max(
            1, len(wanted)
        )
        rough.append((score, start))
    rough.sort(key=lambda item: (-item[0], item[1]))
    wanted_text = "\n".join(line.strip() for line in wanted)
    chosen: list[Candidate] = []
    taken: list[range] = []
    for _, start in rough[: 10 * MAX_CANDIDATES]:
        span = range(start, start + size)
        if any(span.start < t.stop and t.start < span.stop for t in taken):
            continue
        window = contents[start : start + size]
        similarity = difflib.SequenceMatcher(
            None, "\n".join(line.strip() for line in window), wanted_text, autojunk=False
        ).ratio()
        if similarity < MIN_SIMILARITY:
            continue
        taken.append(span)
        chosen.append(
            Candidate(
                start + 1, start + size, similarity, window, _differences(window, wanted, start)
            )
        )
    chosen.sort(key=lambda candidate: -candidate.similarity)
    return chosen[:MAX_CANDIDATES]


def _tokens(line: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(line.lower()))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _differences(window: list[str], wanted: list[str], start: int) -> list[str]:
    """How each differing line of the file differs from the search block's line."""
    notes = []
    for offset, (real, given) in enumerate(zip(window, wanted, strict=False)):
        if real.strip() == given.strip():
            continue
        if real.strip().lower() == given.strip().lower():
            kind = "differs in upper/lower case"
        elif "".join(real.split()) == "".join(given.split()):
            kind = "differs in spacing inside the line"
        else:
            kind = "differs"
        notes.append(
            f"line {start + offset + 1} {kind}: the file has {real.strip()!r}, "
            f"your search has {given.strip()!r}"
        )
    if len(wanted) > len(window):
        notes.append(f"your search has {len(wanted) - len(window)} more lines than the file")
    if len(notes) > MAX_DIFFERENCES:
        notes = [*notes[:MAX_DIFFERENCES], f"... and {len(notes) - MAX_DIFFERENCES} more"]
    return notes
