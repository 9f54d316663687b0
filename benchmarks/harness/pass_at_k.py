"""pass@k with the unbiased estimator of Chen et al. (2021), "Evaluating Large
Language Models Trained on Code": from n samples of which c pass, the chance
that at least one of k samples drawn without replacement passes,
1 - C(n-c, k) / C(n, k).
"""

from __future__ import annotations

from math import comb


def pass_at_k(n: int, c: int, k: int) -> float:
    if not 0 <= c <= n:
        raise ValueError(f"passing samples ({c}) must be between 0 and n ({n})")
    if not 1 <= k <= n:
        raise ValueError(f"k ({k}) must be between 1 and the number of samples ({n})")
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)
