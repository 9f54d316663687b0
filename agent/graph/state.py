"""The agent's state: everything a run knows, checkpointed after every node.

Every value is plain data (strings, numbers, lists, dicts and LangChain
messages) so the SQLite checkpointer stores it without custom serialisers
and a resumed run reads back exactly what the crashed one wrote.

Counters are *deltas*: a node returns ``{"steps": 1, "input_tokens": 812}``
and the reducer adds it to the total. So no node needs to read a counter to
update it, and a node that re-runs on resume adds its own delta once (the
interrupted attempt never reached the checkpoint).
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages

Outcome = Literal[
    "delivered",  # verified and committed
    "unverified",  # finished, verification did not pass; committed only on request
    "no_changes",  # the model finished without changing anything
    "budget_exhausted",  # steps, tokens, wall time or cost ran out first
    "stopped",  # the model's output was unusable (malformed calls, a failing edit repeated)
    "rejected",  # a person declined the change at the approval step
]


class WorkspaceInfo(TypedDict):
    """Where the run works: the user's repository, its worktree and branch."""

    repo: str
    root: str
    branch: str
    run_id: str
    base_commit: str


class ContextSummary(TypedDict):
    """What the context step gathered, for the report (the text itself is a message)."""

    focus_files: list[str]
    pous: list[str]
    identifiers: list[str]
    tokens: int
    truncated: bool
    notes: list[str]


class EditRecord(TypedDict):
    """One call of an editing tool and how it went."""

    step: int
    tool: str
    path: str
    ok: bool
    summary: str


class GateStepRecord(TypedDict):
    name: str
    passed: bool
    skipped: bool
    summary: str
    evidence: str
    preexisting: str
    """Problems that were there before the change: reported, not blamed."""


class VerificationRecord(TypedDict):
    """One run of the verification gate."""

    attempt: int
    passed: bool
    steps: list[GateStepRecord]
    duration_s: float
    changed_files: list[str]


class DeliveryRecord(TypedDict):
    """What the deliver step did with the worktree's changes."""

    committed: bool
    commit: str | None
    branch: str
    changed_files: list[str]
    verified: bool
    patch: str | None
    note: str


class AgentState(TypedDict, total=False):
    """The typed state of one run.

    Fields without a reducer keep the last value written; ``Annotated`` ones
    combine what nodes return with the reducer named beside them.
    """

    task: str
    """The user's task, as given."""
    workspace: WorkspaceInfo
    """The run's worktree; set once by the runner before the first node."""
    messages: Annotated[list[AnyMessage], add_messages]
    """The conversation with the model; ``add_messages`` appends, or replaces by id."""
    context: ContextSummary
    """What the context step put in front of the model."""
    baseline: dict[str, Any] | None
    """The verification baseline (pre-existing findings and failures) as plain data."""
    plan: list[str]
    """The model's stated plan: the lines of its first answer with text."""
    edits: Annotated[list[EditRecord], operator.add]
    """Every edit-tool call, appended."""
    verifications: Annotated[list[VerificationRecord], operator.add]
    """Every run of the gate, appended."""
    steps: Annotated[int, operator.add]
    """Model calls so far (summed deltas)."""
    input_tokens: Annotated[int, operator.add]
    output_tokens: Annotated[int, operator.add]
    tokens_estimated: Annotated[bool, operator.or_]
    """True once any answer came without usage figures and its tokens were estimated."""
    cost: Annotated[float, operator.add]
    wall_s: Annotated[float, operator.add]
    """Seconds spent inside nodes (summed per node, so time across resumes adds up)."""
    malformed_calls: Annotated[int, operator.add]
    """Unusable answers: unknown tools, bad arguments, no tool call at all."""
    tool_calls: Annotated[int, operator.add]
    failures: dict[str, int]
    """How often each distinct failing tool call was made, by its fingerprint."""
    repairs: Annotated[int, operator.add]
    """Repair rounds started after a failed verification."""
    finished: bool
    """The model called ``finish`` since the last repair round."""
    finish_summary: str
    stop_reason: str | None
    """Why the act loop ended early (a budget, unusable output); None while it runs."""
    approval: Literal["approved", "rejected"] | None
    delivery: DeliveryRecord
    outcome: Outcome
    last_error: str | None
    """The model or provider error that ended the run, if any."""


def initial_state(task: str, workspace: WorkspaceInfo) -> AgentState:
    """The input of a new run."""
    return {
        "task": task,
        "workspace": workspace,
        "messages": [],
        "plan": [],
        "failures": {},
        "finished": False,
        "stop_reason": None,
        "approval": None,
        "last_error": None,
        "baseline": None,
    }
