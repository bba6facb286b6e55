"""One installed namespace: every product module imports as ``vanban.…``, nothing else."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _setuptools() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_every_package_folder_is_installed_under_vanban() -> None:
    config = _setuptools()
    listed = set(config["packages"])
    folders = {folder: name for name, folder in config["package-dir"].items()}
    missing = []
    for folder, name in folders.items():
        for init in sorted((REPO / folder).rglob("__init__.py")):
            rel = init.parent.relative_to(REPO / folder)
            dotted = ".".join([name, *rel.parts])
            if dotted not in listed:
                missing.append(dotted)
    assert missing == []
    assert all(name == "vanban" or name.startswith("vanban.") for name in listed)


def test_outside_the_repository_only_vanban_imports(tmp_path: Path) -> None:
    code = (
        "import importlib, sys\n"
        "import vanban.parsers, vanban.extract, vanban.models, vanban.flows\n"
        "import vanban.checks, vanban.store, vanban.review\n"
        "bad = []\n"
        "for name in ('models', 'parsers', 'extract', 'flows', 'checks', 'store', 'review'):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError:\n"
        "        continue\n"
        "    bad.append(name)\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_the_wheel_holds_one_namespace_and_its_data(tmp_path: Path) -> None:
    """A normal (non-editable) build: everything under vanban/, the data files included."""
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("vanban-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.startswith("vanban-")}
    assert tops == {"vanban"}
    for data in (
        "vanban/parsers/data/doc_types.json",
        "vanban/parsers/data/agencies.jsonl",
        "vanban/checks/data/type_codes.json",
        "vanban/models/schema/document.v1.json",
        "vanban/extract/scan/ocr.py",
        "vanban/extract/scan/data/vi_bigrams.json.gz",
        "vanban/parsers/data/citation_relations.json",
        "vanban/review/templates/document.html",
        "vanban/review/templates/index.html",
        "vanban/review/static/review.css",
        "vanban/review/static/review.js",
        "vanban/review/static/index.js",
        "vanban/review/static/server.js",
        "vanban/register/tasks.py",
    ):
        assert data in names, data
