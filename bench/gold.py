"""The manifest of samples and reference documents, and their gold files.

``samples/manifest.json`` lists every document the benchmark and the tests use (bundled
samples and corpus files referenced in place); each names a gold file in
``samples/gold/``. A gold file may extend another (``"extends": "seed000.json"``): its
own keys override the base, ``"drop"`` removes keys, and ``"task_pages"`` (``{"11":
[3, 4]}``) sets ``pages`` on the base's tasks by ``no``.

>>> entry = load_manifest()[0]                              # doctest: +SKIP
>>> entry.name, load_gold(entry.gold)["number"]             # doctest: +SKIP
('seed000_docx', '15-CTr/BTGDVTU-UBMTTQ')
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
MANIFEST = SAMPLES / "manifest.json"
GOLD_DIR = SAMPLES / "gold"
META_KEYS = ("source", "format", "checked_by", "extends", "drop", "asserted", "basis_lines")


@dataclass(frozen=True)
class ManifestEntry:
    """One document: where it is (relative to the repo root), its format and gold file."""

    name: str
    path: str
    format: str
    gold: str
    kind: str
    bundled: bool
    sha256: str | None = None

    @property
    def file(self) -> Path:
        return (REPO / self.path).resolve()

    def available(self) -> bool:
        return self.file.exists()


def load_manifest(path: Path = MANIFEST) -> list[ManifestEntry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        ManifestEntry(
            name=d["name"],
            path=d["path"],
            format=d["format"],
            gold=d["gold"],
            kind=d.get("kind", "corpus"),
            bundled=bool(d.get("bundled", False)),
            sha256=d.get("sha256"),
        )
        for d in data["documents"]
    ]


def resolve_gold(raw: dict[str, Any], base_loader: Any) -> dict[str, Any]:
    """Apply ``extends``/``drop``/``task_pages`` to a raw gold dict.

    >>> base = {"number": "1-KH/TU", "tasks": [{"no": "1", "content": "x"}]}
    >>> g = resolve_gold({"extends": "b", "task_pages": {"1": [2]}, "drop": ["number"]},
    ...                  lambda name: base)
    >>> g["tasks"][0]["pages"], "number" in g
    ([2], False)
    """
    out: dict[str, Any] = {}
    if "extends" in raw:
        out = copy.deepcopy(base_loader(raw["extends"]))
        out.pop("checked_by", None)
    for key, value in raw.items():
        if key not in ("extends", "drop", "task_pages"):
            out[key] = value
    for key in raw.get("drop", []):
        out.pop(key, None)
    pages = raw.get("task_pages")
    if pages:
        for task in out.get("tasks", []):
            if task.get("no") in pages:
                task["pages"] = pages[task["no"]]
    return out


def load_gold(name: str, gold_dir: Path = GOLD_DIR) -> dict[str, Any]:
    """A gold file with its ``extends`` chain resolved."""
    raw = json.loads((gold_dir / name).read_text(encoding="utf-8"))
    return resolve_gold(raw, lambda base: load_gold(base, gold_dir))
