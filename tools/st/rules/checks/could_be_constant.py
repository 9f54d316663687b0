"""WERK403: a variable with an initial value that nothing ever writes."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import value_type
from werk.tools.st.model.summary_index import SummaryIndex
from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable, key
from werk.tools.st.model.types import ArrayType, PointerType, ReferenceType, TypeRef
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._project import node_at
from werk.tools.st.rules.finding import Finding, Fix, FixSafety, Severity, TextEdit
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.unit import StUnit

CHANGES = frozenset({UseKind.WRITE, UseKind.READ_WRITE, UseKind.ADDRESS})
KEEP_VALUE = frozenset({"RETAIN", "PERSISTENT", "CONSTANT"})
MAX_DEPTH = 8


class CouldBeConstant(Rule):
    """## What it does
    Finds variables declared in a plain `VAR` section with an initial value
    (`nMaxRetries : INT := 3;`) that no code in the project writes: no
    assignment (`THIS^.x :=` included), output connection, VAR_IN_OUT or
    REFERENCE TO argument, FOR counter, `ADR()` or `REF=`. Such a variable is
    a constant and should be declared in `VAR CONSTANT`.

    Not flagged: inputs, outputs, in-outs, VAR_TEMP, VAR_INST, VAR_STAT and
    externals; RETAIN and PERSISTENT variables; variables with an AT address
    or an attribute (`{attribute 'OPC.UA.DA' := '1'}` and the like publish
    them to clients that may write them); FB instances, interfaces, pointers
    and references.

    ## Why is this bad?
    A limit or a scaling factor declared as a variable can be changed online
    from a watch list or by a stray assignment added later, and the machine
    then runs with a value nobody reviewed. `VAR CONSTANT` states the intent,
    makes the compiler reject any write, and lets it use the value directly.

    ## Example
    ```st
    VAR
        rMaxPressure : REAL := 6.5;
    END_VAR
    bOverPressure := rPressure > rMaxPressure;
    ```

    ## Use instead
    ```st
    VAR CONSTANT
        rMaxPressure : REAL := 6.5;
    END_VAR
    ```

    ## Fix safety
    Unsafe (opt-in with `--unsafe-fixes`): the fix adds `CONSTANT` to the
    variable's section when it is the only variable there, or moves the
    declaration line into a `VAR CONSTANT` section of the same POU (an
    existing one, or a new one after the current section). An HMI, an OPC UA
    client or an ADS/symbol access that writes the variable by name at run
    time, invisible in the code, stops working.

    ## References
    CODESYS static analysis SA0012 (variables which could be declared as
    constants).
    """

    code = "WERK403"
    name = "could-be-constant"
    message = "'{name}' has an initial value and is never written: declare it in VAR CONSTANT"
    severity = Severity.INFO
    category = Category.STYLE
    fix_title = "declare it in VAR CONSTANT"

    def check_project(self) -> Iterator[Finding]:
        # What each POU's code may change, merged and kept up to date across edits.
        changes: SummaryIndex[object, bool] = self.project.keep(
            "could-be-constant-changes", SummaryIndex
        )
        changes.update(
            (pou, self.project.derived(pou, "changes", self.changes))
            for pou in self.project.all_pous()
        )
        # Code too large to analyse may write a program's or an FB's variables unseen.
        partial = any(unit.symbols_only for unit in self.project.units())
        for pou in self.project.all_pous():
            if pou.location.unit.symbols_only:
                continue
            shared = pou.kind in (PouKind.PROGRAM, PouKind.FUNCTION_BLOCK)
            if partial and shared:
                continue
            candidates = self.project.declared_fact(pou, "constant-candidates", self.candidates)
            for variable in candidates:
                # Writes the model could not resolve: no variable of that name is reported.
                if variable in changes or variable.key in changes:
                    continue
                yield self.memo.get(
                    variable.location,
                    lambda variable=variable, pou=pou: self.finding(
                        variable.location, pou, constant_fix(variable), name=variable.name
                    ),
                )

    def candidates(self, pou: Pou) -> list[Variable]:
        return [variable for variable in pou.variables if self.is_candidate(variable)]

    def changes(self, analysis: PouAnalysis) -> dict[object, bool]:
        """What one POU's code may change: symbols, and the names of those it could not
        resolve (a key ``nLimit`` stands for any variable of that name)."""
        changed: dict[object, bool] = {}
        bound = reference_arguments(analysis.uses, self.project)
        for use in analysis.uses:
            if use.kind not in CHANGES and (use.location.start, use.location.end) not in bound:
                continue
            target = use.target
            if target is not None:
                changed[target] = True
            elif use.address is None:
                changed[key(use.name)] = True
        return changed

    def is_candidate(self, variable: Variable) -> bool:
        return (
            variable.section is Section.VAR
            and variable.initial_value is not None
            and not (variable.qualifiers & KEEP_VALUE)
            and not variable.address
            and not variable.attributes
            and holds_plain_data(variable.type, self.project)
        )


def holds_plain_data(type_ref: TypeRef, project: Project, depth: int = 0) -> bool:
    """Values, arrays and structures of values: not FB instances, interfaces or pointers."""
    if depth > MAX_DEPTH:
        return False
    type_ref = value_type(type_ref, project)
    if isinstance(project.resolve_type(type_ref), Pou):
        return False
    resolved = project.resolve_alias(type_ref)
    if isinstance(resolved, PointerType | ReferenceType):
        return False
    if isinstance(resolved, ArrayType):
        return holds_plain_data(resolved.element, project, depth + 1)
    return True


def reference_arguments(uses: list[Use], project: Project) -> set[tuple[int, int]]:
    """Spans of arguments bound to a REFERENCE TO parameter (``fb(refLevel := rLevel)``).

    Such a call passes the variable itself: the block may write it later.
    """
    found: set[tuple[int, int]] = set()
    for use in uses:
        parameter = use.target
        if use.kind is not UseKind.WRITE or not isinstance(parameter, Variable):
            continue
        if parameter.section not in (Section.VAR_INPUT, Section.VAR_IN_OUT):
            continue
        if not isinstance(project.resolve_alias(parameter.type), ReferenceType):
            continue
        name = node_at(use.location)
        argument = name.parent if name is not None else None
        if argument is None or argument.type != "named_argument":
            continue
        value = argument.child_by_field_name("value")
        while value is not None and value.type in ("index_expression", "member_access_expression"):
            value = value.child_by_field_name("object")
        if value is not None:
            found.add((value.start_byte, value.end_byte))
    return found


# --- the fix -----------------------------------------------------------------------------------


def constant_fix(variable: Variable) -> Fix | None:
    declaration = node_at(variable.declaration) if variable.declaration else None
    block = declaration.parent if declaration is not None else None
    if declaration is None or block is None or block.type != "var_block":
        return None
    unit = variable.location.unit
    declarations = [c for c in block.named_children if c.type == "variable_declaration"]
    names = [n for n in declaration.children_by_field_name("names") if n.is_named]
    if len(names) != 1 or any(c.type == "var_qualifier_list" for c in block.named_children):
        return None
    title = f"declare {variable.name} in VAR CONSTANT"
    if declarations == [declaration]:
        keyword = block.children[0]
        start, end = unit.file_span(keyword.end_byte, keyword.end_byte)
        edit = TextEdit(unit.path, start, end, b" CONSTANT")
        return Fix(title, (edit,), FixSafety.UNSAFE)
    line = own_line(unit, declaration)
    if line is None:
        return None
    line_start, line_end = line
    text = original(unit, line_start, line_end)
    if not text.endswith(b"\n"):
        text += b"\n"
    removal = TextEdit(unit.path, *unit.file_span(line_start, line_end), b"")
    existing = constant_block(block.parent)
    if existing is not None:
        end_var = existing.children[-1]
        at = line_start_of(unit, end_var.start_byte)
        insertion = TextEdit(unit.path, *unit.file_span(at, at), text)
    else:
        end_var = block.children[-1]
        indent = original(unit, line_start_of(unit, block.start_byte), block.start_byte)
        new_block = b"\n" + indent + b"VAR CONSTANT\n" + text + indent + b"END_VAR"
        insertion = TextEdit(
            unit.path, *unit.file_span(end_var.end_byte, end_var.end_byte), new_block
        )
    return Fix(title, (removal, insertion), FixSafety.UNSAFE)


def constant_block(pou_node: Node | None) -> Node | None:
    """A section of the POU declared exactly ``VAR CONSTANT``."""
    if pou_node is None:
        return None
    for child in pou_node.named_children:
        qualifiers = [c for c in child.named_children if c.type == "var_qualifier_list"]
        if (
            child.type == "var_block"
            and len(qualifiers) == 1
            and (qualifiers[0].text or b"").strip().upper() == b"CONSTANT"
            and child.children
            and child.children[-1].type == "END_VAR"
        ):
            return child
    return None


def own_line(unit: StUnit, declaration: Node) -> tuple[int, int] | None:
    """The whole line of a declaration that is alone on it (a trailing comment may follow)."""
    text = unit.lowered.text
    start = line_start_of(unit, declaration.start_byte)
    end = text.find(b"\n", declaration.end_byte)
    end = len(text) if end < 0 else end + 1
    before, after = text[start : declaration.start_byte], text[declaration.end_byte : end].strip()
    if before.strip() or (after and not after.startswith((b"(*", b"//"))):
        return None
    if after.startswith(b"(*") and not after.endswith(b"*)"):
        return None
    return start, end


def line_start_of(unit: StUnit, offset: int) -> int:
    return unit.lowered.text.rfind(b"\n", 0, offset) + 1


def original(unit: StUnit, start: int, end: int) -> bytes:
    """The user's own bytes behind a span of the lowered text."""
    first, last = unit.lowered.offsets.span_to_original(start, end)
    return unit.document.text[first:last]
