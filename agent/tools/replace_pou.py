"""``replace_pou``: put a new version of a whole POU, METHOD, PROPERTY or ACTION in place.

Rewriting a function block is often easier for a model than a chain of
search/replace edits. The POU is found by its (qualified) name in the
semantic model, so its span is exact, also inside TwinCAT XML. The new text
is parsed first (``pou_text``) and nothing is written if it has syntax
errors or declares something else (a FUNCTION for a METHOD).

In a plain file (``.st``, ``.scl``, ``.exp``) the POU's span, from its
keyword to its ``END_`` keyword, is replaced. In a TwinCAT file the new
declaration and body go into the CDATA sections of the POU's (or member's)
``<Declaration>`` and ``<Implementation><ST>``, so the XML, the object ids
and the other members stay as they are; a whole FUNCTION_BLOCK is replaced
without its members (they keep their own elements: replace them one by one
as ``FB_Name.Member``), and a PROPERTY's accessors are edited with
``edit_file``. The file must still read as a container afterwards.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolInputError, ToolSpec
from werk.agent.tools.container_guard import CDATA_CLOSE, CDATA_OPEN, check_container_edit
from werk.agent.tools.context import ToolContext
from werk.agent.tools.file_text import FileText, read_text, write_text
from werk.agent.tools.formatting import plural
from werk.agent.tools.pou_text import MEMBER_KINDS, PouText, read_pou_text
from werk.agent.tools.st_syntax import syntax_problems
from werk.agent.workspace.paths import normalised, relative_to_root
from werk.tools.st.containers._xml_spans import Element, parse_xml
from werk.tools.st.document import Origin
from werk.tools.st.model.symbols import Pou, PouKind, key

MAX_PROBLEMS = 8
_MEMBER_ELEMENTS = {
    PouKind.METHOD: "Method",
    PouKind.ACTION: "Action",
    PouKind.PROPERTY: "Property",
}


class ReplacePouArguments(ToolArguments):
    name: str = Field(
        description="The POU to replace: FB_Pump, or Owner.Member for a METHOD, PROPERTY or "
        "ACTION (FB_Pump.Start).",
        validation_alias=AliasChoices("name", "pou", "pou_name", "qualified_name", "target"),
    )
    new_text: str = Field(
        description="The complete new ST text, from its keyword (FUNCTION_BLOCK, METHOD...) "
        "to its END_ keyword, variable declarations included.",
        validation_alias=AliasChoices("new_text", "text", "code", "source", "new_code", "body"),
    )
    path: str | None = Field(
        None,
        description="The file that declares it, when the name is declared in several files.",
        validation_alias=AliasChoices("path", "file", "file_path"),
    )


def replace_pou(context: ToolContext, arguments: ReplacePouArguments) -> str:
    """Replace a whole POU (PROGRAM, FUNCTION_BLOCK, FUNCTION), or a METHOD, PROPERTY or
    ACTION given as Owner.Member, with new ST text, found by name in the semantic model
    (also inside TwinCAT .TcPOU XML). The new text is checked to parse before anything is
    written. In TwinCAT files replace members one at a time (FB_Pump.Start)."""
    pou = _find(context, arguments.name.strip(), arguments.path)
    unit = pou.location.unit
    path = unit.path
    shown = relative_to_root(context.root, path)
    original = read_text(path)
    twincat = unit.document.origin is Origin.TWINCAT
    if unit.document.origin is Origin.PLCOPEN:
        raise ToolInputError(
            f"{pou.qualified_name} is in a PLCopen XML file ({shown}), where replace_pou "
            "cannot place a new declaration",
            hint="edit its body with edit_file",
        )
    if twincat and pou.kind is PouKind.PROPERTY:
        raise ToolInputError(
            f"{pou.qualified_name} is a PROPERTY of a TwinCAT file: replace_pou cannot place "
            "its GET and SET accessors",
            hint="edit the accessors' code with edit_file",
        )
    parsed = read_pou_text(
        arguments.new_text, pou.kind, unit.document.dialect, end_optional=twincat
    )
    _check_parsed(pou, parsed)
    data = original.encoded(original.text)
    newline = original.newline
    if twincat:
        edits = _twincat_edits(path, data, pou, parsed, original, newline)
    else:
        start, end = pou.span.file_span()
        text = arguments.new_text.strip("\r\n").replace("\r\n", "\n").replace("\n", newline)
        edits = [(start, end, original.encoded(text, with_bom=False))]
    new_data = data
    for start, end, replacement in sorted(edits, reverse=True):
        check_container_edit(path, new_data, start, end, replacement)
        new_data = new_data[:start] + replacement + new_data[end:]
    _check_no_new_problems(context, path, data, new_data, shown)
    write_text(path, original, _decoded(original, new_data))
    context.files_changed([shown])
    where = "its declaration and body" if twincat else "its whole text"
    return (
        f"replaced {pou.kind.value} {pou.qualified_name} in {shown} ({where}; "
        f"{plural(len(arguments.new_text.splitlines()), 'line')} of new text)"
    )


def _find(context: ToolContext, name: str, path_text: str | None) -> Pou:
    project = context.project()
    wanted = key(name)
    pous = list(project.all_pous())
    in_file = pous
    if path_text:
        path = context.workspace.resolve(path_text)
        in_file = [pou for pou in pous if pou.location.unit.path.resolve() == path]
        if not in_file:
            raise ToolInputError(
                f"{normalised(path_text)} declares no POU werk can read",
                hint="use find_symbol to find where it is declared",
            )
    found = [pou for pou in in_file if key(pou.qualified_name) == wanted]
    if not found and "." not in name:
        found = [pou for pou in in_file if pou.key == wanted]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        places = ", ".join(
            f"{pou.kind.value} {pou.qualified_name} in "
            f"{relative_to_root(context.root, pou.location.unit.path)}"
            for pou in found
        )
        raise ToolInputError(
            f"{name} names {len(found)} POUs ({places})",
            hint="qualify the name (Owner.Member) or give path",
        )
    listed = ", ".join(f"{pou.kind.value} {pou.qualified_name}" for pou in in_file[:40])
    where = normalised(path_text) if path_text else "the project"
    raise ToolInputError(
        f"{where} declares no POU, METHOD, PROPERTY or ACTION named {name}",
        hint=f"{where} declares: {listed}" if listed else "the project declares no POUs",
    )


def _check_parsed(pou: Pou, parsed: PouText) -> None:
    if parsed.problems:
        lines = [p.describe("new_text") for p in parsed.problems[:MAX_PROBLEMS]]
        raise ToolInputError(
            f"the new text for {pou.qualified_name} does not parse; nothing was written:\n"
            + "\n".join(lines),
            hint="fix these lines (new_text line numbers) and send the whole text again",
        )
    if parsed.kind is not pou.kind:
        raise ToolInputError(
            f"{pou.qualified_name} is a {pou.kind.value}, but the new text declares a "
            f"{parsed.kind.value if parsed.kind else 'nothing'}; nothing was written",
        )
    if parsed.name is not None and key(parsed.name) != pou.key:
        raise ToolInputError(
            f"the new text declares {parsed.name}, not {pou.name}; nothing was written",
            hint="keep the name (rename with edit_file, and update its callers)",
        )


def _twincat_edits(
    path: Path, data: bytes, pou: Pou, parsed: PouText, original: FileText, newline: str
) -> list[tuple[int, int, bytes]]:
    if pou.kind not in MEMBER_KINDS and parsed.members:
        raise ToolInputError(
            f"the new text declares members ({', '.join(parsed.members)}) inside "
            f"{pou.name}; in a TwinCAT file each member has its own XML element",
            hint=f"replace {pou.name} without them, then each member as {pou.name}.Member",
        )
    root = parse_xml(path, data)
    objects = root.children if root.name == "TcPlcObject" else [root]
    owner_name = pou.parent.name if pou.parent is not None else pou.name
    owner = next(
        (
            candidate
            for candidate in objects
            if candidate.name in ("POU", "Itf")
            and key(candidate.attributes.get("Name", "")) == key(owner_name)
        ),
        None,
    )
    if owner is None:
        raise ToolInputError(f'no <POU Name="{owner_name}"> element found in {path.name}')
    element: Element = owner
    if pou.parent is not None:
        tag = _MEMBER_ELEMENTS[pou.kind]
        member = next(
            (
                child
                for child in owner.children_named(tag)
                if key(child.attributes.get("Name", "")) == pou.key
            ),
            None,
        )
        if member is None:
            raise ToolInputError(f'no <{tag} Name="{pou.name}"> element found in {path.name}')
        element = member

    def encoded(text: str) -> bytes:
        return original.encoded(text.replace("\r\n", "\n").replace("\n", newline), with_bom=False)

    edits = []
    if pou.kind is not PouKind.ACTION:
        declaration = element.child("Declaration")
        if declaration is None:
            raise ToolInputError(f"{pou.qualified_name} has no <Declaration> in {path.name}")
        edits.append((*_cdata_content(data, declaration, path), encoded(parsed.declaration)))
    implementation = element.child("Implementation")
    language = implementation.first_child() if implementation is not None else None
    if language is None:
        if parsed.body.strip():
            raise ToolInputError(f"{pou.qualified_name} has no <Implementation> in {path.name}")
    elif language.name != "ST":
        raise ToolInputError(
            f"{pou.qualified_name} is implemented in {language.name}, not ST: werk cannot "
            "replace its body"
        )
    else:
        edits.append((*_cdata_content(data, language, path), encoded(parsed.body)))
    return edits


def _cdata_content(data: bytes, element: Element, path: Path) -> tuple[int, int]:
    """The span of the content of the CDATA section directly inside ``element``."""
    opened = data.find(CDATA_OPEN, element.content_start, element.content_end)
    if opened < 0:
        raise ToolInputError(
            f"<{element.name}> at byte {element.start} of {path.name} has no CDATA section",
            hint="edit the file with edit_file",
        )
    start = opened + len(CDATA_OPEN)
    end = data.find(CDATA_CLOSE, start, element.content_end)
    if end < 0:
        raise ToolInputError(f"<{element.name}> in {path.name} has an unterminated CDATA section")
    return start, end


def _check_no_new_problems(
    context: ToolContext, path: Path, old: bytes, new: bytes, shown: str
) -> None:
    before = syntax_problems(path, old, context.dialect)
    after = syntax_problems(path, new, context.dialect)
    if len(after) > len(before):
        lines = [p.describe(shown) for p in after[:MAX_PROBLEMS]]
        raise ToolInputError(
            f"in place, the new text leaves {shown} with syntax errors; nothing was written:\n"
            + "\n".join(lines)
        )


def _decoded(original: FileText, data: bytes) -> str:
    body = data[3:] if original.bom else data
    return body.decode(original.encoding)


TOOL = ToolSpec("replace_pou", ReplacePouArguments, replace_pou)
