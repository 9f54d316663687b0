"""The semantic model's public names (changing them breaks rules, the LSP and the agent)."""

from __future__ import annotations

import werk.tools.st.model as model


def test_public_api() -> None:
    assert sorted(model.__all__) == [
        "Configuration", "Conversion", "EnumMember", "GlobalList", "Instance", "Location", "Pou",
        "PouAnalysis", "PouKind", "ProgramInstance", "Project", "Section", "Symbol", "Task",
        "TypeDecl", "TypeKind", "Use", "UseKind", "Variable", "call_graph", "callers",
        "instance_tree", "programs", "standard_library",
    ]  # fmt: skip
    for name in model.__all__:
        assert getattr(model, name) is not None
