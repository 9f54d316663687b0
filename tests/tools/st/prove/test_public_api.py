"""The package's public surface is what its __all__ says, and it imports without side effects."""

from __future__ import annotations

import werk.tools.st.prove as prove


def test_public_api() -> None:
    assert sorted(prove.__all__) == sorted(
        [
            "PATTERNS",
            "Agents4PlcTask",
            "CheckOptions",
            "InputRange",
            "Pattern",
            "Property",
            "PropertyFile",
            "PropertyResult",
            "Quantifier",
            "Trace",
            "TraceCycle",
            "Verdict",
            "check_properties",
            "find_task",
            "load_trace",
            "parse_tasks",
            "properties_from_agents4plc",
            "read_property_file",
            "read_tasks",
            "render_results",
            "render_trace",
            "replay_property",
            "results_json",
            "save_trace",
        ]
    )
    for name in prove.__all__:
        assert hasattr(prove, name)
