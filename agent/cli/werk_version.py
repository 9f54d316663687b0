"""werk's version as installed (the distribution's metadata is the one source)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def werk_version() -> str:
    try:
        return version("werk")
    except PackageNotFoundError:
        return "0+unknown"
