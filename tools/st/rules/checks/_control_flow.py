"""Statement lists, branches, jumps and reachability: what the control-flow rules share.

Follows the statements of IEC 61131-3 §7.3.3 (selection, iteration, RETURN,
EXIT, CONTINUE) and the CODESYS/SCL jumps that lowering blanks: a ``JMP lbl``
leaves its ``;`` behind as an empty statement and a ``lbl:`` disappears, both
recorded as rewrites (``RewriteKind.JUMP`` / ``JUMP_LABEL``), so a ``;``
carrying a JUMP rewrite is a jump here, and a statement with a label before it
can be reached from a jump even when the statement before it cannot complete.

Comments are "extras" in the grammar: tree-sitter hangs them on whatever node
is open, often the IF or CASE rather than the branch they sit in, so what is
inside a branch is decided by byte ranges (``Branch.inside``), not by parents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tree_sitter import Node

from werk.tools.st.lowering import Rewrite, RewriteKind
from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Location, Pou, TypeDecl, TypeKind
from werk.tools.st.model.types import EnumType, TypeRef
from werk.tools.st.model.uses import Symbol, Use
from werk.tools.st.unit import StUnit

EXTRAS = frozenset({"comment", "pragma"})
LOOPS = frozenset({"for_statement", "while_statement", "repeat_statement"})
SELECTIONS = frozenset({"if_statement", "case_statement"})
COMPOUND = LOOPS | SELECTIONS
CLAUSES = frozenset({"elsif_clause", "else_clause", "case_clause"})
LEAVING = frozenset({"return_statement", "exit_statement", "continue_statement"})


@dataclass(frozen=True)
class Branch:
    """One arm of an IF (THEN, ELSIF, ELSE) or a CASE (a label list, ELSE)."""

    owner: Node  # the if_statement or case_statement
    clause: Node | None  # elsif_clause, else_clause or case_clause; None for IF ... THEN
    kind: str  # "IF", "ELSIF", "ELSE" or "CASE"
    statements: list[Node]  # comments and pragmas left out
    head: tuple[int, int]  # lowered span to report: IF..THEN, ELSIF..THEN, ELSE, labels:
    inside: tuple[int, int]  # lowered span between the head and the next branch or END_xx


def statements_of(nodes: Iterable[Node]) -> list[Node]:
    """``nodes`` without comments and pragmas."""
    return [node for node in nodes if node.is_named and node.type not in EXTRAS]


def body(node: Node) -> list[Node]:
    """The statements of a loop or clause (its ``body`` field)."""
    return statements_of(node.children_by_field_name("body"))


def _token(node: Node, kind: str) -> Node | None:
    return next((child for child in node.children if child.type == kind), None)


def _next_boundary(owner: Node, after: int, end_keyword: str) -> int:
    """Where the branch starting at ``after`` stops: the next clause, or END_IF/END_CASE."""
    for child in owner.children:
        if child.start_byte >= after and (child.type in CLAUSES or child.type == end_keyword):
            return child.start_byte
    return owner.end_byte


def branches(node: Node) -> list[Branch]:
    """The arms of an ``if_statement`` or ``case_statement``, in source order."""
    if node.type == "if_statement":
        return _if_branches(node)
    if node.type == "case_statement":
        return _case_branches(node)
    return []


def _if_branches(node: Node) -> list[Branch]:
    found = []
    then = _token(node, "THEN")
    if then is not None:
        found.append(
            Branch(
                node,
                None,
                "IF",
                statements_of(node.children_by_field_name("consequence")),
                (node.start_byte, then.end_byte),
                (then.end_byte, _next_boundary(node, then.end_byte, "END_IF")),
            )
        )
    for clause in node.named_children:
        if clause.type == "elsif_clause":
            keyword = _token(clause, "THEN")
            head_end = keyword.end_byte if keyword is not None else clause.start_byte
            found.append(
                Branch(
                    node,
                    clause,
                    "ELSIF",
                    body(clause),
                    (clause.start_byte, head_end),
                    (head_end, _next_boundary(node, head_end, "END_IF")),
                )
            )
        elif clause.type == "else_clause":
            found.append(_else_branch(node, clause, "END_IF"))
    return found


def _case_branches(node: Node) -> list[Branch]:
    found = []
    for clause in node.named_children:
        if clause.type == "case_clause":
            colon = _token(clause, ":")
            head_end = colon.end_byte if colon is not None else clause.start_byte
            found.append(
                Branch(
                    node,
                    clause,
                    "CASE",
                    body(clause),
                    (clause.start_byte, head_end),
                    (head_end, _next_boundary(node, head_end, "END_CASE")),
                )
            )
        elif clause.type == "else_clause":
            found.append(_else_branch(node, clause, "END_CASE"))
    return found


def _else_branch(owner: Node, clause: Node, end_keyword: str) -> Branch:
    keyword = _token(clause, "ELSE")
    head = (clause.start_byte, keyword.end_byte if keyword is not None else clause.start_byte)
    end = _token(owner, end_keyword)
    return Branch(
        owner,
        clause,
        "ELSE",
        body(clause),
        head,
        (head[1], end.start_byte if end is not None else owner.end_byte),
    )


def has_else(node: Node) -> bool:
    return any(child.type == "else_clause" for child in node.named_children)


def nested_lists(statement: Node) -> list[list[Node]]:
    """The statement lists directly inside a compound statement (branches, loop body)."""
    kind = statement.type
    if kind == "if_statement":
        found = [statements_of(statement.children_by_field_name("consequence"))]
        found.extend(
            body(clause)
            for clause in statement.named_children
            if clause.type in ("elsif_clause", "else_clause")
        )
        return found
    if kind == "case_statement":
        return [
            body(clause)
            for clause in statement.named_children
            if clause.type in ("case_clause", "else_clause")
        ]
    if kind in LOOPS:
        return [body(statement)]
    return []


def compound_statements(pou: Pou, *types: str) -> Iterator[Node]:
    """The POU's statements of the given compound types (IF, CASE, loops), nested ones too."""
    wanted = frozenset(types)
    return (s for body in bodies(pou) for s in all_statements(body) if s.type in wanted)


def all_statements(nodes: Iterable[Node]) -> Iterator[Node]:
    """Every statement in ``nodes`` and in the lists nested in them, in source order."""
    stack = list(reversed(statements_of(nodes)))
    while stack:
        statement = stack.pop()
        yield statement
        for inner in reversed(nested_lists(statement)):
            stack.extend(reversed(inner))


def bodies(pou: Pou) -> list[list[Node]]:
    """The POU's separate statement bodies: its own, or a property's GET and SET."""
    found = [statements_of(pou.body)] if pou.body else []
    found.extend(statements_of(accessor) for accessor in pou.accessors.values())
    return found


# --- jumps and labels ----------------------------------------------------------------------


def _before(statement: Node) -> int:
    """Where the gap before ``statement`` starts (a blanked label or JMP lies in it)."""
    previous = statement.prev_sibling
    if previous is not None:
        return previous.end_byte
    parent = statement.parent
    return parent.start_byte if parent is not None else statement.start_byte


def jump_rewrite(unit: StUnit, statement: Node) -> Rewrite | None:
    """The JUMP rewrite behind ``statement`` when it is the ``;`` a ``JMP``/``GOTO`` left."""
    if statement.type != "empty_statement":
        return None
    found = unit.lowered.rewrites_in(_before(statement), statement.end_byte, RewriteKind.JUMP)
    return found[-1] if found else None


def jump_label(unit: StUnit, statement: Node) -> str | None:
    """The label a jump goes to ("" when unknown), or None if ``statement`` is no jump."""
    rewrite = jump_rewrite(unit, statement)
    return None if rewrite is None else str(rewrite.detail.get("label") or "")


def is_jump(unit: StUnit, statement: Node) -> bool:
    return jump_label(unit, statement) is not None


def is_blank(unit: StUnit, statement: Node) -> bool:
    """A lone ``;`` that is not what remains of a jump."""
    return statement.type == "empty_statement" and not is_jump(unit, statement)


def is_labelled(unit: StUnit, statement: Node) -> bool:
    """Whether a jump label (``retry:``) stands before ``statement``."""
    start = _before(statement)
    return bool(unit.lowered.rewrites_in(start, statement.start_byte, RewriteKind.JUMP_LABEL))


def labels(unit: StUnit, start: int, end: int) -> dict[str, int]:
    """Jump labels declared in ``[start, end)``: lower-case name -> lowered offset."""
    return {
        str(rewrite.detail.get("label") or "").lower(): rewrite.lowered_start
        for rewrite in unit.lowered.rewrites_in(start, end, RewriteKind.JUMP_LABEL)
    }


# --- reachability --------------------------------------------------------------------------


def leaves(unit: StUnit, statement: Node) -> bool:
    """Whether ``statement`` never completes normally (control never reaches the next one).

    RETURN, EXIT, CONTINUE and jumps leave; so does an IF or CASE with an ELSE
    all of whose branches leave.
    """
    if statement.type in LEAVING:
        return True
    if statement.type == "empty_statement":
        return is_jump(unit, statement)
    if statement.type in SELECTIONS and has_else(statement):
        return all(list_leaves(unit, inner) for inner in nested_lists(statement))
    return False


def list_leaves(unit: StUnit, statements: list[Node]) -> bool:
    """Whether control never falls out of the end of ``statements``."""
    left = False
    for statement in statements:
        if left and is_labelled(unit, statement):
            left = False
        if not left and leaves(unit, statement):
            left = True
    return left


@dataclass(frozen=True)
class Unreachable:
    """The first statement of a list that control cannot reach, and what left before it."""

    statement: Node
    cause: Node


def unreachable_in(unit: StUnit, statements: list[Node]) -> tuple[list[Node], Unreachable | None]:
    """The reachable statements of one list, and its first unreachable one (if any).

    A statement with a jump label before it is reachable again. Lone ``;`` are
    not code and never reported.
    """
    reachable: list[Node] = []
    first: Unreachable | None = None
    cause: Node | None = None
    for statement in statements:
        if cause is not None and is_labelled(unit, statement):
            cause = None
        if cause is not None:
            if first is None and not is_blank(unit, statement):
                first = Unreachable(statement, cause)
            continue
        reachable.append(statement)
        if leaves(unit, statement):
            cause = statement
    return reachable, first


def loop_body_span(loop: Node) -> tuple[int, int]:
    """The lowered span of a loop's body: from after DO/REPEAT to END_xx/UNTIL."""
    opener = _token(loop, "REPEAT" if loop.type == "repeat_statement" else "DO")
    closer = _token(loop, "UNTIL" if loop.type == "repeat_statement" else f"END_{_kind(loop)}")
    start = opener.end_byte if opener is not None else loop.start_byte
    end = closer.start_byte if closer is not None else loop.end_byte
    return start, end


def _kind(loop: Node) -> str:
    return {"for_statement": "FOR", "while_statement": "WHILE"}.get(loop.type, "REPEAT")


def exits_loop(unit: StUnit, loop: Node) -> Node | None:
    """A reachable EXIT of this loop, RETURN, or jump out of the loop in its body, if any."""
    start, end = loop.start_byte, loop.end_byte
    inside = labels(unit, start, end)
    # (statement, inside a nested loop): an EXIT in a nested loop leaves that loop only
    stack = [(s, False) for s in reversed(unreachable_in(unit, body(loop))[0])]
    while stack:
        statement, nested = stack.pop()
        if statement.type == "return_statement" or (
            statement.type == "exit_statement" and not nested
        ):
            return statement
        label = jump_label(unit, statement)
        if label is not None and label.lower() not in inside:
            return statement
        inner_nested = nested or statement.type in LOOPS
        for inner in reversed(nested_lists(statement)):
            stack.extend((s, inner_nested) for s in reversed(unreachable_in(unit, inner)[0]))
    return None


# --- showing code as the user wrote it ----------------------------------------------------


def user_start(unit: StUnit, start: int) -> int:
    """``start`` moved back over an SCL ``#`` that lowering blanked right before it."""
    rewrite = unit.lowered.rewrite_at(start - 1, RewriteKind.SCL_LOCAL) if start else None
    return rewrite.lowered_start if rewrite is not None and rewrite.lowered_end == start else start


def user_location(unit: StUnit, start: int, end: int) -> Location:
    """A lowered span to report, widened to the SCL ``#`` of a leading local name."""
    return Location(unit, user_start(unit, start), end)


def user_text(unit: StUnit, node: Node, limit: int = 60) -> str:
    """The user's text of ``node`` (``#i < 10`` in SCL) on one line, cut to ``limit``."""
    start, end = unit.lowered.offsets.span_to_original(
        user_start(unit, node.start_byte), node.end_byte
    )
    text = " ".join(unit.document.text[start:end].decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


# --- CASE selectors and labels -------------------------------------------------------------


def case_selector(node: Node) -> Node | None:
    """The expression a CASE selects on."""
    subject = node.child_by_field_name("subject")
    if subject is not None:
        return subject
    return node.named_children[0] if node.named_children else None


def case_labels(node: Node) -> list[Node]:
    """Every label of every arm of a CASE (values, subranges, enum members)."""
    return [
        label
        for clause in node.named_children
        if clause.type == "case_clause"
        for value in clause.named_children
        if value.type == "case_value"
        for label in statements_of(value.named_children)
    ]


def case_header(node: Node) -> tuple[int, int]:
    """The lowered span of ``CASE selector OF``."""
    of = _token(node, "OF")
    return node.start_byte, of.end_byte if of is not None else node.start_byte


def integer_value(unit: StUnit, node: Node) -> int | None:
    """The value of an integer label: ``5``, ``-1``, ``16#FF``, ``INT#5``, ``TRUE``."""
    text = "".join(unit.text(node).split()).upper()
    if text in ("TRUE", "FALSE"):
        return int(text == "TRUE")
    return _parse_int(text)


@dataclass(frozen=True)
class Member:
    """An enumeration member and its value (None when it cannot be computed)."""

    name: str
    value: int | None


def enumeration(project: Project, type_ref: TypeRef | None) -> tuple[str, list[Member]] | None:
    """The name and members of the enumeration ``type_ref`` names, or None if it is none."""
    if type_ref is None:
        return None
    resolved = project.resolve_type(type_ref)
    if isinstance(resolved, TypeDecl) and resolved.kind is TypeKind.ENUM:
        named = [(m.name, m.value) for m in resolved.members]
        return resolved.name, _numbered(named)
    if isinstance(resolved, EnumType):
        return str(resolved), _numbered([(name, None) for name in resolved.members])
    return None


def _numbered(members: list[tuple[str, str | None]]) -> list[Member]:
    """Values as IEC 61131-3 gives them: explicit, or one more than the previous member."""
    found = []
    previous: int | None = -1
    for name, written in members:
        if written is None:
            value = previous + 1 if previous is not None else None
        else:
            value = _parse_int(written)
        found.append(Member(name, value))
        previous = value
    return found


def _parse_int(text: str) -> int | None:
    cleaned = "".join(text.split()).upper().replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    cleaned = cleaned.lstrip("+-")
    parts = cleaned.split("#")
    if len(parts) == 3 or (len(parts) == 2 and not parts[0].isdigit()):
        parts = parts[1:]
    try:
        return sign * (int(parts[1], int(parts[0])) if len(parts) == 2 else int(parts[0]))
    except ValueError:
        return None


def counted_loops(pou: Pou, analysis: PouAnalysis) -> list[tuple[Node, Symbol, list[Use]]]:
    """FOR loops whose counter is a plain name, each with its counter and the counter's uses.

    L22 and L13 both start here. A member or an element as counter is not followed.
    """
    loops = list(compound_statements(pou, "for_statement"))
    if not loops:
        return []
    # The FOR control is recorded as a READ_WRITE use at the control's position.
    targets = {use.location.start: use.target for use in analysis.uses if use.target}
    by_target: dict[int, list[Use]] = defaultdict(list)
    for use in analysis.uses:
        if use.target is not None:
            by_target[id(use.target)].append(use)
    found = []
    for loop in loops:
        control = loop.child_by_field_name("control")
        if control is None or control.type != "identifier":
            continue
        counter = targets.get(control.start_byte)
        if counter is not None:
            found.append(
                (loop, counter, [u for u in by_target[id(counter)] if u.target is counter])
            )
    return found
