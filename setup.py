"""Maps the repository's top-level folders into the ``werk`` import namespace.

The design keeps ``agent/``, ``lsp/``, ``tools/`` and ``benchmarks/`` at the
repository root, but installs them as ``werk.agent``, ``werk.lsp``... so that
no generic top-level name lands in a user's site-packages. Static
configuration cannot enumerate sub-packages under a remapped folder, so this
file does, and ``tests/test_packaging.py`` checks the built wheel.
"""

from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).parent
FOLDERS = ("agent", "lsp", "tools", "benchmarks")

package_dir: dict[str, str] = {}
packages: list[str] = []
for folder in FOLDERS:
    package_dir[f"werk.{folder}"] = folder
    packages.append(f"werk.{folder}")
    for sub in find_packages(where=str(ROOT / folder)):
        packages.append(f"werk.{folder}.{sub}")
        package_dir[f"werk.{folder}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"

setup(package_dir=package_dir, packages=packages)
