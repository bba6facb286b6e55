"""Extract every sample and corpus document to JSON, or compare two such snapshots.

The restructuring check ("no change of behaviour"): take a snapshot before a change and
one after, then compare; every file must give byte-identical JSON (``extractor_version``
aside, since it names the code that produced it).

    python scripts/snapshot_json.py snap/before            # before the change
    python scripts/snapshot_json.py snap/after             # after it
    python scripts/snapshot_json.py --compare snap/before snap/after

Documents: every entry of ``samples/manifest.json`` whose file exists, and every file
under ``../shared/corpus`` that a reader takes (SOURCES.md and manifests aside).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SKIP = {"SOURCES.md", "manifest_excerpt.jsonl"}


def documents() -> list[Path]:
    """Every sample and corpus file, each once, in a stable order."""
    manifest = json.loads((REPO / "samples" / "manifest.json").read_text(encoding="utf-8"))
    found: dict[Path, None] = {}
    for entry in manifest["documents"]:
        path = (REPO / entry["path"]).resolve()
        if path.is_file():
            found[path] = None
    if CORPUS.is_dir():
        for path in sorted(CORPUS.rglob("*")):
            if path.is_file() and path.name not in SKIP:
                found[path.resolve()] = None
    return sorted(found)


def is_scan(path: Path) -> bool:
    """A PDF whose pages carry (almost) no text layer, or an image: OCR would read it."""
    if path.suffix.lower() in {".png", ".jpg", ".jpeg", ".tif", ".tiff"}:
        return True
    if path.suffix.lower() != ".pdf":
        return False
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        chars = sum(len(page.get_textpage().get_text_range().strip()) for page in pdf)
        return chars < 50 * len(pdf)
    finally:
        pdf.close()


def snapshot_name(path: Path) -> str:
    """A flat, unique file name for one source path."""
    for root in (REPO, CORPUS.parent):
        if path.is_relative_to(root):
            rel = path.relative_to(root).as_posix()
            break
    else:
        rel = path.as_posix()
    return re.sub(r"[^\w.-]+", "_", rel) + ".json"


def _extract(path: Path) -> tuple[str, str]:
    sys.path.insert(0, str(REPO))
    from vanban.pipeline import extract_document

    try:
        data = json.loads(extract_document(path).model_dump_json())
    except Exception as exc:  # the snapshot records refusals too
        return snapshot_name(path), json.dumps({"error": type(exc).__name__, "message": str(exc)})
    data.pop("extractor_version", None)
    return snapshot_name(path), json.dumps(data, ensure_ascii=False, indent=2)


def take(out: Path, workers: int, *, typed_only: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    paths = [p for p in documents() if not (typed_only and is_scan(p))]
    with ProcessPoolExecutor(workers) as pool:
        for name, text in pool.map(_extract, paths):
            (out / name).write_text(text + "\n", encoding="utf-8")
    print(f"{len(paths)} documents -> {out}")


def _without_warning_fields(node: Any, renames: list[tuple[Any, Any]], other: Any) -> Any:
    """``node`` with every warning's ``field`` blanked; pairs (old, new) that differ go to ``renames``.

    >>> r: list[tuple[Any, Any]] = []
    >>> a = {"warnings": [{"code": "x", "field": "lead"}]}
    >>> b = {"warnings": [{"code": "x", "field": "tasks[0].lead"}]}
    >>> _without_warning_fields(a, r, b) == _without_warning_fields(b, [], b)
    True
    >>> r
    [('lead', 'tasks[0].lead')]
    """
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            peer = other.get(key) if isinstance(other, dict) else None
            if key == "warnings" and isinstance(value, list):
                peers = peer if isinstance(peer, list) else []
                items = []
                for i, item in enumerate(value):
                    if isinstance(item, dict) and "field" in item:
                        twin = peers[i] if i < len(peers) and isinstance(peers[i], dict) else {}
                        if twin.get("field") != item["field"]:
                            renames.append((item["field"], twin.get("field")))
                        item = {**item, "field": None}
                    items.append(item)
                out[key] = items
            else:
                out[key] = _without_warning_fields(value, renames, peer)
        return out
    if isinstance(node, list):
        peers = other if isinstance(other, list) else []
        return [
            _without_warning_fields(v, renames, peers[i] if i < len(peers) else None)
            for i, v in enumerate(node)
        ]
    return node


def compare(a: Path, b: Path) -> int:
    """Report files that differ; differences only in warnings' ``field`` are listed apart.

    Renaming ``Warning.field`` to the corrections path syntax is the one allowed output
    change of the restructuring: such files count as ``field renames only`` and do not
    fail the comparison; any other difference does.
    """
    names_a = {p.name for p in a.glob("*.json")}
    names_b = {p.name for p in b.glob("*.json")}
    differ: list[str] = []
    renamed: dict[str, list[tuple[Any, Any]]] = {}
    for name in sorted(names_a & names_b):
        text_a, text_b = (a / name).read_bytes(), (b / name).read_bytes()
        if text_a == text_b:
            continue
        doc_a, doc_b = json.loads(text_a), json.loads(text_b)
        renames: list[tuple[Any, Any]] = []
        if _without_warning_fields(doc_a, renames, doc_b) == _without_warning_fields(
            doc_b, [], doc_b
        ):
            renamed[name] = renames
        else:
            differ.append(name)
    for name in sorted(names_a ^ names_b):
        print(f"only in {'first' if name in names_a else 'second'}: {name}")
    for name, renames in renamed.items():
        shown = ", ".join(f"{old!r} -> {new!r}" for old, new in renames)
        print(f"field renames only: {name}: {shown}")
    for name in differ:
        print(f"differs: {name}")
    same = len(names_a & names_b) - len(differ) - len(renamed)
    print(
        f"{same} identical, {len(renamed)} warning field renames only, "
        f"{len(differ)} differ, {len(names_a ^ names_b)} unpaired"
    )
    return 1 if differ or names_a ^ names_b else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--typed-only", action="store_true", help="skip scans (no OCR: fast)")
    args = ap.parse_args()
    if args.compare:
        return compare(*args.paths[:2])
    take(args.paths[0], args.workers, typed_only=args.typed_only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
