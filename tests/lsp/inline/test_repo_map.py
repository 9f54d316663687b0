"""The ranked repository map in ghost-text prompts: personalised, cached, within budget."""

from __future__ import annotations

from pathlib import Path

from werk.lsp.inline.repo_map import RepositoryMap, content_fingerprint, names_near
from werk.tools.code import SymbolIndex

FILES = {
    "flow.py": "def compute_flow_rate(level, valve_open):\n    return level\n",
    "valve.py": "class ValveControl:\n    def open_valve(self):\n        return True\n",
    "alarm.py": "def raise_alarm(text):\n    print(text)\n",
    "pump.py": (
        "from flow import compute_flow_rate\n\n\ndef pump_command(level):\n"
        "    return compute_flow_rate(level, True)\n"
    ),
}


def repository(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def index_of(root: Path) -> SymbolIndex:
    return SymbolIndex.build(root, use_cache=False)


def test_names_near_the_cursor_come_from_the_lines_around_it() -> None:
    prefix = "far_away = 1\na = 1\nb = 2\nc = 3\nd = first + "
    suffix = "second\ne = third\nf = 4\ng = beyond\n"
    names = names_near(prefix, suffix)
    assert "far_away" not in names and "beyond" not in names
    assert {"first", "second", "third", "a"} <= set(names)


def test_the_graph_is_rebuilt_only_when_the_indexed_content_changes(tmp_path: Path) -> None:
    root = repository(tmp_path)
    repo_map = RepositoryMap()
    first = index_of(root)
    assert repo_map.refresh(first)
    assert not repo_map.refresh(first)
    again = index_of(root)  # a re-scan of unchanged files
    assert content_fingerprint(again) == content_fingerprint(first)
    assert not repo_map.refresh(again)
    (root / "alarm.py").write_text("def raise_alarm(text, level):\n    pass\n", encoding="utf-8")
    assert repo_map.refresh(index_of(root))


def test_the_map_leaves_out_the_file_itself_and_lifts_the_names_near_the_cursor(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path)
    repo_map = RepositoryMap()
    repo_map.refresh(index_of(root))
    focus = (root / "pump.py").resolve()
    repo_map.warm(focus)
    plain = repo_map.text(focus, [], 4000)
    assert "pump_command" not in plain
    assert "def compute_flow_rate(level, valve_open):" in plain
    lifted = repo_map.text(focus, ["raise_alarm", "pump_command"], 4000)
    assert lifted.startswith("alarm.py:\ndef raise_alarm(text):")


def test_a_lifted_method_keeps_its_class_line(tmp_path: Path) -> None:
    root = repository(tmp_path)
    repo_map = RepositoryMap()
    repo_map.refresh(index_of(root))
    text = repo_map.text((root / "pump.py").resolve(), ["open_valve"], 4000)
    assert text.startswith("valve.py:\nclass ValveControl:\n    def open_valve(self):")


def test_the_map_fits_its_budget_and_is_reused(tmp_path: Path) -> None:
    root = repository(tmp_path)
    repo_map = RepositoryMap()
    assert repo_map.text(root / "pump.py", [], 4000) == ""  # no index yet
    repo_map.refresh(index_of(root))
    focus = (root / "pump.py").resolve()
    small = repo_map.text(focus, [], 60)
    assert 0 < len(small) <= 60
    assert repo_map.text(focus, [], 60) is small
    assert repo_map.text(focus, [], 2) == ""


def test_the_cursors_own_line_comes_first() -> None:
    names = names_near("a = far\nb = near(", "arg)\nc = after\n")
    assert names[:3] == ["b", "near", "arg"]
    assert set(names) == {"a", "far", "b", "near", "arg", "c", "after"}
