"""Run mypy on the installed layout (``make lint``).

The repository keeps the product owner's folders at the top (``extract/``, ``parsers/`` …)
and setuptools installs them as ``vanban.extract``, ``vanban.parsers`` … (``package-dir``
in pyproject.toml). mypy cannot follow an editable install's import hook, so this script
lays the installed tree out as symlinks under ``build/typecheck/`` and checks it there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TREE = REPO / "build" / "typecheck"
EXTRA = ("samples", "bench")  # repository-only packages, checked too


def lay_out() -> None:
    """Symlink every installed package at its import path (vanban/extract -> ../../extract)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    shutil.rmtree(TREE, ignore_errors=True)
    (TREE / "vanban").mkdir(parents=True)
    for entry in (REPO / "vanban").iterdir():
        if entry.name != "__pycache__":
            os.symlink(entry, TREE / "vanban" / entry.name)
    for name, folder in mapping.items():
        if name != "vanban":
            os.symlink(REPO / folder, TREE / Path(*name.split(".")))
    for name in EXTRA:
        os.symlink(REPO / name, TREE / name)


def main() -> int:
    lay_out()
    args = [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml")]
    args += ["-p", "vanban", *(a for name in EXTRA for a in ("-p", name))]
    return subprocess.call(args, cwd=TREE)


if __name__ == "__main__":
    raise SystemExit(main())
