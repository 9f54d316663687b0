"""WERK404: a public POU, or one of its parameters, without a documentation comment."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import inheritance_chain
from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable
from werk.tools.st.rules.checks._project import pou_node
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule

DOCUMENTED_KINDS = {
    PouKind.PROGRAM: "Program",
    PouKind.FUNCTION_BLOCK: "Function block",
    PouKind.FUNCTION: "Function",
    PouKind.METHOD: "Method",
    PouKind.PROPERTY: "Property",
    PouKind.INTERFACE: "Interface",
}
PARAMETERS = {
    Section.VAR_INPUT: "Input",
    Section.VAR_OUTPUT: "Output",
    Section.VAR_IN_OUT: "In-out parameter",
}
NOT_PUBLIC = frozenset({"PRIVATE", "INTERNAL"})
# What may stand between a POU's header and a documentation comment inside it.
HEADER_PARTS = frozenset({"identifier", "qualified_identifier", "access_modifier", "pragma"})


class UndocumentedInterface(Rule):
    """## What it does
    Finds public programs, function blocks, functions, methods, properties
    and interfaces without a documentation comment, and inputs, outputs and
    in-out parameters of those POUs without one. A comment documents a POU
    when it stands on the lines right above its header or right after the
    header, before the first section; it documents a parameter on the lines
    right above it or at the end of its line. POUs and methods declared
    PRIVATE or INTERNAL (and everything inside them) are not public. A method
    or property that implements an interface or overrides a base block's
    method takes the documentation of the one it implements, parameter by
    parameter.

    Off by default: enable it for libraries and shared blocks.

    ## Why is this bad?
    The interface of a block is what the commissioning engineer sees in the
    editor and in online monitoring at three in the morning. `rSpeed : REAL`
    does not say whether it is in mm/s or in percent, and `bReset` does not
    say whether it acknowledges alarms or resets the counters; a wrong guess
    moves an axis at the wrong speed.

    ## Example
    ```st
    FUNCTION_BLOCK FB_Axis
    VAR_INPUT
        rSpeed : REAL;
    END_VAR
    ```

    ## Use instead
    ```st
    // Positions one axis with a trapezoidal profile.
    FUNCTION_BLOCK FB_Axis
    VAR_INPUT
        rSpeed : REAL; // target speed in mm/s, 0..500
    END_VAR
    ```

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines C2 (all elements shall be commented); CODESYS
    static analysis SA0162 (missing comments).
    """

    code = "WERK404"
    name = "undocumented-interface"
    message = "{what} '{name}'{of} has no documentation comment"
    severity = Severity.INFO
    category = Category.STYLE
    enabled_by_default = False

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        what = DOCUMENTED_KINDS.get(pou.kind)
        if what is None or not is_public(pou):
            return
        models = implemented(pou, self.project)
        if not documented(pou) and not any(documented(model) for model in models):
            yield self.finding(pou.location, pou, what=what, name=pou.qualified_name, of="")
        for variable in pou.variables:
            kind = PARAMETERS.get(variable.section)
            if kind is None or is_documentation(variable.doc):
                continue
            if any(parameter_doc(model, variable) for model in models):
                continue
            yield self.finding(
                variable.location,
                pou,
                what=kind,
                name=variable.name,
                of=f" of {pou.qualified_name}",
            )


def is_public(pou: Pou) -> bool:
    current: Pou | None = pou
    while current is not None:
        if current.access in NOT_PUBLIC:
            return False
        current = current.parent
    return True


def implemented(pou: Pou, project: Project) -> list[Pou]:
    """The interface methods and base-block methods a method or property implements."""
    owner = pou.parent
    if pou.kind not in (PouKind.METHOD, PouKind.PROPERTY) or owner is None:
        return []
    found: list[Pou] = []
    for block in inheritance_chain(owner, project.find_pou):
        candidates = [block] if block is not owner else []
        candidates += [i for i in map(project.find_pou, block.implements) if i is not None]
        for candidate in candidates:
            table = candidate.methods if pou.kind is PouKind.METHOD else candidate.properties
            model = table.get(pou.key)
            if model is not None and model is not pou:
                found.append(model)
    return found


def parameter_doc(model: Pou, variable: Variable) -> str | None:
    twin = model.variable(variable.name)
    if twin is None or twin.section is not variable.section or not is_documentation(twin.doc):
        return None
    return twin.doc


def documented(pou: Pou) -> bool:
    """Whether a comment documents the POU: above its header, or right after it."""
    if is_documentation(pou.doc):
        return True
    if comment_above(pou):
        return True
    node = pou_node(pou)
    return node is not None and comment_after_header(node)


def comment_above(pou: Pou) -> bool:
    """A comment on the lines right above the POU's header, in the user's own text.

    Read from the document rather than the syntax tree: lowering may move a
    method declared after its block's body, but not the comment above it.
    """
    unit = pou.span.unit
    start, _ = unit.lowered.offsets.span_to_original(pou.span.start, pou.span.end)
    text = unit.document.text
    line_start = text.rfind(b"\n", 0, start) + 1
    if text[line_start:start].strip():
        return False  # something else ends on the header's line
    while line_start > 0:
        previous_start = text.rfind(b"\n", 0, line_start - 1) + 1
        line = text[previous_start : line_start - 1].strip()
        if line.startswith(b"{") and line.endswith(b"}"):  # a pragma between
            line_start = previous_start
            continue
        if line.startswith((b"//", b"(*", b"/*")):
            return is_documentation(line)
        if line.endswith((b"*)", b"*/")):  # the last line of a block comment
            opener = max(text.rfind(b"(*", 0, line_start), text.rfind(b"/*", 0, line_start))
            if opener < 0:
                return False
            opener_line = text.rfind(b"\n", 0, opener) + 1
            if text[opener_line:opener].strip():
                return False  # a comment after code, not above the header
            return is_documentation(text[opener : line_start - 1])
        return False
    return False


def comment_after_header(node: Node) -> bool:
    """A comment after the POU's name and before its first section or statement."""
    name = node.child_by_field_name("name")
    for child in node.named_children:
        if name is not None and child.start_byte < name.end_byte:
            continue  # `FUNCTION_BLOCK (* ... *) FB_X`: not about the block
        if child.type == "comment":
            return is_documentation(child.text or b"")
        if child.type not in HEADER_PARTS and not child.type.endswith("_type"):
            return False
    return False


def is_documentation(comment: bytes | str | None) -> bool:
    """Any comment but an empty one or a directive to werk (``// werk: ignore CP24``)."""
    if isinstance(comment, bytes):
        comment = comment.decode("utf-8", "replace")
    text = (comment or "").strip().lstrip("(*/").rstrip("*)/").strip()
    return bool(text) and not text.lower().startswith("werk:")
