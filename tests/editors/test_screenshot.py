"""The README's Neovim screenshot is a real capture, and it can be taken again.

The capture runs Neovim with the plugin in a pseudo-terminal against
``werk serve``; the test checks that the emulated screen shows werk's
diagnostics and status before it is drawn, so the image cannot silently
become a picture of an empty editor.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "editors" / "nvim" / "screenshot.py"

pytestmark = pytest.mark.skipif(
    shutil.which("nvim") is None,
    reason="Neovim is not installed (apt-get install neovim); CI installs it",
)


def load_script() -> ModuleType:
    pytest.importorskip("pyte", reason="pyte is a dev dependency (pip install -e '.[dev]')")
    spec = importlib.util.spec_from_file_location("werk_nvim_screenshot", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_capture_shows_werk_diagnostics_in_neovim(tmp_path: Path) -> None:
    screenshot = load_script()
    root = screenshot.demo_project(tmp_path)
    werk = str(Path(sys.executable).parent / "werk")
    screen = screenshot.run_in_terminal(root, werk, ["never used", "REAL values", "werk: ready"])
    text = "\n".join(screen.display)
    assert "Variable 'nRetries' is declared but never used" in text
    assert "Equality comparison (=) on REAL values" in text
    assert "plc/fb_valve.st" in text
    image = tmp_path / "neovim.png"
    screenshot.render(screen, image)
    from PIL import Image

    with Image.open(image) as png:
        assert png.size[0] > 600 and png.size[1] > 300
        colours = png.getcolors(maxcolors=1 << 16) or []
        assert len(colours) > 4  # text in several colours, not a blank frame
