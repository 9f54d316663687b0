"""The Helix configuration (``editors/helix/languages.toml``).

Helix is not in Debian bookworm, so it is not run here; the file is checked
for what Helix needs from it: valid TOML, ``werk serve`` as the server, and
the same file types as the other editors.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

EDITORS = Path(__file__).resolve().parents[2] / "editors"


def test_helix_starts_werk_serve_for_the_structured_text_file_types() -> None:
    config = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text(encoding="utf-8"))
    server = config["language-server"]["werk"]
    assert [server["command"], *server["args"]] == ["werk", "serve"]
    (language,) = config["language"]
    assert language["language-servers"] == ["werk"]
    manifest = json.loads((EDITORS / "vscode" / "package.json").read_text(encoding="utf-8"))
    (vscode_language,) = manifest["contributes"]["languages"]
    assert {f".{ext}" for ext in language["file-types"]} == set(vscode_language["extensions"])
    assert language["block-comment-tokens"] == {"start": "(*", "end": "*)"}
