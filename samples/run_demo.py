"""``make run`` for now: extract every bundled sample (and the referenced typed corpus
documents when ../shared/corpus exists) into DIR/<name>.json and print a summary table.

    python -m samples.run_demo --out out

The inbox flow will replace :func:`extract_all` later; keep this module thin.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.gold import ManifestEntry, load_manifest


@dataclass(frozen=True)
class DemoRow:
    """One line of the summary table."""

    name: str
    file: str
    doc_type: str
    number: str
    bases: int
    tasks: int
    warnings: str
    out: Path | None
    error: str | None = None


def extract_one(entry: ManifestEntry, out_dir: Path) -> DemoRow:
    """Extract one manifest document and write DIR/<name>.json."""
    from vanban.pipeline import extract_document

    try:
        doc = extract_document(entry.file)
    except Exception as exc:  # noqa: BLE001 - the demo reports and goes on
        return DemoRow(entry.name, entry.file.name, "", "", 0, 0, "", None, f"{exc}")
    target = out_dir / f"{entry.name}.json"
    target.write_text(doc.model_dump_json(indent=2), encoding="utf-8")
    codes = sorted({w.code for w in doc.warnings})
    return DemoRow(
        name=entry.name,
        file=entry.file.name,
        doc_type=doc.doc_type or "",
        number=doc.number.canonical if doc.number else "",
        bases=len(doc.legal_basis),
        tasks=len(doc.tasks),
        warnings=",".join(codes),
        out=target,
    )


def extract_all(out_dir: Path, *, corpus: bool = True) -> list[DemoRow]:
    """Every bundled sample, plus the corpus documents that are present."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = [e for e in load_manifest() if e.bundled or (corpus and e.available())]
    return [extract_one(e, out_dir) for e in entries if e.available()]


def format_table(rows: list[DemoRow]) -> str:
    head = f"{'file':<40} {'doc type':<30} {'number':<24} {'bases':>5} {'tasks':>5}  warnings"
    lines = [head, "-" * len(head)]
    for r in rows:
        if r.error:
            lines.append(f"{r.file[:40]:<40} ERROR: {r.error[:80]}")
            continue
        lines.append(
            f"{r.file[:40]:<40} {r.doc_type[:30]:<30} {r.number[:24]:<24} "
            f"{r.bases:>5} {r.tasks:>5}  {r.warnings}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the JSON files")
    parser.add_argument("--no-corpus", action="store_true", help="bundled samples only")
    args = parser.parse_args(argv)
    rows = extract_all(args.out, corpus=not args.no_corpus)
    print(format_table(rows))
    ok = [r for r in rows if r.out]
    print(f"\n{len(ok)} of {len(rows)} documents extracted; JSON in {args.out.resolve()}/")
    return 0 if len(ok) == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
