"""Does the code match the I/O list? Differences between the electrical design and the PLC.

Each row of an I/O list is matched to the code's I/O image by tag (the full
path ``GVL_IO.bStart``, or the variable's own name when only one I/O
variable has it) and by address. What can differ, each with its own code so
``werk check`` can select, ignore and document it:

- ``WERK601`` a tag of the list that no I/O variable in the code has, at no
  address the code uses (on the list row);
- ``WERK602`` an input or output of the code (``%I``, ``%Q``, ``AT %I*``)
  that the list does not name (on the declaration);
- ``WERK603`` the list and the code put a signal at different addresses, or
  the code has another variable at the list's address (on the declaration);
- ``WERK604`` the list's data type differs from the declared type;
- ``WERK605`` the list's range differs from the declared range;
- ``WERK606`` the list's unit contradicts the declared unit, or scales it
  (``bar`` against ``kPa``);
- ``WERK607`` two rows of the lists whose addresses overlap (on the later row).

Marker memory (``%M``) is not expected in an I/O list and is not checked.
Units and ranges of the code are those its declarations state
(``werk.tools.plant.engineering``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from werk.tools.plant.addresses import Direction, IoAddress
from werk.tools.plant.engineering import format_number
from werk.tools.plant.io_image import IoImage, IoPoint
from werk.tools.plant.iolist import IoList, IoListEntry, IoListRow
from werk.tools.plant.units import Agreement, compare_units
from werk.tools.st.model.symbols import Location, key

TYPE_SPELLINGS = {"BOOLEAN": "BOOL", "INTEGER": "INT", "FLOAT": "REAL", "DOUBLE": "LREAL"}
TOLERANCE = 1e-9


@dataclass(frozen=True)
class IoListIssue:
    """One difference between an I/O list and the code, at the list row or the declaration."""

    code: str
    message: str
    anchor: Location | IoListRow
    related: tuple[str, ...] = ()


@dataclass
class Match:
    entry: IoListEntry
    point: IoPoint | None  # None when nothing in the code matches the row
    by: str  # "tag", "address" or "" (no match)


def compare(
    image: IoImage, lists: Iterable[IoList], addressing: str = "codesys"
) -> list[IoListIssue]:
    entries = [entry for io_list in lists for entry in io_list.entries]
    points = [p for p in image.points if p.direction is not Direction.MEMORY]
    matches = [match_by_tag(entry, points) for entry in entries]
    claimed = {id(m.point) for m in matches if m.point is not None}
    for index, found in enumerate(matches):
        if found.point is None and found.entry.address:
            # A row whose tag the code lacks may name a variable the code calls otherwise,
            # unless that variable is some other row's.
            at_address = [
                p
                for p in points
                if p.located and p.address == found.entry.address and id(p) not in claimed
            ]
            if at_address:
                matches[index] = Match(found.entry, at_address[0], "address")
                claimed.add(id(at_address[0]))
    issues: list[IoListIssue] = []
    for found in matches:
        issues.extend(entry_issues(found))
    matched = {id(m.point) for m in matches if m.point is not None}
    listed_tags = {key(e.tag) for e in entries}
    listed_addresses = {e.address for e in entries if e.address}
    for point in points:
        if id(point) in matched or point.location is None:
            continue
        short = key(point.signal.rsplit(".", 1)[-1])
        if key(point.signal) in listed_tags or short in listed_tags:
            continue
        if point.located and point.address in listed_addresses:
            continue
        where = point.address if point.address else "its address"
        issues.append(
            IoListIssue(
                "WERK602",
                f"{point.direction.value.capitalize()} '{point.signal}' ({where}) "
                "is not in the I/O list",
                point.location,
            )
        )
    issues.extend(overlapping_rows(entries, addressing))
    return issues


def match_by_tag(entry: IoListEntry, points: list[IoPoint]) -> Match:
    wanted = key(entry.tag)
    by_path = [p for p in points if p.key == wanted]
    if not by_path:
        by_path = [p for p in points if key(p.signal.rsplit(".", 1)[-1]) == wanted]
    if len(by_path) > 1 and entry.address:
        by_path = [p for p in by_path if p.address == entry.address] or by_path
    if len(by_path) == 1:
        return Match(entry, by_path[0], "tag")
    return Match(entry, None, "")


def entry_issues(found: Match) -> list[IoListIssue]:
    entry, point = found.entry, found.point
    row = entry.row.describe()
    if point is None:
        where = f" ({entry.address_text})" if entry.address_text else ""
        return [
            IoListIssue(
                "WERK601",
                f"I/O list tag '{entry.tag}'{where} has no variable in the code",
                entry.row,
            )
        ]
    if point.location is None:
        return []
    issues: list[IoListIssue] = []
    name = point.signal
    if found.by == "address":
        issues.append(
            IoListIssue(
                "WERK603",
                f"{point.address} holds '{name}' in the code but '{entry.tag}' in the I/O list "
                f"({row})",
                point.location,
            )
        )
    elif entry.address and point.located and point.address != entry.address:
        issues.append(
            IoListIssue(
                "WERK603",
                f"'{name}' is at {point.address} in the code but at {entry.address} in the "
                f"I/O list ({row})",
                point.location,
            )
        )
    if entry.data_type and normal_type(entry.data_type) != normal_type(point.type):
        issues.append(
            IoListIssue(
                "WERK604",
                f"'{name}' is {point.type} in the code but {entry.data_type} in the I/O list "
                f"({row})",
                point.location,
            )
        )
    issues.extend(range_issue(entry, point, row))
    issues.extend(unit_issue(entry, point, row))
    return issues


def normal_type(text: str) -> str:
    compact = "".join(text.upper().split())
    return TYPE_SPELLINGS.get(compact, compact)


def range_issue(entry: IoListEntry, point: IoPoint, row: str) -> list[IoListIssue]:
    declared = point.engineering
    if not (entry.has_range and declared.has_range) or point.location is None:
        return []
    if same(entry.low, declared.low) and same(entry.high, declared.high):
        return []
    listed = f"{format_number(entry.low)}..{format_number(entry.high)}"
    return [
        IoListIssue(
            "WERK605",
            f"'{point.signal}' has the range {declared.range_text()} in the code "
            f"({declared.range_source}) but {listed} in the I/O list ({row})",
            point.location,
        )
    ]


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def unit_issue(entry: IoListEntry, point: IoPoint, row: str) -> list[IoListIssue]:
    declared = point.engineering.unit
    if not entry.unit or not declared or point.location is None:
        return []
    comparison = compare_units(declared, entry.unit)
    head = f"'{point.signal}' is in {declared} in the code but in {entry.unit} in the I/O list"
    if comparison.agreement is Agreement.SAME:
        return []
    if comparison.agreement is Agreement.CONTRADICTS:
        message = f"{head} ({row}): different quantities"
    elif comparison.agreement is Agreement.SCALED and comparison.offset:
        message = f"{head} ({row}): 0 {declared} = {comparison.offset:g} {entry.unit}"
    elif comparison.agreement is Agreement.SCALED:
        factor = f": 1 {declared} = {comparison.factor:g} {entry.unit}" if comparison.factor else ""
        message = f"{head} ({row}){factor}"
    else:
        message = f"{head} ({row}): not a unit werk knows, and the two differ"
    return [IoListIssue("WERK606", message, point.location)]


def overlapping_rows(entries: list[IoListEntry], addressing: str) -> list[IoListIssue]:
    """Rows whose addresses share bits, each reported once against the first row it overlaps."""
    placed = []
    for entry in entries:
        parsed = IoAddress.parse(entry.address) if entry.address else None
        extent = parsed.extent(addressing) if parsed is not None else None
        if extent is not None:
            placed.append((extent, entry))
    by_area: dict[str, list[int]] = defaultdict(list)
    for index, (extent, _) in enumerate(placed):
        by_area[extent.area].append(index)
    issues: list[IoListIssue] = []
    for indexes in by_area.values():
        indexes.sort(key=lambda i: (placed[i][0].start, i))
        open_: list[int] = []
        for index in indexes:
            extent, entry = placed[index]
            open_ = [i for i in open_ if placed[i][0].end > extent.start]
            earlier = min(open_, default=None)
            if earlier is not None:
                other = placed[earlier][1]
                first, later = sorted((other, entry), key=lambda e: (str(e.row.path), e.row.row))
                issues.append(
                    IoListIssue(
                        "WERK607",
                        f"Address {later.address} of '{later.tag}' overlaps {first.address} "
                        f"of '{first.tag}' ({first.row.describe()})",
                        later.row,
                    )
                )
            open_.append(index)
    return issues
