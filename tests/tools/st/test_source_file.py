"""Edits keep a file's units equal to a fresh load, and re-process only what changed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project
from werk.tools.st.source_file import StSourceFile

SOURCE = b"""\
TYPE E_Mode : (Off, On); END_TYPE
(* the pump *)
FUNCTION_BLOCK FB_Pump
VAR_INPUT bStart : BOOL; END_VAR
VAR_OUTPUT bRun : BOOL; END_VAR
bRun := bStart;
END_FUNCTION_BLOCK
VAR_GLOBAL
    gbAuto : BOOL;
END_VAR
PROGRAM MAIN
VAR fbPump : FB_Pump; eMode : E_Mode; END_VAR
fbPump(bStart := gbAuto AND eMode = On);
END_PROGRAM
"""
PATH = Path("plant.st")


def summary(file: StSourceFile) -> list[tuple[str, str, tuple[int, int]]]:
    """What a user sees: each POU, type and variable with its span in the file."""
    found = []
    for unit in file.units:
        declarations = unit.declarations
        for pou in declarations.pous:
            found.append((pou.kind.value, pou.name, pou.location.file_span()))
            found.extend(("var", v.name, v.location.file_span()) for v in pou.variables)
        for decl in declarations.types:
            found.append(("type", decl.name, decl.location.file_span()))
        for gvl in declarations.globals:
            found.extend(("global", v.name, v.location.file_span()) for v in gvl.variables)
    return sorted(found)


def resolution(project: Project) -> list[tuple[str, str, str, tuple[int, int], str]]:
    """Every use in the project: where, what kind, and which declaration it resolves to."""
    found = []
    for pou in project.all_pous():
        for use in project.analysis(pou).uses:
            target = use.target
            where = getattr(target, "location", None)
            declared = f"{type(target).__name__}@{where.file_span() if where else None}"
            found.append(
                (pou.qualified_name, use.name, use.kind.value, use.location.file_span(), declared)
            )
    return sorted(found)


def issues(file: StSourceFile) -> list[tuple[int, int, str]]:
    return sorted(
        (*unit.file_span(issue.start, issue.end), issue.message)
        for unit in file.units
        for issue in unit.issues
    )


def test_load_splits_into_declarations() -> None:
    file = StSourceFile.load(PATH, SOURCE, Dialect.CODESYS)
    assert len(file.units) == 4
    assert b"".join(unit.document.text for unit in file.units) == SOURCE
    start = SOURCE.index(b"FB_Pump")
    assert ("FUNCTION_BLOCK", "FB_Pump", (start, start + 7)) in summary(file)


def test_an_edit_inside_one_pou_replaces_only_that_unit() -> None:
    file = StSourceFile.load(PATH, SOURCE, Dialect.CODESYS)
    project = Project(file.units)
    main = project.find_pou("MAIN")
    assert main is not None
    main_analysis = project.analysis(main)
    before = list(file.units)
    at = SOURCE.index(b"bRun := bStart;")
    change = file.edit(at, at + len(b"bRun := bStart;"), b"bRun := bStart AND NOT bRun;")
    assert change.removed == [before[1]] and len(change.added) == 1
    assert file.units[0] is before[0] and file.units[2] is before[2] and file.units[3] is before[3]
    project.set_file(PATH, file.units)
    # MAIN calls FB_Pump (replaced): its uses now point at the new declarations.
    after = project.analysis(main)
    assert after is not main_analysis
    fb = project.find_pou("FB_Pump")
    assert any(use.target is fb for use in after.uses)
    shifted = SOURCE.index(b"gbAuto : BOOL") + len(b" AND NOT bRun")
    assert ("global", "gbAuto", (shifted, shifted + 6)) in summary(file)
    at = file.data.index(b"bRun := bStart AND NOT bRun;")
    file.edit(at, at + 4, b"bRun ")  # a second edit of the same POU
    project.set_file(PATH, file.units)
    fb = project.find_pou("FB_Pump")
    assert any(use.target is fb for use in project.analysis(main).uses)


def test_new_declarations_resolve_names_that_were_unresolved() -> None:
    file = StSourceFile.load(
        PATH, SOURCE.replace(b"gbAuto : BOOL;", b"gbOther : BOOL;"), Dialect.CODESYS
    )
    project = Project(file.units)
    main = project.find_pou("MAIN")
    assert main is not None
    assert [u.name for u in project.analysis(main).unresolved] == ["gbAuto"]
    at = file.data.index(b"gbOther")
    file.edit(at, at + len(b"gbOther"), b"gbAuto")
    project.set_file(PATH, file.units)
    assert project.analysis(main).unresolved == []


SNIPPETS = st.sampled_from(
    [b"", b"x", b";", b"\n", b"(*", b"*)", b"END_FUNCTION_BLOCK\n", b"FUNCTION_BLOCK FB_New\n",
     b"VAR a : INT; END_VAR\n", b"PROGRAM P2\nEND_PROGRAM\n", b"'", b"END_VAR",
     b"TYPE T : INT; END_TYPE\n",
     b"ACTION A:\nEND_ACTION\n", b"VAR_GLOBAL\n", b"END_PROGRAM\n", b"// c\n"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40), SNIPPETS), max_size=6))
def test_incremental_edits_match_a_fresh_load(edits: list[tuple[int, int, bytes]]) -> None:
    file = StSourceFile.load(PATH, SOURCE, Dialect.CODESYS)
    project = Project(file.units)
    resolution(project)  # analyse everything once, so edits exercise the caches
    for position, length, replacement in edits:
        start = position % (len(file.data) + 1)
        end = min(len(file.data), start + length)
        file.edit(start, end, replacement)
        project.set_file(PATH, file.units)
        fresh = StSourceFile.load(PATH, file.data, Dialect.CODESYS)
        assert b"".join(unit.document.text for unit in file.units) == file.data
        assert summary(file) == summary(fresh)
        assert issues(file) == issues(fresh)
        assert resolution(project) == resolution(Project(fresh.units))


def test_typing_into_an_emptied_file() -> None:
    """Found by the editor's random-edit test: no units left to splice an edit into."""
    source = StSourceFile.load(Path("plant.st"), b"PROGRAM MAIN\nEND_PROGRAM\n")
    source.edit(0, len(source.data), b"")
    assert source.units == []
    source.edit(0, 0, b"FUNCTION_BLOCK FB_A\nEND_FUNCTION_BLOCK\n")
    assert [pou.name for unit in source.units for pou in unit.declarations.pous] == ["FB_A"]
