"""``werk serve``: the language server behind every editor integration.

It owns one ``StWorkspace`` (the semantic model of the project, with the
editor's unsaved buffers) and answers from it. Diagnostics are recomputed
after typing pauses (debounced), incrementally, and pushed only where they
changed; clients that pull diagnostics get them on request instead. Nothing
a client sends may stop the server: bad settings are shown to the user and
the previous ones kept, a handler that fails is logged and answered with an
error, and the server goes on serving.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from werk.agent.config import LoadedConfig, load_config
from werk.lsp import code_actions
from werk.lsp.agent_actions import register_agent_actions
from werk.lsp.diagnostics import (
    DiagnosticJson,
    finding_diagnostic,
    findings_by_path,
    syntax_diagnostic,
    too_large_diagnostic,
    unreadable_diagnostic,
)
from werk.lsp.editor_settings import defaults, load_with_editor
from werk.lsp.encoding import PositionConverter
from werk.lsp.features.assistance import register_assistance
from werk.lsp.features.navigation import register_navigation
from werk.lsp.features.other_languages import CodeIndex
from werk.lsp.inline import register_inline
from werk.lsp.protocol import WerkProtocol
from werk.lsp.st_workspace import StWorkspace, is_st_path
from werk.lsp.sync import apply_changes, resynchronise
from werk.tools.errors import WerkError
from werk.tools.gc_pause import freeze_loaded
from werk.tools.st.rules.finding import Finding
from werk.tools.st.rules.results import CheckResult

log = logging.getLogger(__name__)

STATUS = "werk/status"
DEBOUNCE_SECONDS = 0.05  # changes closer than this form one burst, checked at its end


class WerkLanguageServer(LanguageServer):
    def __init__(self, version: str) -> None:
        super().__init__(
            "werk",
            version,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=WerkProtocol,
        )
        self.st: StWorkspace | None = None
        self.debounce_seconds = DEBOUNCE_SECONDS
        self.pull_diagnostics = False
        self.result: CheckResult | None = None  # the last check, for code actions
        self._published: dict[Path, list[DiagnosticJson]] = {}
        self._pending: asyncio.TimerHandle | None = None
        self._last_change = float("-inf")  # event-loop time of the last scheduled check
        self._stale = True
        self._freeze_after_check = False
        self._startup_problem: str | None = None
        self.last_check_ms: float | None = None
        self._converters: dict[Path, PositionConverter] = {}
        # Tags of Python, C, C++ (and ST, for the repository map): navigation and ghost text.
        self.code_index = CodeIndex(self)
        self.model_reachable: bool | None = None  # None: no model asked yet
        self.last_model_ms: float | None = None

    # --- positions -----------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def converter(self, path: Path) -> PositionConverter:
        """Positions for the file as it is now; kept until its text changes (indexing the
        lines of a large file costs milliseconds, and every request needs them)."""
        data = self.st.data(path) if self.st is not None else b""
        cached = self._converters.get(path)
        if cached is not None and cached.data is data and cached.encoding == self.encoding:
            return cached
        converter = PositionConverter(data, self.encoding)
        self._converters[path] = converter
        return converter

    @staticmethod
    def uri(path: Path) -> str:
        return from_fs_path(str(path)) or path.as_uri()

    @staticmethod
    def path(uri: str) -> Path | None:
        fs_path = to_fs_path(uri)
        return Path(fs_path).resolve() if fs_path else None

    # --- status --------------------------------------------------------------------------

    def status(self, state: str, **extra: Any) -> None:
        """``werk/status``: what the editor's status line shows (state, files, latency)."""
        files = len(self.st.files) if self.st is not None else 0
        payload = {
            "state": state,
            "files": files,
            "lastCheckMs": self.last_check_ms,
            "modelReachable": self.model_reachable,
            "lastModelMs": self.last_model_ms,
            **extra,
        }
        self.protocol.notify(STATUS, payload)

    # --- diagnostics ---------------------------------------------------------------------

    def schedule_check(self) -> None:
        """Check at once after a pause in typing, else once the burst of changes pauses.

        The first change after a quiet spell is checked right away (an edit
        needs no wait to be told apart from the next keystroke); changes that
        follow each other within ``debounce_seconds`` restart the wait, so key
        repeat or a macro is checked once at its end, not at every character.
        """
        self._stale = True
        loop = asyncio.get_event_loop()
        now = loop.time()
        burst = now - self._last_change < self.debounce_seconds
        self._last_change = now
        if self._pending is not None:
            self._pending.cancel()
        delay = self.debounce_seconds if burst else 0.0
        self._pending = loop.call_later(delay, self._run_scheduled)

    def _run_scheduled(self) -> None:
        self._pending = None
        try:
            self.refresh()
            if self.pull_diagnostics:
                self.workspace_diagnostic_refresh(None)
            else:
                self.publish()
        except Exception:  # never let one bad check stop the server
            log.exception("checking the workspace failed")

    def refresh(self) -> CheckResult | None:
        """Run the rules if anything changed since the last check."""
        if self.st is None:
            return None
        if self._stale or self.result is None:
            started = time.perf_counter()
            self.result = self.st.check()
            self.last_check_ms = round((time.perf_counter() - started) * 1000, 1)
            self._stale = False
            if self._freeze_after_check:
                # The first check analysed every POU: those analyses live until an edit
                # replaces them, so keep full collections off them too (a collection over
                # them cost 150 ms on some keystrokes).
                self._freeze_after_check = False
                freeze_loaded()
            for error in self.result.rule_errors:
                log.error("rule failed: %s", error)
        return self.result

    def diagnostics_for(
        self, path: Path, findings: list[Finding] | None = None
    ) -> list[DiagnosticJson]:
        assert self.st is not None
        problem = self.st.problems.get(path)
        if problem is not None:
            return [unreadable_diagnostic(problem.message)]
        converter = self.converter(path)
        found = [
            syntax_diagnostic(start, end, message, converter)
            for start, end, message in self.st.syntax_issues(path)
        ]
        source = self.st.files.get(path)
        if source is not None and any(unit.symbols_only for unit in source.units):
            found.insert(0, too_large_diagnostic(self.st.config.config.st.analysis_limit))
        if findings is None:
            result = self.refresh()
            findings = [f for f in result.findings if f.path == path] if result else []
        found.extend(finding_diagnostic(finding, converter) for finding in findings)
        return found

    def publish(self) -> None:
        """Push diagnostics for every file whose diagnostics changed (or that has some)."""
        result = self.refresh()
        if self.st is None or result is None:
            return
        by_path = findings_by_path(result.findings)
        paths = set(by_path) | set(self._published) | set(self.st.problems)
        paths |= {
            path
            for path, source in self.st.files.items()
            if self.st.syntax_issues(path) or any(unit.symbols_only for unit in source.units)
        }
        for path in sorted(paths):
            diagnostics = self.diagnostics_for(path, by_path.get(path, []))
            if diagnostics == self._published.get(path, []) and path in self._published:
                continue
            if not diagnostics and path not in self._published:
                continue
            self._published[path] = diagnostics
            if not diagnostics:
                del self._published[path]
            self.protocol.notify(
                types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                {"uri": self.uri(path), "diagnostics": diagnostics},
            )
        self.status("ready")

    # --- configuration -------------------------------------------------------------------

    def load_settings(self, root: Path, settings: Any) -> LoadedConfig:
        """The configuration with the editor's settings; on error the files' alone."""
        try:
            return load_with_editor(root, settings)
        except WerkError as exc:
            self._startup_problem = f"werk: {exc.message} (using the settings from files)"
            try:
                return load_config(root)
            except WerkError as file_exc:
                self._startup_problem = f"werk: {file_exc.message} (using the defaults)"
                return defaults(root)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors outside any request (a message that is not JSON, a failing
        notification handler): logged, not shown: the editor cannot act on them."""
        log.error("protocol error (%s): %s", getattr(source, "__name__", source), error)

    def show_problem(self, message: str) -> None:
        log.warning("%s", message)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=message)
        )


def create_server(version: str = "0") -> WerkLanguageServer:
    server = WerkLanguageServer(version)
    _register_lifecycle(server)
    _register_documents(server)
    _register_diagnostics(server)
    _register_code_actions(server)
    register_navigation(server)
    register_assistance(server)
    register_inline(server)
    register_agent_actions(server)
    return server


# --- lifecycle -------------------------------------------------------------------------------


def _register_lifecycle(server: WerkLanguageServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: WerkLanguageServer, params: types.InitializeParams) -> None:
        root = _root_of(params)
        config = ls.load_settings(root, params.initialization_options)
        ls.st = StWorkspace(root, config)
        capabilities = params.capabilities.text_document
        ls.pull_diagnostics = bool(capabilities and capabilities.diagnostic)

    @server.feature(types.INITIALIZED)
    def initialized(ls: WerkLanguageServer, params: types.InitializedParams) -> None:
        if ls._startup_problem:
            ls.show_problem(ls._startup_problem)
            ls._startup_problem = None
        _load_workspace(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(
        ls: WerkLanguageServer, params: types.DidChangeConfigurationParams
    ) -> None:
        if ls.st is None:
            return
        try:
            config = load_with_editor(ls.st.root, params.settings)
            ls.st.reconfigure(config)
        except WerkError as exc:
            ls.show_problem(f"werk: {exc.message} (keeping the previous settings)")
            return
        ls.schedule_check()


def _root_of(params: types.InitializeParams) -> Path:
    candidates = [params.root_uri, *(f.uri for f in params.workspace_folders or [])]
    for uri in candidates:
        path = WerkLanguageServer.path(uri) if uri else None
        if path is not None and path.is_dir():
            return path
    if params.root_path and Path(params.root_path).is_dir():
        return Path(params.root_path).resolve()
    return Path.cwd().resolve()


def _load_workspace(ls: WerkLanguageServer) -> None:
    """Read the project, reporting progress as ``$/progress`` when the client allows."""
    assert ls.st is not None
    window = ls.client_capabilities.window
    token = "werk-indexing" if window is not None and window.work_done_progress else None
    if token is not None:
        ls.work_done_progress.create(token)
        ls.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title="werk: reading the project", percentage=0)
        )
    ls.status("indexing")
    last_reported = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if token is not None and (now - last_reported[0] > 0.2 or done == total):
            last_reported[0] = now
            ls.work_done_progress.report(
                token,
                types.WorkDoneProgressReport(
                    message=f"{done}/{total} files", percentage=int(100 * done / max(1, total))
                ),
            )

    try:
        report = ls.st.load(progress)
    except Exception:
        log.exception("reading the workspace failed")
        report = None
    if token is not None:
        ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))
    freeze_loaded()  # the loaded project lives long: keep full collections off it
    ls._freeze_after_check = True
    if report is not None:
        for path, reason in report.skipped:
            log.info("skipped %s: %s", path, reason)
    ls.schedule_check()


# --- documents -------------------------------------------------------------------------------


def _register_documents(server: WerkLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WerkLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        path = ls.path(params.text_document.uri)
        if ls.st is None or path is None or not is_st_path(path):
            return
        ls.st.open(path, params.text_document.text.encode("utf-8"))
        ls.schedule_check()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WerkLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        path = ls.path(params.text_document.uri)
        if ls.st is None or path is None or path not in ls.st.buffers:
            return
        apply_changes(ls.st, path, params.content_changes, ls.converter)
        _resynchronise(ls, path, params.text_document.uri)
        ls.schedule_check()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WerkLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        path = ls.path(params.text_document.uri)
        if ls.st is None or path is None or path not in ls.st.buffers:
            return
        ls.st.close(path)
        ls.schedule_check()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: WerkLanguageServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if ls.st is None:
            return
        for change in params.changes:
            path = ls.path(change.uri)
            if path is not None and is_st_path(path):
                ls.st.file_changed_on_disk(path)
        ls.schedule_check()


def _resynchronise(ls: WerkLanguageServer, path: Path, uri: str) -> None:
    """Guard against drift: pygls keeps the client's text too; if ours differs, take it."""
    assert ls.st is not None
    if resynchronise(ls.st, path, ls.workspace.get_text_document(uri).source):
        log.error("document %s drifted from the client's text; re-read it whole", path)


# --- diagnostics -----------------------------------------------------------------------------


def _register_diagnostics(server: WerkLanguageServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="werk", inter_file_dependencies=True, workspace_diagnostics=False
        ),
    )
    def pull_diagnostics(
        ls: WerkLanguageServer, params: types.DocumentDiagnosticParams
    ) -> dict[str, Any]:
        """A ``RelatedFullDocumentDiagnosticReport``, as JSON like the diagnostics in it."""
        path = ls.path(params.text_document.uri)
        items = ls.diagnostics_for(path) if ls.st is not None and path is not None else []
        return {"kind": types.DocumentDiagnosticReportKind.Full.value, "items": items}


# --- code actions ----------------------------------------------------------------------------


def _register_code_actions(server: WerkLanguageServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, code_actions.FIX_ALL_KIND]
        ),
    )
    def code_action(
        ls: WerkLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        path = ls.path(params.text_document.uri)
        result = ls.refresh()
        if ls.st is None or path is None or result is None:
            return []
        converter = ls.converter(path)
        start = converter.offset(params.range.start)
        end = converter.offset(params.range.end)
        in_file = [f for f in result.findings if f.path == path]
        wanted = params.context.only
        actions: list[types.CodeAction] = []
        if wanted is None or types.CodeActionKind.QuickFix in wanted:
            for finding in in_file:
                if not code_actions.overlaps(finding, start, end):
                    continue
                if finding.fix is not None:
                    actions.append(
                        code_actions.fix_action(finding, finding.fix, ls.converter, ls.uri)
                    )
                actions.append(
                    code_actions.suppress_action(
                        finding, ls.st.data(path), converter, params.text_document.uri
                    )
                )
        if wanted is None or any(
            kind.startswith(types.CodeActionKind.SourceFixAll) for kind in wanted
        ):
            fix_all = code_actions.fix_all_action(in_file, ls.converter, ls.uri)
            if fix_all is not None:
                actions.append(fix_all)
        return actions
