"""Personalised PageRank: exact values on small graphs, distribution properties on random ones."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from werk.tools.code.pagerank import SparseColumns, TransitionMatrix


def test_two_nodes_pointing_at_each_other_share_equally() -> None:
    matrix = TransitionMatrix.from_edges(2, [(0, 1, 1.0), (1, 0, 3.0)])
    assert matrix.pagerank() == pytest.approx([0.5, 0.5], abs=1e-9)


def test_a_dangling_node_hands_its_rank_back_by_the_teleport() -> None:
    # a -> b, b dangling, uniform teleport, d = 0.85:
    # r_a = 0.075 + 0.425 r_b and r_a + r_b = 1, so r_a = 0.5 / 1.425.
    ranks = TransitionMatrix.from_edges(2, [(0, 1, 1.0)]).pagerank(tolerance=1e-12)
    assert ranks == pytest.approx([0.5 / 1.425, 1 - 0.5 / 1.425], abs=1e-9)


def test_personalisation_concentrates_rank_on_the_focus_and_what_it_points_to() -> None:
    # 0 -> 1 -> 2, and 3 alone; restart at 0 only.
    matrix = TransitionMatrix.from_edges(4, [(0, 1, 1.0), (1, 2, 1.0)])
    ranks = matrix.pagerank([1.0, 0.0, 0.0, 0.0])
    assert ranks[3] == 0.0
    assert ranks[1] > 0.0 and ranks[2] > 0.0


def test_parallel_edges_add_up_and_useless_ones_are_dropped() -> None:
    matrix = TransitionMatrix.from_edges(
        3, [(0, 1, 1.0), (0, 1, 1.0), (0, 2, 2.0), (1, 2, 0.0), (2, 0, math.nan)]
    )
    assert matrix.columns.product([1.0, 0.0, 0.0]) == pytest.approx([0.0, 0.5, 0.5])
    assert matrix.dangling == (1, 2)


def test_sparse_columns_multiply_by_column() -> None:
    columns = SparseColumns.from_entries(3, [(0, 2, 2.0), (1, 2, 3.0), (2, 0, 1.0)])
    assert columns.product([1.0, 10.0, 100.0]) == [100.0, 0.0, 32.0]


def test_a_restart_weight_keeps_weak_edges_from_carrying_all_the_rank() -> None:
    # 0 -> 1 with weight 1 and restart weight 3: a quarter of 0's rank follows the edge.
    matrix = TransitionMatrix.from_edges(2, [(0, 1, 1.0)], restart_weight=3.0)
    assert matrix.restarts == (0.75, 1.0)
    assert matrix.columns.product([1.0, 0.0]) == [0.0, 0.25]
    strong = TransitionMatrix.from_edges(2, [(0, 1, 9.0)], restart_weight=3.0).pagerank()
    weak = matrix.pagerank()
    assert strong[1] > weak[1] > 0.5


def test_damping_outside_its_range_is_refused() -> None:
    with pytest.raises(ValueError, match="damping"):
        TransitionMatrix.from_edges(1, []).pagerank(damping=1.0)


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int, float]]]:
    size = draw(st.integers(1, 25))
    node = st.integers(0, size - 1)
    weight = st.floats(0.0, 1e6, allow_nan=False)
    return size, draw(st.lists(st.tuples(node, node, weight), max_size=80))


@settings(max_examples=150, deadline=None)
@given(graphs(), st.data(), st.floats(0.0, 0.99), st.sampled_from([0.0, 0.5, 3.0]))
def test_ranks_are_a_stationary_probability_distribution(
    graph: tuple[int, list[tuple[int, int, float]]],
    data: st.DataObject,
    damping: float,
    restart_weight: float,
) -> None:
    size, edges = graph
    personalization = data.draw(
        st.none() | st.lists(st.floats(0.0, 100.0), min_size=size, max_size=size)
    )
    matrix = TransitionMatrix.from_edges(size, edges, restart_weight)
    ranks = matrix.pagerank(personalization, damping=damping, tolerance=1e-12, max_iterations=2000)
    assert len(ranks) == size
    assert all(rank >= 0.0 for rank in ranks)
    assert abs(math.fsum(ranks) - 1.0) <= 1e-9

    # One more step of the iteration leaves the ranks where they are.
    total = sum(personalization or [])
    teleport = (
        [p / total for p in personalization] if personalization and total > 0 else [1 / size] * size
    )
    kept = damping * sum(r * share for r, share in zip(ranks, matrix.restarts, strict=True))
    kept += 1 - damping
    flowing = matrix.columns.product(ranks)
    step = [damping * f + kept * t for f, t in zip(flowing, teleport, strict=True)]
    assert step == pytest.approx(ranks, abs=1e-6)
