"""Build the bundled samples from the seeds: DOCX (python-docx), PDF (LibreOffice), TXT (copy).

``python -m samples.build_samples`` writes samples/seedNNN/seedNNN.{docx,pdf,txt} and
records each file's sha256 in samples/manifest.json. Seed 000's task table must cross a
page with row 11 split by the page break: the builder tries a fixed list of paragraph
spacings (space above the table's heading) in order, keeps the first whose PDF splits row 11 (checked with pdfplumber),
and fails loudly if none does. Same inputs → same bytes (fixed DOCX dates and zip
times; the PDF's creation date and /ID are pinned).

    $ python -m samples.build_samples
    seed000: {'table_before_pt': 36.0, 'row_11_pages': [3, 4], 'pdf_pages': 5}
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from samples.docx_writer import Layout, build_document, save_deterministic
from samples.sample_specs import SPECS, SampleSpec
from samples.seed_text import SeedParts, split_seed

SAMPLES = Path(__file__).resolve().parent
REPO = SAMPLES.parent
SEEDS = REPO.parent / "shared" / "seeds"
MANIFEST = SAMPLES / "manifest.json"
SPLIT_ROW = "11"
# Space above the heading that introduces the task table, tried in this order; 36 pt puts
# the break after "…công tác tuyên giáo," as in the seed's own source (LibreOffice 7.4).
SPACING_CANDIDATES_PT = (36.0, 42.0, 30.0, 48.0, 24.0, 54.0, 18.0, 60.0, 12.0, 6.0, 0.0)
FIXED_PDF_DATE = b"D:20260101000000"
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\((D:\d{14})([^)]*)\)")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


class BuildError(RuntimeError):
    """The samples could not be built as required (e.g. row 11 does not break)."""


@dataclass(frozen=True)
class RowSplit:
    """Where a task-table row was found: the page its Stt cell is on and the next page."""

    first_page: int
    continued_on: int | None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pin_pdf(data: bytes, seed: str) -> bytes:
    """Replace LibreOffice's creation date and random /ID by fixed values of the same length.

    >>> pin_pdf(b"/CreationDate(D:20261122013802Z')", "x")
    b"/CreationDate(D:20260101000000Z')"
    """

    digest = hashlib.sha256(seed.encode()).hexdigest().upper().encode() * 4

    def date(m: re.Match[bytes]) -> bytes:
        return b"/" + m.group(1) + b"(" + FIXED_PDF_DATE + m.group(3) + b")"

    def checksum(m: re.Match[bytes]) -> bytes:
        return b"/DocChecksum /" + digest[: len(m.group(1))]

    def ident(m: re.Match[bytes]) -> bytes:
        a, b = digest[: len(m.group(1))], digest[: len(m.group(2))]
        return m.group(0).replace(m.group(1), a, 1).replace(m.group(2), b, 1)

    data = _PDF_DATE.sub(date, data)
    return _PDF_CHECKSUM.sub(checksum, _PDF_ID.sub(ident, data))


def convert_to_pdf(docx: Path, outdir: Path) -> Path:
    """LibreOffice headless conversion with a private profile (safe next to other runs)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise BuildError("LibreOffice (soffice) is not installed: see scripts/install-system.sh")
    with tempfile.TemporaryDirectory(prefix=f"lo_{os.getpid()}_") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    pdf = outdir / (docx.stem + ".pdf")
    if run.returncode != 0 or not pdf.exists():
        raise BuildError(f"soffice failed on {docx.name}: {run.stdout} {run.stderr}")
    return pdf


def _task_table_rows(page: pdfplumber.page.Page) -> list[list[str]]:
    rows: list[list[str]] = []
    for table in page.extract_tables():
        if table and len(table[0]) == 7:
            rows += [[(c or "").strip() for c in row] for row in table]
    return rows


def find_row_split(pdf: Path, stt: str) -> RowSplit | None:
    """Where task row ``stt`` starts, and the page it continues on if the break splits it.

    A split shows as the next page's task table starting (after the repeated header row)
    with a row whose Stt cell is empty but whose other cells carry text.
    """
    with pdfplumber.open(pdf) as doc:
        pages = [_task_table_rows(p) for p in doc.pages]
    for i, rows in enumerate(pages):
        if not any(row[0] == stt for row in rows):
            continue
        last = [row for row in rows if row[0] != "Stt"][-1]
        if last[0] != stt or i + 1 >= len(pages):
            return RowSplit(first_page=i + 1, continued_on=None)
        body = [row for row in pages[i + 1] if row[0] != "Stt"]
        if body and not body[0][0] and any(body[0][1:]):
            return RowSplit(first_page=i + 1, continued_on=i + 2)
        return RowSplit(first_page=i + 1, continued_on=None)
    return None


def seed_parts(spec: SampleSpec, seeds: Path) -> SeedParts:
    text = (seeds / spec.seed_file).read_text(encoding="utf-8")
    first_sig = spec.signatures[0][0].text
    parts = split_seed(text, first_sig)
    region = [line.replace("**", "").strip() for line in text.splitlines()[parts.signature_start :]]
    for block in spec.signatures:
        for line in block:
            if line.text not in region:
                raise BuildError(f"{spec.name}: signature line not in the seed: {line.text!r}")
    return parts


def _sample_date(spec: SampleSpec) -> dt.datetime:
    m = re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", spec.header.place_date)
    assert m, spec.header.place_date
    day, month, year = (int(g) for g in m.groups())
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


def build_one(spec: SampleSpec, seeds: Path, out_root: Path, work: Path) -> dict[str, object]:
    """Write one sample's DOCX, PDF and TXT; return facts for the build log."""
    parts = seed_parts(spec, seeds)
    out = out_root / spec.name
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seeds / spec.seed_file, out / f"{spec.name}.txt")
    needs_split = any(getattr(b, "split_rows", None) for b in parts.body)
    candidates = SPACING_CANDIDATES_PT if needs_split else (Layout().table_before_pt,)
    tried: list[str] = []
    for before in candidates:
        layout = Layout(table_before_pt=before)
        docx = work / f"{spec.name}.docx"
        save_deterministic(build_document(parts, spec, layout), docx, _sample_date(spec))
        pdf = convert_to_pdf(docx, work)
        facts: dict[str, object] = {"table_before_pt": before}
        if needs_split:
            split = find_row_split(pdf, SPLIT_ROW)
            tried.append(f"{before}pt → {split}")
            if split is None or split.continued_on is None:
                continue
            facts["row_11_pages"] = [split.first_page, split.continued_on]
        shutil.copyfile(docx, out / f"{spec.name}.docx")
        (out / f"{spec.name}.pdf").write_bytes(pin_pdf(pdf.read_bytes(), spec.name))
        with pdfplumber.open(out / f"{spec.name}.pdf") as doc:
            facts["pdf_pages"] = len(doc.pages)
        return facts
    raise BuildError(
        f"{spec.name}: no spacing makes task row {SPLIT_ROW} break across a page: "
        + "; ".join(tried)
    )


def record_hashes(manifest: Path, out_root: Path) -> None:
    """Write the sha256 of every bundled file into the manifest (entries with "bundled")."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["documents"]:
        if entry.get("bundled"):
            path = REPO / entry["path"]
            if path.exists():
                entry["sha256"] = sha256(path)
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--out", type=Path, default=SAMPLES, help="folder for seedNNN/ dirs")
    parser.add_argument("--only", choices=sorted(SPECS), action="append")
    args = parser.parse_args(argv)
    if not args.seeds.exists():
        print(f"seeds not found: {args.seeds}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="vanban_samples_") as tmp:
        for name in args.only or sorted(SPECS):
            facts = build_one(SPECS[name], args.seeds, args.out, Path(tmp))
            print(f"{name}: {facts}")
    if args.out.resolve() == SAMPLES and MANIFEST.exists():
        record_hashes(MANIFEST, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
