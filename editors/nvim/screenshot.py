"""Capture werk in a real Neovim to a PNG for the README (``docs/images/``).

Neovim runs in a pseudo-terminal with the plugin from ``editors/nvim`` and
``werk serve`` on a copy of ``examples/filling-line`` in which FB_Valve got
two plausible mistakes (a variable never used, an equality test on a REAL).
The terminal's output is fed to ``pyte`` (a VT100 emulator) and its screen,
colours included, is drawn with Pillow: what is in the image is what the
terminal showed, not a mock-up.

    .venv/bin/pip install -e '.[dev]'    # pyte; Pillow is a runtime dependency
    .venv/bin/python editors/nvim/screenshot.py docs/images/neovim.png
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import pyte
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "editors" / "nvim"
COLUMNS, ROWS = 96, 26
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf")
FONT_SIZE = 15

# The 16 ANSI colours as xterm draws them; pyte names them, or gives hex for 256 colours.
PALETTE = {
    "black": (0, 0, 0),
    "red": (205, 49, 49),
    "green": (13, 188, 121),
    "brown": (229, 229, 16),
    "yellow": (229, 229, 16),
    "blue": (36, 114, 200),
    "magenta": (188, 63, 188),
    "cyan": (17, 168, 205),
    "white": (229, 229, 229),
    "brightblack": (102, 102, 102),
    "brightred": (241, 76, 76),
    "brightgreen": (35, 209, 139),
    "brightbrown": (245, 245, 67),
    "brightyellow": (245, 245, 67),
    "brightblue": (59, 142, 234),
    "brightmagenta": (214, 112, 214),
    "brightcyan": (41, 184, 219),
    "brightwhite": (255, 255, 255),
}
FOREGROUND, BACKGROUND = (220, 220, 220), (30, 30, 30)

MISTAKES = (
    (
        "    tonCheck : TON;\n",
        "    tonCheck : TON;\n    rFlow : REAL;      (* l/min *)\n    nRetries : INT;\n",
    ),
    (
        "bAlarm S= tonCheck.Q;\n",
        "bAlarm S= tonCheck.Q;\nIF bOpen AND rFlow = 0.0 THEN\n    bAlarm := TRUE;\nEND_IF\n",
    ),
)

INIT_LUA = """
vim.cmd("syntax on")
vim.opt.number = true
vim.opt.signcolumn = "yes"
vim.opt.laststatus = 2
vim.opt.statusline = " %f %m%=%{v:lua.require'werk'.statusline()} "
vim.diagnostic.config({ virtual_text = { prefix = "■" }, severity_sort = true })
require("werk").setup({ cmd = { WERK, "serve" } })
"""


def demo_project(where: Path) -> Path:
    root = where / "filling-line"
    shutil.copytree(
        REPO / "examples" / "filling-line", root, ignore=shutil.ignore_patterns(".werk")
    )
    valve = root / "plc" / "fb_valve.st"
    text = valve.read_text(encoding="utf-8")
    for before, after in MISTAKES:
        assert before in text, before
        text = text.replace(before, after)
    valve.write_text(text, encoding="utf-8")
    return root


def run_in_terminal(root: Path, werk: str, ready: list[str], seconds: float = 30) -> pyte.Screen:
    """Neovim in a pty of COLUMNS x ROWS; returns the screen once every `ready` text shows."""
    init = root.parent / "init.lua"
    init.write_text(f"local WERK = {werk!r}\n" + INIT_LUA, encoding="utf-8")
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.ByteStream(screen)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": str(root.parent / "state")}
    nvim = subprocess.Popen(
        ["nvim", "--clean", "--cmd", f"set rtp^={PLUGIN}", "-u", str(init), "plc/fb_valve.st"],
        cwd=root,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    deadline = time.monotonic() + seconds
    settled_at: float | None = None
    try:
        while time.monotonic() < deadline:
            readable, _, _ = select.select([master], [], [], 0.1)
            if readable:
                stream.feed(os.read(master, 65536))
            text = "\n".join(screen.display)
            if all(needle in text for needle in ready):
                settled_at = settled_at or time.monotonic()
                if time.monotonic() - settled_at > 1.0:  # let the last redraw arrive
                    return screen
        raise SystemExit(f"werk did not show {ready} within {seconds} s:\n" + text)
    finally:
        os.write(master, b"\x1b:qa!\r")
        try:
            nvim.wait(5)
        except subprocess.TimeoutExpired:
            nvim.kill()
        os.close(master)


def colour(name: str, default: tuple[int, int, int]) -> tuple[int, int, int]:
    if name == "default":
        return default
    if name in PALETTE:
        return PALETTE[name]
    if len(name) == 6:
        return (int(name[0:2], 16), int(name[2:4], 16), int(name[4:6], 16))
    return default


def render(screen: pyte.Screen, target: Path) -> None:
    regular = ImageFont.truetype(str(FONT), FONT_SIZE)
    bold = ImageFont.truetype(str(FONT_BOLD), FONT_SIZE)
    width, height = int(regular.getlength("M")), FONT_SIZE + 5
    image = Image.new("RGB", (COLUMNS * width + 16, ROWS * height + 16), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for y in range(ROWS):
        line = screen.buffer[y]
        for x in range(COLUMNS):
            char = line[x]
            fg = colour(char.fg, FOREGROUND)
            bg = colour(char.bg, BACKGROUND)
            if char.reverse:
                fg, bg = bg, fg
            origin = (8 + x * width, 8 + y * height)
            if bg != BACKGROUND:
                draw.rectangle([origin, (origin[0] + width - 1, origin[1] + height - 1)], fill=bg)
            if char.data.strip():
                draw.text(
                    (origin[0], origin[1] + 2),
                    char.data,
                    fill=fg,
                    font=bold if char.bold else regular,
                )
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target)


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "docs" / "images" / "neovim.png")
    werk = shutil.which("werk") or str(Path(sys.executable).parent / "werk")
    with tempfile.TemporaryDirectory() as scratch:
        root = demo_project(Path(scratch))
        screen = run_in_terminal(root, werk, ["never used", "REAL values", "werk: ready"])
        render(screen, target.resolve())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
