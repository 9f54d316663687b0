"""I/O lists from CSV and Excel: the electrical design's view of every signal.

An I/O list (I/O-Liste, signal list) is a table kept by the electrical
designer: one row per signal with its tag, PLC address, data type,
description, engineering unit, range and the device or terminal it is wired
to. werk reads it to check the code against it (``werk.tools.plant.iolist_check``).

Columns are found by their header, case-insensitively, among the usual names
(English and German), or by an explicit mapping from field to header text::

    [plant]
    io_lists = ["io/io_list.xlsx"]
    sheet = "IO"                          # Excel: default the first sheet
    [plant.columns]
    tag = "Symbol"
    address = "PLC address"

The header row is the first of the first ten rows that holds a tag column;
rows above it (a title, a revision block) and rows without a tag are
skipped. CSV files may use ``,``, ``;`` or tabs and UTF-8 or Windows-1252
(as Excel writes them). A range is one column (``0..16``, ``0-16``,
``4 … 20``) or two (``min``, ``max``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.errors import ConfigError, WerkError
from werk.tools.plant.addresses import normal_address
from werk.tools.plant.engineering import NUMBER, number, parse_range
from werk.tools.text.lines import LineIndex

FIELDS = ("tag", "address", "data_type", "description", "unit", "range", "low", "high", "device")
HEADERS: dict[str, tuple[str, ...]] = {
    "tag": ("tag", "tag name", "name", "symbol", "symbol name", "variable", "signal", "plc tag",
            "kennzeichen", "bezeichner", "variablenname"),
    "address": ("address", "addr", "io address", "i/o address", "plc address", "adresse",
                "operand", "e/a adresse"),
    "data_type": ("data type", "datatype", "type", "datentyp", "typ"),
    "description": ("description", "comment", "text", "beschreibung", "kommentar"),
    "unit": ("unit", "units", "eng unit", "engineering unit", "einheit"),
    "range": ("range", "signal range", "eng range", "measuring range", "bereich", "messbereich"),
    "low": ("min", "low", "range low", "range min", "minimum", "lo"),
    "high": ("max", "high", "range high", "range max", "maximum", "hi"),
    "device": ("device", "module", "terminal", "card", "slot", "io module", "baugruppe",
               "klemme", "geraet", "gerät"),
}  # fmt: skip
HEADER_ROWS = 10
DELIMITERS = (",", ";", "\t")
SUFFIXES = (".csv", ".xlsx", ".xlsm")
LOOSE_RANGE = re.compile(rf"({NUMBER})\s*(?:\.\.|-|–|…|\bto\b|\bbis\b)\s*({NUMBER})")


@dataclass(frozen=True)
class IoListRow:
    """Where an entry is written: file, sheet, 1-based row; byte span for CSV (0, 0 for Excel)."""

    path: Path
    row: int
    sheet: str | None = None
    start: int = 0
    end: int = 0

    def describe(self) -> str:
        sheet = f", sheet {self.sheet}" if self.sheet else ""
        return f"{self.path.name}{sheet}, row {self.row}"


@dataclass(frozen=True)
class IoListEntry:
    tag: str
    row: IoListRow
    address: str | None = None  # normal form (%IX0.1) when it is an address
    address_text: str | None = None  # as written
    data_type: str | None = None
    description: str | None = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    device: str | None = None

    @property
    def has_range(self) -> bool:
        return self.low is not None or self.high is not None


@dataclass
class IoList:
    path: Path
    sheet: str | None
    columns: dict[str, str]  # field -> the header it was read from
    entries: list[IoListEntry] = field(default_factory=list)


def header_key(text: object) -> str:
    return " ".join(re.sub(r"[_\-:]+", " ", str(text or "")).lower().split())


def read_io_list(
    path: Path, *, sheet: str | None = None, columns: Mapping[str, str] | None = None
) -> IoList:
    """The entries of one I/O list; ``WerkError`` (``ConfigError``) when it cannot be read."""
    columns = dict(columns or {})
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ConfigError(
            f"[plant.columns]: unknown field {', '.join(unknown)}; known: {', '.join(FIELDS)}"
        )
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ConfigError(
            f"{path}: an I/O list must be a .csv or .xlsx file",
            hint="export the list from Excel as .xlsx or CSV",
        )
    if not path.is_file():
        raise ConfigError(f"{path}: I/O list not found", hint="check [plant] io_lists in werk.toml")
    if suffix == ".csv":
        rows, spans, sheet_name = csv_rows(path), csv_spans(path), None
    else:
        rows, sheet_name = excel_rows(path, sheet)
        spans = {}
    return build_list(path, sheet_name, rows, spans, columns)


def csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(1-based first line, cells) of every CSV record."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            rows.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise WerkError(f"{path}:{reader.line_num}: not a readable CSV file: {exc}") from exc
    return rows


def delimiter_of(text: str) -> str:
    """``,``, ``;`` or tab: the one on most of the first lines, then the most frequent.

    (csv.Sniffer gives up on the title rows and empty rows real lists start with.)
    """
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    return max(
        DELIMITERS,
        key=lambda d: (sum(d in line for line in lines), sum(line.count(d) for line in lines)),
    )


def csv_spans(path: Path) -> dict[int, tuple[int, int]]:
    """Byte span of each line of the file (1-based line -> (start, end))."""
    data = path.read_bytes()
    lines = LineIndex(data)
    spans = {}
    for index, start in enumerate(lines.starts):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        spans[index + 1] = (start, end - 1 if end > start and data[end - 1 : end] == b"\r" else end)
    return spans


def excel_rows(path: Path, sheet: str | None) -> tuple[list[tuple[int, list[str]]], str]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise WerkError(
            f"{path}: not a readable Excel workbook: {exc}", hint="save it again as .xlsx"
        ) from exc
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            import difflib

            close = difflib.get_close_matches(sheet, workbook.sheetnames, n=1)
            guess = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(
                f"{path}: no sheet {sheet!r}{guess}; sheets: {', '.join(workbook.sheetnames)}"
            )
        rows = [
            (row_number, ["" if cell is None else cell_text(cell) for cell in values])
            for row_number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
        return rows, worksheet.title
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def find_columns(
    path: Path, rows: Sequence[tuple[int, list[str]]], explicit: Mapping[str, str]
) -> tuple[int, dict[str, int], dict[str, str]]:
    """The header row's index in ``rows``, each field's column, and the headers used."""
    wanted_tag = {header_key(explicit["tag"])} if "tag" in explicit else set(HEADERS["tag"])
    for index, (_, cells) in enumerate(rows[:HEADER_ROWS]):
        keys = [header_key(cell) for cell in cells]
        if not any(k in wanted_tag for k in keys):
            continue
        positions: dict[str, int] = {}
        for name in FIELDS:
            if name in explicit:
                wanted = header_key(explicit[name])
                if wanted not in keys:
                    raise ConfigError(
                        f"{path}: no column {explicit[name]!r} for {name}; "
                        f"the header row has: {', '.join(c for c in cells if c)}"
                    )
                positions[name] = keys.index(wanted)
                continue
            for candidate in HEADERS[name]:
                if candidate in keys and keys.index(candidate) not in positions.values():
                    positions[name] = keys.index(candidate)
                    break
        used = {name: cells[column] for name, column in positions.items()}
        return index, positions, used
    expected = explicit.get("tag") or "Tag, Name or Symbol"
    raise ConfigError(
        f"{path}: no header row with a tag column ({expected}) in the first {HEADER_ROWS} rows",
        hint='name the columns in [plant.columns], e.g. tag = "Symbol"',
    )


def build_list(
    path: Path,
    sheet: str | None,
    rows: list[tuple[int, list[str]]],
    spans: Mapping[int, tuple[int, int]],
    explicit: Mapping[str, str],
) -> IoList:
    header, positions, used = find_columns(path, rows, explicit)
    result = IoList(path, sheet, used)
    for line, cells in rows[header + 1 :]:

        def cell(name: str, cells: list[str] = cells) -> str | None:
            column = positions.get(name)
            if column is None or column >= len(cells):
                return None
            text = str(cells[column]).strip()
            return text or None

        tag = cell("tag")
        if not tag:
            continue
        start, end = spans.get(line, (0, 0))
        low, high = entry_range(cell("range"), cell("low"), cell("high"))
        address_text = cell("address")
        data_type = cell("data_type")
        result.entries.append(
            IoListEntry(
                tag=tag,
                row=IoListRow(path, line, sheet, start, end),
                address=normal_address(address_text),
                address_text=address_text,
                data_type=data_type.upper() if data_type else None,
                description=cell("description"),
                unit=cell("unit"),
                low=low,
                high=high,
                device=cell("device"),
            )
        )
    return result


def entry_range(
    text: str | None, low: str | None, high: str | None
) -> tuple[float | None, float | None]:
    if text:
        found = parse_range(text)
        if found is None:
            loose = LOOSE_RANGE.search(text)
            found = (number(loose.group(1)), number(loose.group(2))) if loose else None
        if found is not None:
            return found
    return optional(low), optional(high)


def optional(text: str | None) -> float | None:
    try:
        return number(text) if text else None
    except ValueError:
        return None
