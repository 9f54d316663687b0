"""Speed of the language server as an editor feels it, over real JSON-RPC.

A ``werk serve`` subprocess serves the 30,000-line generated project
(``st_corpus``); a pygls client, speaking to it over stdio as an editor does,
measures:

- completion: round-trip latency at ~100 varied positions (members after
  ``rtStart.``, values after ``:=``, statement starts, half-typed names), p50/p95;
- hover: round-trip latency on ~100 names (locals, parameters, globals, enum
  values, FB instances), p50/p95, after one warm-up hover that builds the
  system model (reported on its own);
- diagnostics after an edit: ``didChange`` sent until ``publishDiagnostics``
  for the file has arrived and its JSON is parsed (the server's debounce
  included), over edits that add and remove an unused local variable; also
  until pygls' client has turned it into objects, which an editor does not
  do; and for edits that add and remove a parameter, after which the
  PROGRAM calling every station is resolved again;
- memory: the server's resident set after it has loaded a generated
  1,000-file project (one FB per file and a PROGRAM that runs them all).

Run: ``.venv/bin/python -m werk.benchmarks.perf.lsp_bench``
Goals (issue 6): completion p95 <= 30 ms, hover p95 <= 15 ms, diagnostics
after an edit <= 150 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import LanguageServerProtocol

from werk.benchmarks.perf.st_corpus import STATION, corpus

GOALS = {"completion": 30.0, "hover": 15.0, "diagnostics": 150.0}
CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(
                snippet_support=True,
                resolve_support=types.ClientCompletionItemResolveOptions(
                    properties=["documentation"]
                ),
            )
        ),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(),
    ),
    window=types.WindowClientCapabilities(work_done_progress=False),
)


class ArrivalClock(LanguageServerProtocol):
    """Notes when each ``publishDiagnostics`` has arrived and its JSON is parsed.

    That is when an editor has the diagnostics (Neovim and VS Code parse JSON
    natively); pygls' client then spends as long again turning 1,500 of them
    into lsprotocol objects, which no editor does. Both moments are reported.
    """

    arrivals: dict[str, list[float]]

    def structure_message(self, data: dict[str, Any]) -> Any:
        if data.get("method") == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS and "jsonrpc" in data:
            uri = str(data.get("params", {}).get("uri"))
            self.arrivals.setdefault(uri, []).append(time.perf_counter())
        return super().structure_message(data)


class Server:
    """One ``werk serve`` subprocess and the client talking to it."""

    def __init__(self, log: Path) -> None:
        self.client = LanguageClient("werk-lsp-bench", "1", protocol_cls=ArrivalClock)
        self.arrived: dict[str, list[float]] = {}
        assert isinstance(self.client.protocol, ArrivalClock)
        self.client.protocol.arrivals = self.arrived
        self.log = log
        self.published: dict[str, list[float]] = {}
        self.versions: dict[str, int] = {}  # the last didChange version per document
        self.check_ms: list[float] = []  # the server's own timing of each check (werk/status)
        self.ready = asyncio.Event()

        # Handlers whose first parameter is ``ls`` get the client first (pygls' rule).
        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(time.perf_counter())

        @self.client.feature("werk/status")
        def status(ls: LanguageClient, params: Any) -> None:
            if getattr(params, "state", None) == "ready":
                self.ready.set()
                check = getattr(params, "lastCheckMs", None)
                if isinstance(check, int | float):
                    self.check_ms.append(float(check))

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def log_message(ls: LanguageClient, params: types.LogMessageParams) -> None:
            return None

    async def start(self, root: Path) -> float:
        """Start and initialize on ``root``; the seconds until the project is checked."""
        werk = Path(sys.executable).parent / "werk"
        started = time.perf_counter()
        await self.client.start_io(str(werk), "serve", "--log-file", str(self.log))
        await self.client.initialize_async(
            types.InitializeParams(capabilities=CAPABILITIES, root_uri=root.as_uri())
        )
        self.client.initialized(types.InitializedParams())
        await asyncio.wait_for(self.ready.wait(), timeout=600)
        return time.perf_counter() - started

    def pid(self) -> int:
        """The server's process id: the child of this process (Linux ``/proc``)."""
        children: list[int] = []
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            text = (task / "children").read_text().split()
            children.extend(int(pid) for pid in text)
        return max(children)

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.client.shutdown_async(None), timeout=30)
            self.client.exit(None)
        await self.client.stop()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def position_at(text: str, offset: int) -> types.Position:
    """An LSP position (the corpus is ASCII: columns are characters)."""
    line = text.count("\n", 0, offset)
    return types.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def spread(text: str, needle: str, count: int, shift: int = 0) -> list[int]:
    """``count`` offsets of ``needle`` (plus ``shift``) spread over the whole text."""
    found: list[int] = []
    at = text.find(needle)
    while at >= 0:
        found.append(at + shift)
        at = text.find(needle, at + 1)
    step = max(1, len(found) // count)
    return found[::step][:count]


def completion_positions(text: str) -> list[int]:
    return [
        *spread(text, "rtStart.Q", 25, len("rtStart.")),  # members
        *spread(text, "eState := E_StationState.Running", 20, len("eState := ")),  # values
        *spread(text, "tonFeedback(IN", 20),  # statement starts
        *spread(text, "bRunning R=", 20, len("bRun")),  # half-typed names
        *spread(text, "\nfbStation", 15, len("\nfbSta")),  # calls in the 1,500-line PROGRAM
    ]


def hover_positions(text: str) -> list[int]:
    return [
        *spread(text, "bRunning S=", 20, 2),
        *spread(text, "tonFeedback(IN", 20, 3),
        *spread(text, "gbEmergencyStop);", 20, 4),
        *spread(text, "E_StationState.Idle:", 20, len("E_StationState.") + 1),
        *spread(text, "\nfbStation", 20, 4),
    ]


async def timed(requests: list[Callable[[], Awaitable[object]]]) -> tuple[list[float], int]:
    """The latency of each request in ms, and how many answered with something."""
    times = []
    answered = 0
    for request in requests:
        started = time.perf_counter()
        result = await request()
        times.append((time.perf_counter() - started) * 1000)
        items = getattr(result, "items", None)
        answered += bool(items) if items is not None else result is not None
    return times, answered


@dataclass
class EditingResults:
    load_seconds: float
    first_hover: float
    completion: list[float]
    hover: list[float]
    diagnostics: list[float]
    """didChange until the publishDiagnostics message had arrived and was parsed."""
    diagnostics_structured: list[float]
    """The same until pygls' client had converted it into lsprotocol objects."""
    diagnostics_parameter: list[float]
    """didChange until arrival, for edits of an FB's parameters (its callers resolve anew)."""
    completions_answered: int
    hovers_answered: int
    check_ms: list[float]


async def measure_editing(root: Path, text: str, edits: int) -> EditingResults:
    server = Server(root.parent / "server.log")
    path = root / "plant.st"
    uri = path.as_uri()
    client = server.client
    try:
        load_seconds = await server.start(root)
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="iec-st", version=1, text=text)
            )
        )
        document = types.TextDocumentIdentifier(uri=uri)

        def completion(offset: int) -> Callable[[], Awaitable[object]]:
            params = types.CompletionParams(
                text_document=document, position=position_at(text, offset)
            )
            return lambda: client.text_document_completion_async(params)

        def hover(offset: int) -> Callable[[], Awaitable[object]]:
            params = types.HoverParams(text_document=document, position=position_at(text, offset))
            return lambda: client.text_document_hover_async(params)

        hovers = hover_positions(text)
        first_hover = (await timed([hover(hovers[0])]))[0][0]
        await timed([completion(completion_positions(text)[0])])
        completion_ms, completions = await timed(
            [completion(o) for o in completion_positions(text)]
        )
        hover_ms, hovered = await timed([hover(o) for o in hovers])
        checks_before = len(server.check_ms)
        diagnostics_ms, structured_ms = await edit_and_wait(server, uri, text, edits, LOCAL)
        check_ms = server.check_ms[checks_before:]
        parameter_ms, _ = await edit_and_wait(server, uri, text, edits, PARAMETER)
    finally:
        await server.stop()
    return EditingResults(
        load_seconds,
        first_hover,
        completion_ms,
        hover_ms,
        diagnostics_ms,
        structured_ms,
        parameter_ms,
        completions,
        hovered,
        check_ms,
    )


@dataclass(frozen=True)
class EditKind:
    anchor: str
    """A line of every station the new line goes after."""
    line: str


LOCAL = EditKind("    i : INT;\n", "    nUnused : INT;\n")
PARAMETER = EditKind("    bStop : BOOL;\n", "    bUnusedIn : BOOL;\n")


async def edit_and_wait(
    server: Server, uri: str, text: str, edits: int, kind: EditKind
) -> tuple[list[float], list[float]]:
    """Add an unused variable to a station, then take it out again: each edit changes the
    file's diagnostics, so each one is published. The latencies until they arrived (JSON
    parsed), and until pygls' client had made them into objects."""
    latencies: list[float] = []
    structured_ms: list[float] = []
    stations = spread(text, kind.anchor, edits // 2 + 1, len(kind.anchor))
    version = server.versions.get(uri, 1)
    for number in range(edits - edits % 2):  # pairs: the text ends as it began
        offset = stations[number // 2]
        position = position_at(text, offset)
        adding = number % 2 == 0
        end = types.Position(position.line + (0 if adding else 1), 0)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(position, end), text=kind.line if adding else ""
        )
        version += 1
        before = len(server.published.get(uri, []))
        started = time.perf_counter()
        server.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change],
            )
        )
        deadline = started + 30
        while len(server.published.get(uri, [])) <= before and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        arrived = server.arrived.get(uri, [])
        structured = server.published.get(uri, [])
        if len(structured) > before:
            latencies.append((arrived[before] - started) * 1000)
            structured_ms.append((structured[before] - started) * 1000)
        await asyncio.sleep(0.2)  # the user pauses: each edit is measured on its own
    server.versions[uri] = version
    return latencies, structured_ms


def thousand_files(root: Path, files: int) -> None:
    """One station FB per file and a PROGRAM that runs them all (a 1,000-file project)."""
    root.mkdir(parents=True)
    (root / "werk.toml").write_text("", encoding="utf-8")
    header = corpus(0).split(b"FUNCTION_BLOCK")[0].split(b"PROGRAM MAIN")[0]
    (root / "types.st").write_bytes(header)
    for n in range(files - 2):
        (root / f"fb_station{n}.st").write_text(STATION.format(n=n, bit=n % 16), "utf-8")
    declarations = "\n".join(f"    fbStation{n} : FB_Station{n};" for n in range(files - 2))
    calls = "\n".join(f"fbStation{n}(bStart := gbEmergencyStop);" for n in range(files - 2))
    (root / "main.st").write_text(
        f"PROGRAM MAIN\nVAR\n{declarations}\nEND_VAR\n{calls}\nEND_PROGRAM\n", "utf-8"
    )


async def measure_memory(root: Path, files: int) -> tuple[float, float]:
    thousand_files(root, files)
    server = Server(root.parent / "server-1000.log")
    try:
        seconds = await server.start(root)
        status = Path(f"/proc/{server.pid()}/status").read_text()
        rss_kb = next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
        )
    finally:
        await server.stop()
    return rss_kb / 1024, seconds


def report(label: str, values: list[float], goal: float | None) -> None:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    target = f"  (goal p95 <= {goal:.0f} ms: {'met' if p95 <= goal else 'MISSED'})" if goal else ""
    print(
        f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(values):.1f} ms "
        f"over {len(values)} requests{target}"
    )


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="werk-lsp-bench-") as folder:
        base = Path(folder)
        root = base / "plant"
        root.mkdir()
        (root / "werk.toml").write_text("", encoding="utf-8")
        text = corpus(args.stations).decode()
        (root / "plant.st").write_text(text, encoding="utf-8")
        print(f"file: {len(text):,} bytes, {text.count(chr(10)):,} lines")
        results = await measure_editing(root, text, args.edits)
        print(f"server start and first check: {results.load_seconds:.2f} s")
        print(f"first hover (builds the system model): {results.first_hover:.1f} ms")
        report("completion", results.completion, GOALS["completion"])
        print(f"  answered with items: {results.completions_answered}/{len(results.completion)}")
        report("hover", results.hover, GOALS["hover"])
        print(f"  answered with a hover: {results.hovers_answered}/{len(results.hover)}")
        report("diagnostics after an edit", results.diagnostics, GOALS["diagnostics"])
        report(
            "  the same, until pygls' client made objects of them",
            results.diagnostics_structured,
            None,
        )
        report(
            "  after an edit of an FB's parameters (its 770-call caller resolves anew)",
            results.diagnostics_parameter,
            None,
        )
        if results.check_ms:
            print(
                f"  of which the rules (the server's own timing): "
                f"median {statistics.median(results.check_ms):.1f} ms"
            )
        if args.files:
            rss, seconds = await measure_memory(base / "thousand", args.files)
            print(
                f"server memory after loading {args.files:,} files: {rss:.0f} MB RSS "
                f"(loaded and checked in {seconds:.1f} s)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=770, help="FBs in the 30,000-line file")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--files", type=int, default=1000, help="0 skips the memory run")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
