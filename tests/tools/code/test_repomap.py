"""The reference graph, its ranking, and the map rendered from it, on a repository small
enough that the right order is obvious."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tools.code.helpers import write_files
from werk.tools.code.index import IndexedFile, IndexStats, SymbolIndex
from werk.tools.code.repomap import (
    ReferenceGraph,
    estimate_tokens,
    identifier_factor,
    render_map,
)
from werk.tools.code.tags import Tag

# core.py is used by three files; pump.py by one; util.py by none.
REPOSITORY = {
    "core.py": """
        class Valve:
            def open_valve(self) -> None:
                pass


        def read_sensor(channel: int) -> float:
            return 0.0
        """,
    "pump.py": """
        from core import Valve, read_sensor


        def run_pump() -> None:
            read_sensor(1)
            Valve().open_valve()
        """,
    "mixer.py": """
        from core import read_sensor


        def mix() -> None:
            read_sensor(2)
        """,
    "heater.py": """
        from core import read_sensor


        def heat() -> None:
            read_sensor(3)
        """,
    "report.py": """
        from pump import run_pump


        def summary() -> None:
            run_pump()
        """,
    "util.py": """
        def lonely_helper() -> None:
            pass
        """,
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> ReferenceGraph:
    root = write_files(tmp_path_factory.mktemp("plant"), REPOSITORY)
    return ReferenceGraph.from_index(SymbolIndex.build(root, use_cache=False))


def order(ranks: dict[str, float]) -> list[str]:
    return sorted(ranks, key=lambda path: (-ranks[path], path))


def test_edges_run_from_referencing_to_defining_files(graph: ReferenceGraph) -> None:
    assert set(graph.edges()) == {
        ("pump.py", "core.py"),
        ("mixer.py", "core.py"),
        ("heater.py", "core.py"),
        ("report.py", "pump.py"),
    }
    weights = graph.edges()
    # pump.py uses three names of core.py; mixer.py one.
    assert weights["pump.py", "core.py"] > weights["mixer.py", "core.py"]


def test_the_module_everyone_uses_ranks_first(graph: ReferenceGraph) -> None:
    ranking = graph.rank()
    assert order(dict(ranking.file_ranks))[:2] == ["core.py", "pump.py"]
    assert ranking.definitions[0].tag.name == "read_sensor"
    assert sum(ranking.file_ranks.values()) == pytest.approx(1.0, abs=1e-12)


def test_focusing_on_a_file_lifts_its_neighbours_and_hides_it_from_the_map(
    graph: ReferenceGraph,
) -> None:
    plain = graph.rank().file_ranks
    focused = graph.rank(focus_files=["report.py"])
    assert focused.file_ranks["pump.py"] > plain["pump.py"]
    assert focused.file_ranks["pump.py"] > focused.file_ranks["mixer.py"]
    assert focused.definitions[0].tag.name == "run_pump"
    assert all(item.tag.path != "report.py" for item in focused.definitions)
    assert focused.focus_files == {"report.py"}


def test_focus_files_may_be_given_as_absolute_paths(graph: ReferenceGraph) -> None:
    by_relative = graph.rank(focus_files=["mixer.py"])
    by_absolute = graph.rank(focus_files=[graph.root / "mixer.py", "not/indexed.py"])
    assert by_absolute.file_ranks == by_relative.file_ranks
    assert by_absolute.focus_files == {"mixer.py"}


def test_mentioned_identifiers_lift_their_definitions(graph: ReferenceGraph) -> None:
    ranking = graph.rank(mentioned_identifiers=["LONELY_HELPER"])
    assert ranking.definitions[0].tag.name == "lonely_helper"
    assert order(dict(ranking.file_ranks))[0] == "util.py"
    # The rest keeps its global order.
    assert order(dict(ranking.file_ranks))[1:3] == ["core.py", "pump.py"]


def test_identifier_weights() -> None:
    assert identifier_factor("compute_flow_rate", 1) > identifier_factor("flow", 1)
    assert identifier_factor("FB_ValveControl", 1) > identifier_factor("Valve", 1)
    assert identifier_factor("_helper", 1) < identifier_factor("helper", 1)
    assert identifier_factor("run", 12) < identifier_factor("run", 2)


def test_the_map_outlines_files_with_elisions(graph: ReferenceGraph) -> None:
    text = render_map(graph.rank(focus_files=["report.py"]), token_budget=1000)
    assert text == (
        "pump.py:\n"
        "def run_pump() -> None:\n"
        "core.py:\n"
        "class Valve:\n"
        "    def open_valve(self) -> None:\n"
        "⋮\n"
        "def read_sensor(channel: int) -> float:\n"
        "heater.py:\n"
        "def heat() -> None:\n"
        "mixer.py:\n"
        "def mix() -> None:\n"
        "util.py:\n"
        "def lonely_helper() -> None:\n"
    )


def test_a_method_is_shown_inside_its_class(graph: ReferenceGraph) -> None:
    ranking = graph.rank(mentioned_identifiers=["open_valve"])
    assert ranking.definitions[0].tag.name == "open_valve"
    assert [outer.name for outer in ranking.definitions[0].enclosing] == ["Valve"]
    text = "core.py:\nclass Valve:\n    def open_valve(self) -> None:\n"
    assert render_map(ranking, token_budget=estimate_tokens(text)) == text
    assert render_map(ranking, token_budget=estimate_tokens(text) - 1) == ""


@pytest.mark.parametrize("budget", [0, 5, 10, 20, 40, 80, 1000])
def test_the_map_fits_its_budget_and_grows_with_it(graph: ReferenceGraph, budget: int) -> None:
    ranking = graph.rank(focus_files=["heater.py"])
    text = render_map(ranking, budget)
    assert estimate_tokens(text) <= budget
    larger = render_map(ranking, budget + 15)
    shown = {line for line in text.splitlines() if line != "⋮"}
    assert shown <= {line for line in larger.splitlines() if line != "⋮"}
    assert "heater.py" not in text


def test_tokens_are_estimated_at_four_characters_each() -> None:
    assert [estimate_tokens("x" * n) for n in (0, 1, 4, 5, 8)] == [0, 1, 1, 2, 2]


# --- random repositories --------------------------------------------------------------

NAMES = ["read_sensor", "Valve", "run", "_private", "FB_Pump", "compute_flow_rate", "x"]


@st.composite
def random_indexes(draw: st.DrawFn) -> SymbolIndex:
    files: dict[str, IndexedFile] = {}
    for number in range(draw(st.integers(1, 12))):
        path = f"m{number}.py"
        tags = []
        for line, (kind, name) in enumerate(
            draw(st.lists(st.tuples(st.sampled_from(["def", "ref"]), st.sampled_from(NAMES)))),
            start=1,
        ):
            tags.append(Tag(path, name, kind, "function", line, 0, len(name), name, line, name))
        files[path] = IndexedFile(path, "python", str(number), tags, False)
    return SymbolIndex(Path("/repo"), files, IndexStats())


@settings(max_examples=60, deadline=None)
@given(random_indexes(), st.data())
def test_ranks_are_a_probability_distribution_for_random_repositories(
    index: SymbolIndex, data: st.DataObject
) -> None:
    graph = ReferenceGraph.from_index(index)
    focus = data.draw(st.lists(st.sampled_from(sorted(index.files)), max_size=3))
    mentioned = data.draw(st.lists(st.sampled_from([*NAMES, "unknown"]), max_size=2))
    ranking = graph.rank(focus_files=focus, mentioned_identifiers=mentioned)
    ranks = list(ranking.file_ranks.values())
    assert abs(sum(ranks) - 1.0) <= 1e-9
    assert all(rank >= 0.0 for rank in ranks)
    scores = [item.score for item in ranking.definitions]
    assert all(score >= 0.0 for score in scores)
    assert scores == sorted(scores, reverse=True)
    assert estimate_tokens(render_map(ranking, 50)) <= 50
