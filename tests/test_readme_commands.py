"""The README's hand-typed commands, run exactly as printed from a plain environment:
no Makefile, no PREFECT_* or VANBAN_* variables (a user's shell)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MARK = "<!-- readme-commands:"


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    after = text[text.index(MARK) :]
    block = re.search(r"```sh\n(.*?)```", after, re.S)
    assert block is not None, "the README lost its command block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_commands_work_as_printed(tmp_path: Path) -> None:
    work = tmp_path / "repo"
    work.mkdir()
    (work / "samples").symlink_to(REPO / "samples")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "VANBAN_", "MAKE"))}
    env["HOME"] = str(tmp_path / "home")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    assert shutil.which("vanban", path=env["PATH"]), "vanban is not installed next to python"
    for command in readme_commands():
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert (work / "out" / "json" / "seed000.docx.json").exists()
    assert (work / "review" / "index.html").exists()
    assert (work / "extracted" / "seed002.json").exists()
