"""A merged index of per-POU summaries follows every change of a summary exactly."""

from __future__ import annotations

from tests.tools.st.model.conftest import MakeProject
from werk.tools.st.model.summary_index import SummaryIndex

SOURCE = """\
FUNCTION_BLOCK FB_A
END_FUNCTION_BLOCK
FUNCTION_BLOCK FB_B
END_FUNCTION_BLOCK
"""


def test_changed_replaced_and_removed_summaries(make_project: MakeProject) -> None:
    project = make_project(SOURCE)
    a, b = project.find_pou("FB_A"), project.find_pou("FB_B")
    assert a is not None and b is not None
    index: SummaryIndex[str, int] = SummaryIndex()
    index.update([(a, {"x": 1, "y": 2}), (b, {"x": 3})])
    assert dict(index.get("x")) == {a: 1, b: 3}
    assert dict(index.get("y")) == {a: 2}

    index.update([(a, {"y": 5}), (b, {"x": 3})])  # a's summary changed in place
    assert dict(index.get("x")) == {b: 3}
    assert dict(index.get("y")) == {a: 5}

    index.update([(b, {"x": 3})])  # a left the project
    assert "y" not in index and dict(index.get("y")) == {}
    assert dict(index.get("x")) == {b: 3}

    index.update([])
    assert "x" not in index


def test_an_unchanged_summary_is_recognised_by_identity(make_project: MakeProject) -> None:
    project = make_project(SOURCE)
    a = project.find_pou("FB_A")
    assert a is not None
    summary = {"x": 1}
    index: SummaryIndex[str, int] = SummaryIndex()
    index.update([(a, summary)])
    index.update([(a, summary)])
    assert dict(index.get("x")) == {a: 1}
