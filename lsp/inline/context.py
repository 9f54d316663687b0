"""Cross-file context for a suggestion: the project's map and what the cursor's POU uses.

A model completing ``fbValve(`` must know ``FB_Valve``'s inputs, which live
in another file. So the prompt carries the declarations (interfaces, not
bodies) of every project POU the code around the cursor names, and a short
map of the project's other POUs, both within a character budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Pou, PouKind, Section

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
INTERFACE_SECTIONS = (Section.VAR_INPUT, Section.VAR_OUTPUT, Section.VAR_IN_OUT)
MAP_KINDS = (PouKind.PROGRAM, PouKind.FUNCTION_BLOCK, PouKind.FUNCTION, PouKind.INTERFACE)


def used_declarations(project: Project, text: str, budget_chars: int) -> str:
    """Interfaces of the project's POUs (and their types) that ``text`` names."""
    shown: list[str] = []
    used = 0
    seen: set[str] = set()
    for name in IDENTIFIER.findall(text):
        lowered = name.lower()
        if lowered in seen:
            continue
        seen.add(lowered)
        pou = project.find_pou(name)
        if pou is None or project.is_standard(pou) or pou.parent is not None:
            continue
        block = interface_of(pou)
        if used + len(block) > budget_chars:
            break
        shown.append(block)
        used += len(block)
    return "\n".join(shown)


def interface_of(pou: Pou) -> str:
    header = f"{pou.kind} {pou.name}"
    if pou.return_type is not None:
        header += f" : {pou.return_type}"
    lines = [header]
    for section in INTERFACE_SECTIONS:
        variables = [v for v in pou.variables if v.section == section]
        if not variables:
            continue
        lines.append(str(section))
        lines.extend(f"    {v.name} : {v.type};" for v in variables)
        lines.append("END_VAR")
    return "\n".join(lines) + "\n"


def project_map(project: Project, budget_chars: int, skip: Iterable[str] = ()) -> str:
    """One line per POU of the project (kind and name), as many as fit."""
    skipped = {name.lower() for name in skip}
    lines: list[str] = []
    used = 0
    for pou in sorted(project.all_pous(), key=lambda p: p.name.lower()):
        if pou.kind not in MAP_KINDS or project.is_standard(pou) or pou.key in skipped:
            continue
        line = f"{pou.kind} {pou.name}"
        if used + len(line) + 1 > budget_chars:
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)
