"""What a task names: files, identifiers, addresses, and the plain words left over."""

from __future__ import annotations

from werk.agent.graph.gathering.mentions import find_mentions

FILES = ["plc/main.st", "plc/fb_valve.st", "Plc/POUs/FB_Conveyor.TcPOU", "src/flow.py"]


def test_code_names_addresses_and_files() -> None:
    mentions = find_mentions(
        "The conveyor FB_Conveyor must stop when GVL_IO.bEmergencyStop is set; "
        "%qx0.1 drives it. See plc/main.st and fb_valve.st.",
        FILES,
    )
    assert mentions.files == ("plc/main.st", "plc/fb_valve.st")
    assert mentions.identifiers == (
        "FB_Conveyor",
        "GVL_IO.bEmergencyStop",
        "GVL_IO",
        "bEmergencyStop",
    )
    assert mentions.addresses == ("%QX0.1",)
    assert "conveyor" in mentions.words
    assert "main" not in mentions.words and "st" not in mentions.words


def test_case_and_backslashes_of_windows_paths() -> None:
    mentions = find_mentions(r"Fix plc\MAIN.st and Plc\POUs\FB_Conveyor.TcPOU", FILES)
    assert mentions.files == ("plc/main.st", "Plc/POUs/FB_Conveyor.TcPOU")


def test_paths_that_do_not_exist_are_not_files() -> None:
    assert find_mentions("edit plc/other.st", FILES).files == ()


def test_a_file_name_shared_by_two_folders_needs_its_folder() -> None:
    mentions = find_mentions("look at main.st", ["a/main.st", "b/main.st"])
    assert mentions.files == ()


def test_repeated_names_are_listed_once() -> None:
    mentions = find_mentions("tonDelay and TONDELAY and tonDelay", [])
    assert mentions.identifiers == ("tonDelay",)
