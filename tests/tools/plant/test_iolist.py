"""Reading I/O lists: CSV dialects and encodings, Excel sheets, header rows, column mapping."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from werk.tools.errors import ConfigError, WerkError
from werk.tools.plant.iolist import IoListEntry, read_io_list


def entry_fields(entry: IoListEntry) -> tuple[object, ...]:
    return (
        entry.tag, entry.address, entry.address_text, entry.data_type, entry.description,
        entry.unit, entry.low, entry.high, entry.device, entry.row.row,
    )  # fmt: skip


def test_a_semicolon_csv_with_a_title_and_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "io.csv"
    path.write_bytes(
        "I/O-Liste Anlage 1;;;;\r\n"
        ";;;;\r\n"
        "Kennzeichen;Adresse;Datentyp;Beschreibung;Einheit;Bereich;Klemme\r\n"
        "bStart;E 0.0;Bool;Taster Start;;;-S1\r\n"
        ";;;;leer\r\n"
        "rTemp;EW 64;Int;Temperatur Kessel;°C;-20 … 80;-B4\r\n".encode("cp1252")
    )
    io_list = read_io_list(path)
    assert io_list.columns == {
        "tag": "Kennzeichen", "address": "Adresse", "data_type": "Datentyp",
        "description": "Beschreibung", "unit": "Einheit", "range": "Bereich", "device": "Klemme",
    }  # fmt: skip
    assert [entry_fields(e) for e in io_list.entries] == [
        ("bStart", "%IX0.0", "E 0.0", "BOOL", "Taster Start", None, None, None, "-S1", 4),
        ("rTemp", "%IW64", "EW 64", "INT", "Temperatur Kessel", "°C", -20.0, 80.0, "-B4", 6),
    ]
    row = io_list.entries[1].row
    assert path.read_bytes()[row.start : row.end].decode("cp1252").startswith("rTemp;EW 64")


def test_a_comma_csv_with_min_and_max_columns(tmp_path: Path) -> None:
    path = tmp_path / "io.csv"
    path.write_text('Tag,Address,Type,Min,Max,Comment\nnLevel,%IW2,INT,0,2000,"tank, left"\n')
    [entry] = read_io_list(path).entries
    assert entry_fields(entry) == (
        "nLevel", "%IW2", "%IW2", "INT", "tank, left", None, 0.0, 2000.0, None, 2,
    )  # fmt: skip


def test_columns_can_be_named(tmp_path: Path) -> None:
    path = tmp_path / "io.csv"
    path.write_text("Symbol;Channel;Kind\nbHorn;%QX1.0;BOOL\n")
    io_list = read_io_list(
        path, columns={"tag": "Symbol", "address": "channel", "data_type": "KIND"}
    )
    assert [entry_fields(e) for e in io_list.entries] == [
        ("bHorn", "%QX1.0", "%QX1.0", "BOOL", None, None, None, None, None, 2)
    ]
    with pytest.raises(ConfigError, match="no column 'Unit' for unit; the header row has: Symbol"):
        read_io_list(path, columns={"tag": "Symbol", "unit": "Unit"})
    with pytest.raises(ConfigError, match="unknown field colour"):
        read_io_list(path, columns={"colour": "Farbe"})


def test_a_list_without_a_tag_column(tmp_path: Path) -> None:
    path = tmp_path / "io.csv"
    path.write_text("Foo;Bar\n1;2\n")
    with pytest.raises(ConfigError, match="no header row with a tag column"):
        read_io_list(path)


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="I/O list not found"):
        read_io_list(tmp_path / "missing.csv")
    (tmp_path / "io.txt").write_text("Tag\n")
    with pytest.raises(ConfigError, match=r"must be a \.csv or \.xlsx file"):
        read_io_list(tmp_path / "io.txt")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip file")
    with pytest.raises(WerkError, match="not a readable Excel workbook"):
        read_io_list(tmp_path / "broken.xlsx")


def excel(path: Path) -> None:
    workbook = openpyxl.Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Plant 1, I/O list, revision C"])
    sheet = workbook.create_sheet("IO")
    sheet.append(["Project: filling line"])
    sheet.append(["Tag", "Address", "Data type", "Unit", "Min", "Max", "Device"])
    sheet.append(["nPressure", "%IW4", "INT", "bar", 0, 16.5, "-B2"])
    sheet.append([None, None, None])
    sheet.append(["bValve", "A 1.0", "BOOL", None, None, None, "-Y1"])
    workbook.save(path)


def test_an_excel_sheet(tmp_path: Path) -> None:
    path = tmp_path / "io.xlsx"
    excel(path)
    io_list = read_io_list(path, sheet="IO")
    assert io_list.sheet == "IO"
    assert [entry_fields(e) for e in io_list.entries] == [
        ("nPressure", "%IW4", "%IW4", "INT", None, "bar", 0.0, 16.5, "-B2", 3),
        ("bValve", "%QX1.0", "A 1.0", "BOOL", None, None, None, None, "-Y1", 5),
    ]
    assert io_list.entries[0].row.describe() == "io.xlsx, sheet IO, row 3"
    with pytest.raises(
        ConfigError, match=r"no sheet 'I/O' \(did you mean 'IO'\?\); sheets: Cover, IO"
    ):
        read_io_list(path, sheet="I/O")
    with pytest.raises(ConfigError, match="no header row with a tag column"):
        read_io_list(path)  # the first sheet is the cover
