"""The names ``werk.tools.plant`` promises to the agent and the language server."""

from __future__ import annotations

import werk.tools.plant
import werk.tools.plant.views


def test_public_names() -> None:
    assert werk.tools.plant.__all__ == [
        "Binding", "Direction", "Engineering", "FbInstance", "IoAddress", "IoLink", "IoList",
        "IoListEntry", "IoListIssue", "IoPoint", "MultiTaskWrite", "PlcTask", "ProgramRun",
        "SignalFlow", "SignalStep", "Slice", "SliceDirection", "SliceStep", "SystemModel",
        "compare", "engineering_of", "read_io_list",
    ]  # fmt: skip
    assert werk.tools.plant.views.__all__ == [
        "relative_to", "slice_json", "slice_text", "system_dot", "system_html", "system_json",
        "system_text",
    ]  # fmt: skip
    for module in (werk.tools.plant, werk.tools.plant.views):
        assert all(hasattr(module, name) for name in module.__all__)
