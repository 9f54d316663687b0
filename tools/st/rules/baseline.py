"""A baseline: the findings a legacy project already has, so only new ones are reported.

A finding is identified without its line number (which moves with every
edit above it): rule code, file, POU, message and the text of its source
line. Counted, so two identical findings in one POU need two baseline
entries. The file is JSON, sorted, meant to be committed and reviewed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from werk.tools.errors import UsageError
from werk.tools.st.rules.finding import Finding

FORMAT_VERSION = 1


def fingerprint(finding: Finding, root: Path, line_text: str) -> str:
    try:
        relative = finding.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = finding.path.as_posix()
    parts = [finding.code, relative, finding.pou or "", finding.message, line_text.strip()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def write_baseline(path: Path, fingerprints: Iterable[str]) -> int:
    counted = Counter(fingerprints)
    payload = {"werk_baseline": FORMAT_VERSION, "findings": dict(sorted(counted.items()))}
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
    return sum(counted.values())


def read_baseline(path: Path) -> Counter[str]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"{path}: no such baseline file",
            hint=f"create it with `werk check --write-baseline {path}`",
        ) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a werk baseline file: {exc}") from None
    if not isinstance(payload, dict) or payload.get("werk_baseline") != FORMAT_VERSION:
        raise UsageError(f"{path}: not a werk baseline file (version {FORMAT_VERSION} expected)")
    return Counter({str(k): int(v) for k, v in payload.get("findings", {}).items()})
