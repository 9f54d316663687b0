"""Personalised PageRank by power iteration, in pure Python.

Follows Page et al., "The PageRank Citation Ranking" (1999), with the
personalisation ("teleport") vector of Haveliwala, "Topic-Sensitive
PageRank" (2002)::

    r' = d · (r · P  +  m · p)  +  (1 - d) · p

where ``P`` is the row-normalised weighted adjacency matrix, ``p`` the
personalisation vector (uniform when none is given), ``m`` the rank held by
nodes without outgoing edges ("dangling" nodes, whose rank is handed out
like a teleport, as networkx does) and ``d`` the damping factor. Every step
keeps ``r`` a probability distribution.

One extension: a node may keep a share of its rank for the teleport beside
its edges (``restart_weight``), as if it had one more edge, to everywhere.
Then weak edges carry little rank even from a node that has no strong ones;
``m`` is the rank so kept, the dangling nodes' included.

Speed without numpy: the matrix is stored as flat arrays sorted by target
(``SparseColumns``), and a product with a vector is a few passes of C loops
(``map``, ``operator.mul``, ``itertools.accumulate``) with no Python loop per
node or edge. A thousand-file repository ranks in a few milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, mul, sub

DEFAULT_DAMPING = 0.85
DEFAULT_TOLERANCE = 1e-6
"""L1 change between two steps below which the ranks count as converged."""
DEFAULT_MAX_ITERATIONS = 100


@dataclass(frozen=True)
class SparseColumns:
    """A sparse matrix by column: ``product(v)[t] = Σ v[s] · w`` over the entries ``(s, t, w)``."""

    sources: tuple[int, ...]
    weights: tuple[float, ...]
    starts: tuple[int, ...]
    """Column ``t``'s entries are ``sources[starts[t]:ends[t]]``."""
    ends: tuple[int, ...]

    @classmethod
    def from_entries(cls, columns: int, entries: Iterable[tuple[int, int, float]]) -> SparseColumns:
        ordered = sorted(entries, key=lambda entry: entry[1])
        counts = [0] * columns
        for _, target, _ in ordered:
            counts[target] += 1
        ends = tuple(accumulate(counts))
        starts = (0, *ends[:-1]) if columns else ()
        return cls(
            tuple(source for source, _, _ in ordered),
            tuple(weight for _, _, weight in ordered),
            starts,
            ends,
        )

    def product(self, vector: Sequence[float]) -> list[float]:
        """One sum of products per column, in C loops.

        The sums are differences of running totals. With non-negative vectors
        and weights the running total never decreases (rounding is monotone),
        so no column sum comes out negative.
        """
        products = map(mul, map(vector.__getitem__, self.sources), self.weights)
        running = list(accumulate(products, initial=0.0))
        at = running.__getitem__
        return list(map(sub, map(at, self.ends), map(at, self.starts)))


@dataclass(frozen=True)
class TransitionMatrix:
    """Weighted edges between ``size`` nodes, normalised per source."""

    size: int
    columns: SparseColumns
    restarts: tuple[float, ...]
    """The share of each node's rank that restarts by the teleport instead of following an
    edge: 1 for a node without edges ("dangling")."""

    @classmethod
    def from_edges(
        cls, size: int, edges: Iterable[tuple[int, int, float]], restart_weight: float = 0.0
    ) -> TransitionMatrix:
        """Edges as ``(source, target, weight)``; parallel ones add up, non-positive ones drop.

        With a ``restart_weight``, each node also restarts with that weight beside
        its edges, so that a node with only weak edges sends only a little rank
        along them (plain PageRank, 0, sends it all, however weak the edges).
        """
        if restart_weight < 0.0:
            raise ValueError(f"restart_weight must not be negative, not {restart_weight}")
        combined: dict[tuple[int, int], float] = {}
        out_weight = [0.0] * size
        for source, target, weight in edges:
            if not weight > 0.0 or not math.isfinite(weight):
                continue
            combined[source, target] = combined.get((source, target), 0.0) + weight
            out_weight[source] += weight
        total = [weight + restart_weight for weight in out_weight]
        entries = [
            (source, target, weight / total[source])
            for (source, target), weight in combined.items()
        ]
        restarts = tuple(
            1.0 if out_weight[node] == 0.0 else restart_weight / total[node] for node in range(size)
        )
        return cls(size, SparseColumns.from_entries(size, entries), restarts)

    @property
    def dangling(self) -> tuple[int, ...]:
        """Nodes with no outgoing edge."""
        return tuple(node for node, share in enumerate(self.restarts) if share == 1.0)

    def pagerank(
        self,
        personalization: Sequence[float] | None = None,
        *,
        damping: float = DEFAULT_DAMPING,
        tolerance: float = DEFAULT_TOLERANCE,
        max_iterations: int = DEFAULT_MAX_ITERATIONS,
    ) -> list[float]:
        """The stationary ranks: non-negative, summing to 1.

        ``personalization`` weights need not be normalised; all zero (or
        none) means uniform.
        """
        if not 0.0 <= damping < 1.0:
            raise ValueError(f"damping must be in [0, 1), not {damping}")
        size = self.size
        if size == 0:
            return []
        teleport = _distribution(personalization, size)
        ranks = list(teleport)
        restarts = self.restarts
        for _ in range(max_iterations):
            kept = damping * math.fsum(map(mul, ranks, restarts)) + (1.0 - damping)
            flowing = self.columns.product(ranks)
            following = list(
                map(add, map(mul, flowing, repeat(damping)), map(mul, teleport, repeat(kept)))
            )
            change = sum(map(abs, map(sub, following, ranks)))
            ranks = following
            if change < tolerance:
                break
        return _distribution(ranks, size)


def _distribution(values: Sequence[float] | None, size: int) -> list[float]:
    """``values`` clipped to non-negative and scaled to sum to 1; uniform if that is impossible."""
    if values is None:
        return [1.0 / size] * size
    if len(values) != size:
        raise ValueError(f"expected {size} values, got {len(values)}")
    clipped = [value if value > 0.0 and math.isfinite(value) else 0.0 for value in values]
    total = math.fsum(clipped)
    if total <= 0.0:
        return [1.0 / size] * size
    return [value / total for value in clipped]
