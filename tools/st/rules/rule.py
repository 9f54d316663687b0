"""The contract of a rule: one small class per rule, its documentation in its docstring.

A rule looks at one POU (its declarations and the resolved uses of its code)
or at the whole project (call graph, globals, addresses), and yields
findings. Its docstring is its documentation, with fixed headings
(*What it does*, *Why is this bad?*, *Example*, *Use instead*, *Fix safety*,
*References*): the pages under ``docs/rules/`` are generated from it and the
language server shows it on hover.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Location, Pou
from werk.tools.st.rules.finding import Finding, Fix, Severity
from werk.tools.st.rules.memo import FindingMemo
from werk.tools.st.unit import StUnit


class Category(StrEnum):
    CORRECTNESS = "correctness"  # the code does not do what it says
    SCAN_CYCLE = "scan-cycle"  # cyclic-execution pitfalls: timers, edges, double writes
    DATA_FLOW = "data-flow"  # reads before writes, unused data, parameter misuse
    TYPES = "types"  # conversions, ranges, comparisons of REAL and TIME
    CONTROL_FLOW = "control-flow"  # loops, CASE, unreachable code
    ARCHITECTURE = "architecture"  # recursion, globals, I/O in FBs, tasks
    STYLE = "style"  # naming, magic numbers, complexity, documentation


class Status(StrEnum):
    PREVIEW = "preview"  # off unless selected explicitly
    STABLE = "stable"
    DEPRECATED = "deprecated"


@dataclass
class RuleContext:
    """What a rule may look at; ``options`` are its settings from ``[rules.options.CODE]``."""

    project: Project
    options: Mapping[str, Any] = field(default_factory=dict)


class Rule:
    """Base of every rule. Subclasses set the class attributes and override a check."""

    code: ClassVar[str]
    name: ClassVar[str]
    message: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    category: ClassVar[Category] = Category.CORRECTNESS
    status: ClassVar[Status] = Status.STABLE
    since: ClassVar[str] = "0.1.0"
    enabled_by_default: ClassVar[bool] = True
    fix_title: ClassVar[str | None] = None
    # Settings and their defaults, documented in the rule's docstring.
    default_options: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, context: RuleContext, severity: Severity | None = None) -> None:
        self.context = context
        self.project = context.project
        self.options = {**self.default_options, **dict(context.options)}
        self.effective_severity = severity or self.severity
        self.memo = FindingMemo()

    # --- checks: override one ------------------------------------------------------------

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        """Findings in one POU (methods, actions and properties are POUs too)."""
        return iter(())

    def check_project(self) -> Iterator[Finding]:
        """Findings that need the whole project (call graph, tasks, addresses)."""
        return iter(())

    # --- reporting helpers ---------------------------------------------------------------

    def finding(
        self,
        location: Location,
        pou: Pou | None = None,
        fix: Fix | None = None,
        related: tuple[str, ...] = (),
        **message_fields: object,
    ) -> Finding:
        start, end = location.file_span()
        return Finding(
            code=self.code,
            message=self.message.format(**message_fields),
            path=location.unit.path,
            start=start,
            end=end,
            severity=self.effective_severity,
            rule=self.name,
            pou=pou.qualified_name if pou is not None else None,
            fix=fix,
            related=related,
        )

    @staticmethod
    def node_location(unit: StUnit, node: Node) -> Location:
        return Location(unit, node.start_byte, node.end_byte)

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")
