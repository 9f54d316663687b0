"""Call hierarchy: who calls a POU, and what it calls.

LSP methods ``textDocument/prepareCallHierarchy``,
``callHierarchy/incomingCalls`` and ``callHierarchy/outgoingCalls``. A call
is a function call, a method or action call, or an FB instance call (a call
of the instance's FB type, as ``werk.tools.st.model.calls`` counts it); each
call lists the ranges where it happens. Each POU's calls are read once per
analysis, and the reverse table once per state of the project.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from werk.lsp.features.guard import guarded
from werk.lsp.features.places import Places, join, pou_holding, span_of
from werk.lsp.features.symbol_kinds import pou_kind
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.calls import callee_pou
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Location, Pou, key

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

CALLS = "werk.lsp.calls"
CALLERS = "werk.lsp.callers"

Call = tuple[Pou, Location]  # (the other POU, where the call is written)


def register(server: WerkLanguageServer, places: Places) -> None:
    @server.feature(types.TEXT_DOCUMENT_PREPARE_CALL_HIERARCHY)
    @guarded(list)
    def prepare(
        ls: WerkLanguageServer, params: types.CallHierarchyPrepareParams
    ) -> list[types.CallHierarchyItem]:
        workspace = ls.st
        found = places.at(params.text_document.uri, params.position)
        if workspace is None or found is None:
            return []
        at = places.symbol_at(params.text_document.uri, params.position)
        pou = callee_pou(at.symbol, workspace.project) if at is not None else None
        if pou is None or workspace.project.is_standard(pou):
            pou = pou_holding(workspace, *found)  # inside a POU: its own calls
        return [item(places, pou)] if pou is not None else []

    @server.feature(types.CALL_HIERARCHY_INCOMING_CALLS)
    @guarded(list)
    def incoming(
        ls: WerkLanguageServer, params: types.CallHierarchyIncomingCallsParams
    ) -> list[types.CallHierarchyIncomingCall]:
        pou = pou_of_item(ls.st, params.item)
        if ls.st is None or pou is None:
            return []
        grouped = _grouped(callers(ls.st.project).get(id(pou), []))
        return [
            types.CallHierarchyIncomingCall(
                from_=item(places, caller),
                from_ranges=[places.range(span_of(location)) for location in locations],
            )
            for caller, locations in grouped
        ]

    @server.feature(types.CALL_HIERARCHY_OUTGOING_CALLS)
    @guarded(list)
    def outgoing(
        ls: WerkLanguageServer, params: types.CallHierarchyOutgoingCallsParams
    ) -> list[types.CallHierarchyOutgoingCall]:
        pou = pou_of_item(ls.st, params.item)
        if ls.st is None or pou is None:
            return []
        project = ls.st.project
        user_calls = [(c, at) for c, at in calls(project, pou) if not project.is_standard(c)]
        return [
            types.CallHierarchyOutgoingCall(
                to=item(places, callee),
                from_ranges=[places.range(span_of(location)) for location in locations],
            )
            for callee, locations in _grouped(user_calls)
        ]


def item(places: Places, pou: Pou) -> types.CallHierarchyItem:
    name = span_of(pou.location)
    extent = join(span_of(pou.span), name)
    return types.CallHierarchyItem(
        name=pou.name,
        kind=pou_kind(pou),
        uri=places.ls.uri(name.path),
        range=places.range(extent),
        selection_range=places.range(name),
        detail=f"{pou.kind.value} {pou.qualified_name}",
        data={"pou": pou.qualified_name},
    )


def pou_of_item(workspace: StWorkspace | None, given: types.CallHierarchyItem) -> Pou | None:
    """The POU an item stands for, found again by its qualified name."""
    data: Any = given.data
    if workspace is None or not isinstance(data, dict) or not isinstance(data.get("pou"), str):
        return None
    parts = data["pou"].split(".")
    pou = workspace.project.find_pou(parts[0])
    for part in parts[1:]:
        if pou is None:
            return None
        wanted = key(part)
        pou = pou.methods.get(wanted) or pou.properties.get(wanted) or pou.actions.get(wanted)
    return pou


def calls(project: Project, pou: Pou) -> list[Call]:
    """The POUs ``pou``'s code calls, with where (kept while its analysis stands)."""

    def read(analysis: Any) -> list[Call]:
        found: list[Call] = []
        for use in analysis.calls:
            callee = callee_pou(use.target, project)
            if callee is not None:
                found.append((callee, use.location))
        return found

    return project.derived(pou, CALLS, read)


def callers(project: Project) -> dict[int, list[Call]]:
    """Callee (by identity) -> its callers with where, for the project as it is now."""

    def build() -> dict[int, list[Call]]:
        table: dict[int, list[Call]] = defaultdict(list)
        for caller in project.all_pous():
            for callee, location in calls(project, caller):
                table[id(callee)].append((caller, location))
        return dict(table)

    return project.shared(CALLERS, build)


def _grouped(found: list[Call]) -> list[tuple[Pou, list[Location]]]:
    """Calls by the other POU, in file order of where they are written."""
    groups: dict[int, tuple[Pou, list[Location]]] = {}
    for pou, location in sorted(found, key=lambda c: (str(c[1].unit.path), c[1].start)):
        groups.setdefault(id(pou), (pou, []))[1].append(location)
    return list(groups.values())
