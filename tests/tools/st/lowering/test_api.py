"""The public surface of the lowering package."""

from __future__ import annotations

import werk.tools.st.lowering as lowering


def test_public_names_are_pinned() -> None:
    assert sorted(lowering.__all__) == ["LoweredSource", "Rewrite", "RewriteKind", "lower"]
