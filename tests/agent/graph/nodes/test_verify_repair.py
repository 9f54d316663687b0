"""Nodes ``verify`` and ``repair``: the gate's verdict recorded step by step, and its evidence
handed back to the model."""

from __future__ import annotations

from pathlib import Path

from langchain_core.messages import HumanMessage

from tests.agent.graph.harness import advance, harness
from werk.agent.graph.nodes.gather_context import gather_context
from werk.agent.graph.nodes.repair import repair
from werk.agent.graph.nodes.verify import verify

PUMP = "plc/fb_pump.st"


def test_a_change_that_breaks_a_trace_fails_with_the_diverging_cycle(tmp_path: Path) -> None:
    deps, state, events = harness(tmp_path, [])
    state = advance(state, gather_context(state, deps))
    baseline = state["baseline"]
    assert baseline is not None and baseline["failing_tests"] == []
    assert baseline["failing_properties"] == ["tests/fb_pump.props.yaml::never-runs-dry"]
    pump = deps.workspace.root / PUMP
    pump.write_text(pump.read_text().replace("bRun := bStart;", "bRun := NOT bLevelLow;"))
    update = verify(state, deps)
    (record,) = update["verifications"]
    assert not record["passed"] and record["attempt"] == 1
    assert record["changed_files"] == [PUMP]
    failed = {step["name"]: step for step in record["steps"] if not step["passed"]}
    assert list(failed) == ["st-tests", "st-properties"]
    assert "cycle 1 (t=0ms): bRun expected FALSE, got TRUE" in failed["st-tests"]["evidence"]
    assert events.of("verify")[0]["phase"] == "start"
    assert events.of("verify")[-1] == {
        "attempt": 1,
        "phase": "end",
        "passed": False,
        "seconds": record["duration_s"],
    }

    state = advance(state, update)
    repaired = repair(state, deps)
    (message,) = repaired["messages"]
    assert isinstance(message, HumanMessage)
    text = str(message.content)
    assert text.startswith(
        "Verification failed: st-tests, st-properties. This is repair round 1 of 2."
    )
    assert "bRun expected FALSE, got TRUE" in text
    assert "<<<DATA" in text
    assert repaired["repairs"] == 1 and repaired["finished"] is False


def test_the_context_message_holds_the_task_and_the_fenced_context(tmp_path: Path) -> None:
    deps, state, events = harness(tmp_path, [])
    update = gather_context(state, deps)
    (message,) = update["messages"]
    text = str(message.content)
    assert text.startswith("Task:\nFB_Pump must not run dry")
    assert "<<<DATA" in text and "FUNCTION_BLOCK FB_Pump (plc/fb_pump.st:1)" in text
    assert update["context"]["pous"] == ["FB_Pump"]
    assert events.of("context")[0]["pous"] == ["FB_Pump"]
