"""The graph's nodes, one per module: each a plain function ``(state, deps) -> update``."""
