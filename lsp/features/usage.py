"""Where a symbol is written and read in the whole project, for hover.

"Who drives this output?" is the first question at a plant. The semantic
model resolves every use in every POU, marked read, write, read-write,
call or address-of; this counts them per kind and lists the first places
as ``file:line`` with the POU whose code it is, in file order, the way a
compiler's cross-reference list reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werk.tools.st.model.project import Project
from werk.tools.st.model.uses import Symbol, Use, UseKind


@dataclass
class Usage:
    writes: list[Use] = field(default_factory=list)
    reads: list[Use] = field(default_factory=list)
    calls: list[Use] = field(default_factory=list)
    addressed: list[Use] = field(default_factory=list)  # ADR(x), REF= x: written through later

    @property
    def empty(self) -> bool:
        return not (self.writes or self.reads or self.calls or self.addressed)

    def writers(self) -> list[str]:
        """The POUs that write it, each once, in file order."""
        seen: dict[str, None] = {}
        for use in self.writes:
            if use.pou is not None:
                seen.setdefault(use.pou.qualified_name, None)
        return list(seen)


def usage_of(project: Project, symbol: Symbol) -> Usage:
    usage = Usage()
    for use in project.references(symbol):
        if use.kind is UseKind.TYPE:
            continue
        if use.kind is UseKind.CALL:
            usage.calls.append(use)
        elif use.kind is UseKind.ADDRESS:
            usage.addressed.append(use)
        else:
            if use.is_write:
                usage.writes.append(use)
            if use.is_read:
                usage.reads.append(use)
    return usage
