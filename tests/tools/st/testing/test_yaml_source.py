"""YAML read as text with lines: ST values stay as written, mistakes name their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.st.testing import TestDefinitionError
from werk.tools.st.testing.yaml_source import load_yaml


def test_scalars_stay_text_with_lines(tmp_path: Path) -> None:
    root = load_yaml(tmp_path / "a.yaml", "a: 010\nb: [on, TRUE, 16#FF, 1.50]\nc:\n  d: ~\n")
    entries = root.mapping("the file")
    assert entries["a"].plain() == "010"  # not 8, as YAML 1.1 would read it
    assert entries["b"].plain() == ["on", "TRUE", "16#FF", "1.50"]
    assert entries["c"].mapping("c")["d"].plain() == "~"
    assert (entries["a"].line, entries["b"].line, entries["c"].mapping("c")["d"].line) == (1, 2, 4)
    assert root.key_lines == {"a": 1, "b": 2, "c": 3}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1\n", r"a.yaml:2:1: malformed YAML: expected ',' or ']'"),
        ("a: 1\na: 2\n", r"a.yaml:2: duplicate key 'a'"),
        ("? [a]\n: 1\n", r"a.yaml:1: keys must be names"),
        ("", r"a.yaml:1: the file is empty"),
        ("a: b: c\n", r"a.yaml:1:5: malformed YAML: mapping values are not allowed here"),
    ],
)
def test_malformed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TestDefinitionError, match=message):
        load_yaml(tmp_path / "a.yaml", text)


def test_shape_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = load_yaml(tmp_path / "a.yaml", "a: 1\nb: [1]\n")
    entries = root.mapping("the file")
    with pytest.raises(TestDefinitionError, match=r"a.yaml:1: a must be a list"):
        entries["a"].sequence("a")
    with pytest.raises(TestDefinitionError, match=r"a.yaml:2: b must be a single value"):
        entries["b"].scalar("b")
    with pytest.raises(TestDefinitionError, match=r"a.yaml:2: unknown key 'b' in x \(allowed: a\)"):
        root.check_keys("x", {"a"})
