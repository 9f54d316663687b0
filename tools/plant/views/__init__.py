"""Views of the system model: text for terminals, JSON for tools, DOT and HTML for people."""

from werk.tools.plant.views.as_dot import system_dot
from werk.tools.plant.views.as_html import system_html
from werk.tools.plant.views.as_json import relative_to, slice_json, system_json
from werk.tools.plant.views.as_text import slice_text, system_text

__all__ = [
    "relative_to",
    "slice_json",
    "slice_text",
    "system_dot",
    "system_html",
    "system_json",
    "system_text",
]
