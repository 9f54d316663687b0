"""Cross-file context for a Structured Text suggestion: what the cursor's POU uses.

A model completing ``fbValve(`` must know ``FB_Valve``'s inputs, which live
in another file. So the prompt carries the declarations (interfaces, not
bodies) of every project POU the code around the cursor names, within a
character budget, from the semantic model. The rest of the repository comes
in through the ranked repository map (``repo_map``), as for every language.
"""

from __future__ import annotations

import re

from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Pou, Section

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
INTERFACE_SECTIONS = (Section.VAR_INPUT, Section.VAR_OUTPUT, Section.VAR_IN_OUT)


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
