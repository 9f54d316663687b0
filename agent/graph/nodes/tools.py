"""Node ``tools``: runs the tool calls of the model's last answer, never crashing on them.

Every tool call gets exactly one answer (a ``ToolMessage``), in the order of
the calls, ``finish`` last. What can go wrong becomes an ``ERROR:`` answer
the model can act on, and is counted:

- an unknown tool name, arguments that do not fit the tool's schema, a call
  whose JSON did not parse: a *malformed* call, against the run's small
  budget of them (``max_malformed_calls``); the tools word the error for
  bad arguments themselves (the expected shape of the call);
- a call that fails (an edit whose search text is not in the file):
  fingerprinted as the tools' repeat detector does (``failure_fingerprint``);
  the same failure ``max_repeated_failures`` times ends the loop with an
  honest report instead of burning the budget;
- an exception escaping a tool (a bug in werk): reported to the model and
  as an ``error`` event, never raised.

The tools fence repository text in their results themselves. Each finished
call is journalled under its call id, so a resumed run replays it instead
of editing twice.
"""

from __future__ import annotations

import logging
from typing import Any

from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.tools import BaseTool
from pydantic import BaseModel, ValidationError

from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.state import AgentState, EditRecord
from werk.agent.tools import FINISH, WRITING_TOOLS, failure_fingerprint, is_error
from werk.agent.tools.formatting import error

log = logging.getLogger(__name__)

SUMMARY_KEYS = ("summary", "message", "text", "description", "result")


def run_tools(state: AgentState, deps: AgentDeps) -> dict[str, Any]:
    answer = state["messages"][-1]
    assert isinstance(answer, AIMessage), "the tools node follows an answer with tool calls"
    step = state.get("steps", 0)
    replies: list[ToolMessage] = []
    edits: list[EditRecord] = []
    failures = dict(state.get("failures", {}))
    malformed = 0
    finish_summary: str | None = None
    ordered = sorted(answer.tool_calls, key=lambda call: call["name"] == FINISH)
    for call in ordered:
        call_id = str(call["id"])
        outcome = deps.journal.recorded(call_id)
        if outcome is None:
            started = deps.clock()
            outcome = _call(deps, call["name"], call["args"], step)
            deps.journal.record(call_id, outcome)  # before anything else can fail
            deps.events(
                "tool",
                {
                    "step": step,
                    "name": call["name"],
                    "ok": not outcome["error"],
                    "malformed": outcome["malformed"],
                    "seconds": round(deps.clock() - started, 3),
                    "args": _short_args(call["args"]),
                },
            )
        else:
            deps.events("tool", {"step": step, "name": call["name"], "replayed": True})
        replies.append(
            ToolMessage(
                content=outcome["content"],
                tool_call_id=call_id,
                name=call["name"],
                status="error" if outcome["error"] else "success",
            )
        )
        malformed += int(outcome["malformed"])
        if outcome.get("edit") is not None:
            edits.append(outcome["edit"])
        if outcome.get("fingerprint"):
            failures[outcome["fingerprint"]] = failures.get(outcome["fingerprint"], 0) + 1
        if call["name"] == FINISH and not outcome["error"]:
            finish_summary = _summary(call["args"])
    for bad in answer.invalid_tool_calls:
        reason = bad.get("error") or "it is not valid JSON"
        text = error(
            f"your tool call could not be read ({reason}).",
            'Answer with one tool call: {"name": <tool>, "arguments": {...}}; '
            f"tools: {', '.join(sorted(deps.tools_by_name))}.",
        )
        replies.append(
            ToolMessage(content=text, tool_call_id=str(bad["id"]), status="error", name="invalid")
        )
        malformed += 1
        deps.events("tool", {"step": step, "name": bad.get("name"), "ok": False, "malformed": True})
    update: dict[str, Any] = {
        "messages": replies,
        "edits": edits,
        "failures": failures,
        "malformed_calls": malformed,
        "tool_calls": len(replies),
    }
    if finish_summary is not None:
        update["finished"] = True
        update["finish_summary"] = finish_summary
    total_malformed = state.get("malformed_calls", 0) + malformed
    worst = max(failures.values(), default=0)
    if total_malformed > deps.settings.max_malformed_calls:
        update["stop_reason"] = f"{total_malformed} unusable tool calls"
    elif worst >= deps.settings.max_repeated_failures:
        update["stop_reason"] = f"the same failing tool call was repeated {worst} times"
    return update


def _call(deps: AgentDeps, name: str, args: dict[str, Any], step: int) -> dict[str, Any]:
    """One tool call as a journal entry: the answer's text and what it means for the run."""
    tools = deps.tools_by_name
    tool = tools.get(name)
    malformed = False
    if tool is None:
        text = error(
            f"there is no tool named {name!r}.", f"Use one of: {', '.join(sorted(tools))}."
        )
        malformed = True
    else:
        malformed = not _arguments_fit(tool, args)
        try:
            text = str(tool.invoke(args))
        except Exception as exc:  # a bug in a tool: the model hears of it, the run goes on
            log.warning("tool %s raised", name, exc_info=True)
            deps.events("error", {"step": step, "source": f"tool {name}", "message": repr(exc)})
            text = error(
                f"the tool {name} failed inside werk ({type(exc).__name__}: {exc}).",
                "This is not your fault; try another way.",
            )
    failed = malformed or is_error(text)
    entry: dict[str, Any] = {
        "content": text,
        "error": failed,
        "malformed": malformed,
        "edit": None,
        "fingerprint": failure_fingerprint(name, args, text) if failed else None,
    }
    if name in WRITING_TOOLS and not malformed:
        entry["edit"] = EditRecord(
            step=step,
            tool=name,
            path=str(args.get("path") or args.get("name") or args.get("pou") or ""),
            ok=not failed,
            summary=text.strip().splitlines()[0][:200] if text.strip() else "",
        )
    return entry


def _summary(args: dict[str, Any]) -> str:
    """The finish call's summary, under any of the names the finish tool accepts."""
    for key in SUMMARY_KEYS:
        if isinstance(args.get(key), str):
            return str(args[key]).strip()
    return ""


def _arguments_fit(tool: BaseTool, args: dict[str, Any]) -> bool:
    schema = tool.args_schema
    if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
        return True
    try:
        schema.model_validate(args)
    except ValidationError:
        return False
    return True


def _short_args(args: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (value if not isinstance(value, str) or len(value) <= 120 else value[:117] + "...")
        for key, value in args.items()
    }
