"""OCR bench: character accuracy, header / "Căn cứ" recovery on real scans, task tables, speed.

Sections of the report (``python -m bench --only ocr``; ``--quick`` for a short run):

* **character accuracy** where a text twin exists: the typed congbot NĐ 55 PDF rendered
  at 300 dpi and read back; the seed samples rendered *degraded* (200 dpi, 0.8° skew,
  noise, JPEG q=60) and read back through the image reader. CER = Levenshtein distance
  / length of the typed text (whitespace squashed on both sides);
* **same JSON**: each degraded seed scan's document scored, field by field, against the
  typed PDF's gold (``samples/gold/seed00X_pdf.json``), strict and lenient;
* **seed 000 task table** from the degraded scan: rows found and the mean per-cell
  similarity against the typed PDF's cells;
* **scanned corpus** (gold in ``samples/scans/``, written by looking at the page
  images): share of header fields right (type, number, date, place, title ≥ 90%
  similar, issuers) and of "Căn cứ" citations recovered (by number, or by name for
  laws cited without one). Handwritten fields count as right when null (no guess) or
  correct. Header and preamble lie in the first two pages, so only those are OCRed;
* **task tables** of 299-ttg (landscape page 4), kh-753 (pages 3-4) and 47-cp (annex pages
  11-20), full run only: rows and leads, and every cell of the gold's ``task_cells``
  exact and lenient (``bench/table_cells.py``) with the worst cells, want against got;
* **speed**: pages/second of our whole path (render, ink suppression, deskew, grid,
  Tesseract, cell re-reads, layout) against bare ``tesseract -l vie`` (Debian's CLI) on
  the same pages rendered to PNG beforehand, and against the bare in-process engine our
  path uses (tesserocr) on those PNGs: the first ratio is the issue's target, the
  second is our own overhead. All with two processes (one per core), in the same run.
"""

from __future__ import annotations

import io
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from bench.accuracy import score_document
from bench.gold import load_gold
from bench.table_cells import CellScore, score_cells
from bench.table_cells import report as cells_report
from vanban.extract.hygiene import squash_spaces, strip_diacritics
from vanban.extract.pdf import reader as pdf_reader
from vanban.extract.scan import raster
from vanban.extract.scan.image import read as read_image
from vanban.extract.scan.ocr import (
    apply_ocr,
    is_speck,
    mean_conf,
    ocr_pages,
    run_parallel,
    workers,
)
from vanban.extract.scan.tesseract import parse_tsv, run_tesseract
from vanban.models.document import Document, SourceInfo
from vanban.models.layout import LayoutDocument, Table
from vanban.parsers.textview import TextView
from vanban.pipeline import parse_layout

REPO = Path(__file__).resolve().parents[1]
SCANS = REPO / "samples" / "scans"
CORPUS = REPO.parent / "shared" / "corpus"
SEEDS = [REPO / "samples" / f"seed00{i}" / f"seed00{i}.pdf" for i in (0, 2, 4)]
NĐ55 = CORPUS / "congbot" / "pdf" / "55 ND_CP_21072023_2_signed.pdf"
HEADER_PAGES = 2
TASK_DOCS = {"avg_299_ttg": None, "avg_47_cp": None}
QUICK_DOCS = ("avg_28_pt", "avg_288_ttg", "das_kh_753", "congbot_77_nd")


# ------------------------------------------------------------------ helpers


def degrade(img: Image.Image, *, dpi: int = 200, angle: float = 0.8, seed: int = 0) -> bytes:
    """A typed page made to look scanned: lower resolution, skew, noise, JPEG."""
    gray = img.convert("L").rotate(
        angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255
    )
    rng = np.random.default_rng(seed)
    a = np.asarray(gray).astype(np.int16) + rng.normal(0, 12, (gray.height, gray.width))
    buf = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(
        buf, "JPEG", quality=60, dpi=(dpi, dpi)
    )
    return buf.getvalue()


def flat(text: str) -> str:
    return squash_spaces(text.replace("\t", " ").replace("\n", " ")).strip()


def cer(reference: str, hypothesis: str) -> float:
    ref, hyp = flat(reference), flat(hypothesis)
    return Levenshtein.distance(ref, hyp) / max(len(ref), 1)


def page_text(layout: LayoutDocument, number: int) -> str:
    one = LayoutDocument(
        format=layout.format, pages=[p for p in layout.pages if p.number == number]
    )
    return TextView.build(one).text


def document_of(layout: LayoutDocument, path: Path) -> Document:
    source = SourceInfo(
        filename=path.name,
        sha256="0" * 64,
        format=layout.format,
        pages=len(layout.pages),
        ocr=True,
        size_bytes=path.stat().st_size,
    )
    return parse_layout(layout, source)


def read_scan(path: Path, pages: int | None) -> LayoutDocument:
    """The typed reader, then OCR for its needs-OCR pages (only the first ``pages``)."""
    layout = pdf_reader.read(path)
    if pages is not None:
        layout.pages = layout.pages[:pages]
    apply_ocr(path, layout.pages, layout.warnings)
    return layout


# ------------------------------------------------------------ character accuracy


@dataclass
class CerResult:
    name: str
    pages: int
    cer: float


def nd55_cer(quick: bool) -> CerResult:
    """NĐ 55 typed PDF: OCR of its own 300-dpi render against its text layer."""
    typed = pdf_reader.read(NĐ55)
    numbers = [1] if quick else [p.number for p in typed.pages]
    scanned = ocr_pages(NĐ55, numbers)
    ref = " ".join(page_text(typed, n) for n in numbers)
    hyp_doc = LayoutDocument(format="pdf", pages=[scanned[n] for n in numbers])
    return CerResult(
        "congbot NĐ 55 (300 dpi render)", len(numbers), cer(ref, TextView.build(hyp_doc).text)
    )


def seed_cer(
    path: Path, tmp: Path, quick: bool
) -> tuple[CerResult, LayoutDocument, LayoutDocument]:
    """A seed PDF rendered degraded to a multi-page TIFF of JPEG-degraded frames, read back."""
    typed = pdf_reader.read(path)
    numbers = [p.number for p in typed.pages][: 2 if quick else None]
    frames = [
        Image.open(io.BytesIO(degrade(raster.render_pdf_page(path, n - 1, dpi=200), seed=n)))
        for n in numbers
    ]
    tif = tmp / f"{path.stem}.tif"
    frames[0].save(tif, save_all=True, append_images=frames[1:], dpi=(200, 200))
    scanned = read_image(tif)
    ref = " ".join(page_text(typed, n) for n in numbers)
    result = CerResult(
        f"{path.stem} (200 dpi, skew, noise, JPEG)",
        len(numbers),
        cer(ref, TextView.build(scanned).text),
    )
    return result, typed, scanned


def same_json(doc: Document, path: Path) -> str:
    """The degraded scan's document scored against the typed PDF's gold: a scan must give
    the same JSON as the typed original (every field the gold has, strict and lenient)."""
    results = score_document(doc, load_gold(f"{path.stem}_pdf.json"))
    n = len(results)
    strict = sum(r.strict for r in results)
    lenient = sum(r.lenient for r in results)
    missed = Counter(r.field for r in results if not r.lenient)
    line = (
        f"{path.stem} degraded scan against the typed PDF's gold: {strict}/{n} fields strict "
        f"({100 * strict / max(n, 1):.1f}%), {lenient}/{n} lenient ({100 * lenient / max(n, 1):.1f}%)"
    )
    if missed:
        line += "; not even lenient: " + ", ".join(f"{k} ×{v}" for k, v in missed.most_common())
    return line


def table_similarity(typed: LayoutDocument, scanned: LayoutDocument) -> tuple[int, int, float]:
    """Ruled tables page by page: (typed rows, OCR rows, mean per-cell similarity %)."""
    sims: list[float] = []
    rows_typed = rows_ocr = 0
    for page in typed.pages:
        t_tables = [i for i in page.items if isinstance(i, Table) and not i.borderless]
        o_page = next((p for p in scanned.pages if p.number == page.number), None)
        o_tables = [
            i
            for i in (o_page.items if o_page else [])
            if isinstance(i, Table) and i.finder == "ocr"
        ]
        for k, t in enumerate(t_tables):
            rows_typed += t.n_rows
            o = o_tables[k] if k < len(o_tables) else None
            if o is None:
                sims += [0.0] * len(t.cells)
                continue
            rows_ocr += o.n_rows
            grid = o.grid()
            for c in t.cells:
                oc = grid[c.row][c.col] if c.row < o.n_rows and c.col < o.n_cols else None
                ref, hyp = flat(c.text), flat(oc.text) if oc else ""
                if ref or hyp:
                    sims.append(ratio(ref, hyp))
    return rows_typed, rows_ocr, statistics.fmean(sims) if sims else 0.0


# ------------------------------------------------------------- scanned corpus


def _key(text: str | None) -> str:
    return strip_diacritics(flat(text or "")).lower().replace("đ", "d")


def _num_key(text: str | None) -> str:
    return _key(text).replace(" ", "").replace("-", "").replace("/", "")


@dataclass
class ScanScore:
    name: str
    fields: dict[str, bool]
    can_cu_gold: int
    can_cu_found: int
    can_cu_extracted: int


def score_scan(gold: dict[str, Any], doc: Document) -> ScanScore:
    """Header fields right/wrong and "Căn cứ" citations recovered, against one gold file."""
    fields: dict[str, bool] = {}
    got_number = doc.number.canonical if doc.number else None
    for name, got in (("number", got_number), ("date", doc.date)):
        want = gold[name]
        key = _num_key if name == "number" else _key
        right = got is not None and key(got) == key(want)
        if gold.get(f"handwritten_{name}") and got is None:
            right = True  # no guess is the right answer for an unreadable hand
        fields[name] = right
    fields["doc_type"] = _key(doc.doc_type) == _key(gold["doc_type"])
    fields["place"] = _key(doc.place) == _key(gold["place"])
    fields["title"] = ratio(_key(doc.title), _key(gold["title"])) >= 90
    fields["issuers"] = sorted(_key(i) for i in doc.issuers) == sorted(
        _key(i) for i in gold["issuers"]
    )
    basis = [
        c for c in doc.legal_basis if (c.verb or "").lower().startswith("căn cứ")
    ] or doc.legal_basis
    found = 0
    for want in gold["can_cu"]:
        if want.get("number"):
            hit = any(_num_key(c.number) == _num_key(want["number"]) for c in basis if c.number)
        else:
            name = _key(want["name"])
            hit = any(name in _key(c.name) or name in _key(c.raw) for c in basis)
        found += hit
    return ScanScore(gold["_name"], fields, len(gold["can_cu"]), found, len(basis))


BANDS = (0.0, 0.5, 0.7, 0.9, 0.97, 1.0001)
"""Confidence bands of the calibration table (the last one is [0.97, 1])."""


def calibration_pairs(
    gold: dict[str, Any], doc: Document, score: ScanScore
) -> list[tuple[float, bool]]:
    """(confidence, right) for every header field that has a value and a confidence (a
    null field is not a reading),
    and for every "Căn cứ" citation number (right when the gold cites that number)."""
    pairs: list[tuple[float, bool]] = []
    values = {
        "doc_type": doc.doc_type,
        "number": doc.number,
        "date": doc.date,
        "place": doc.place,
        "title": doc.title,
        "issuers": doc.issuers or None,
    }
    for name, right in score.fields.items():
        fc = doc.confidence.get(name)
        if fc is not None and values.get(name) is not None:  # a null is no reading
            pairs.append((fc.confidence, right))
    wanted = {_num_key(c["number"]) for c in gold["can_cu"] if c.get("number")}
    for c in doc.legal_basis:
        fc = c.confidence.get("number")
        if c.number and fc is not None and (c.verb or "").lower().startswith("căn cứ"):
            pairs.append((fc.confidence, _num_key(c.number) in wanted))
    return pairs


def calibration_table(pairs: list[tuple[float, bool]]) -> list[str]:
    """Per confidence band: fields, share right (a calibrated confidence matches it)."""
    out = ["  confidence calibration (header fields and Căn cứ numbers of the scanned corpus)"]
    for lo, hi in zip(BANDS, BANDS[1:], strict=False):
        band = [right for conf, right in pairs if lo <= conf < hi]
        label = f"[{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}"
        share = f"{100 * sum(band) / len(band):5.1f}% right" if band else "    —"
        out.append(f"    {label:14s} {len(band):4d} fields  {share}")
    return out


def load_scans(quick: bool) -> list[dict[str, Any]]:
    out = []
    for f in sorted(SCANS.glob("*.json")):
        if quick and f.stem not in QUICK_DOCS:
            continue
        g = json.loads(f.read_text(encoding="utf-8"))
        g["_name"] = f.stem
        g["_path"] = (REPO / g["source"]).resolve()
        if g["_path"].exists():
            out.append(g)
    return out


def task_report(gold: dict[str, Any], doc: Document | None = None) -> str:
    """Table tasks of a whole scanned document (read when ``doc`` is not given) against
    the gold count and lead bodies."""
    from vanban.parsers.agencies import agency_key

    path = gold["_path"]
    if doc is None:
        doc = document_of(read_scan(path, None), path)
    tasks = [t for t in doc.tasks if t.source == "table"]
    want = gold.get("task_table")
    if not want:
        with_lead = sum(1 for t in tasks if t.lead)
        return f"{path.name}: {len(tasks)} table tasks, {with_lead} with a lead (no gold count)"
    right = 0
    by_no = {t.no: t for t in tasks if t.no}
    nos = want.get("nos") or [None] * len(want["leads"])
    for k, (no, lead) in enumerate(zip(nos, want["leads"], strict=True)):
        got = by_no.get(no) if no else (tasks[k] if k < len(tasks) else None)
        if got is not None:
            right += sorted(agency_key(x) for x in got.lead) == sorted(agency_key(x) for x in lead)
    return (
        f"{path.name}: {len(tasks)}/{want['count']} table tasks (matched by STT when the "
        f"gold has it), lead right on "
        f"{right}/{want['count']} ({100 * right / want['count']:.0f}%, target ≥ 90)"
    )


# ------------------------------------------------------- image preparation


COLOUR_PAGES = [
    ("mineru-vietocr/1.pdf", 1),
    ("mineru-vietocr/1.pdf", 2),
    (
        "das-congvan/kh-753-khao-sat-xac-dinh-chi-so-hai-long-cua-nguoi-dan-doi-voi-dich-vu-cong"
        "-nam-2026-20260629110301-e.pdf",
        1,
    ),
    (
        "das-congvan/kh-753-khao-sat-xac-dinh-chi-so-hai-long-cua-nguoi-dan-doi-voi-dich-vu-cong"
        "-nam-2026-20260629110301-e.pdf",
        4,
    ),
]


def _ocr_stats(img: Image.Image) -> tuple[float, int]:
    words = [w for w in parse_tsv(run_tesseract(img)) if not is_speck(w)]
    return mean_conf(words), sum(1 for w in words if w.conf >= 80)


def preparation_effect(quick: bool) -> list[str]:
    """Ink suppression on the colour scans, deskew on the most skewed grey scans.

    For each page: mean word confidence and words read with confidence ≥ 80, without
    and with the step (the rest of the path equal).
    """
    out = ["image preparation (mean word confidence / words with conf ≥ 80)"]
    for rel, n in COLOUR_PAGES[: 1 if quick else None]:
        path = CORPUS / rel
        if not path.exists():
            continue
        img = raster.render_pdf_page(path, n - 1)
        share = raster.coloured_share(img)
        plain = _ocr_stats(img.convert("L"))
        supp = _ocr_stats(raster.suppress_ink(img))
        out.append(
            f"  ink suppression {path.name[:24]:24s} p{n}: red/blue {100 * share:.2f}% of pixels; "
            f"off {plain[0]:.1f}/{plain[1]}, on {supp[0]:.1f}/{supp[1]}"
        )
    skewed = [("avg-vnlaw/28-pt.signed.pdf", 1), ("avg-vnlaw/06-bct.signed.pdf", 1)]
    for rel, n in skewed[: 1 if quick else None]:
        path = CORPUS / rel
        if not path.exists():
            continue
        gray = raster.suppress_ink(raster.render_pdf_page(path, n - 1))
        for extra in (0.0, 1.5):  # the scan as it is, and turned a further 1.5°
            tilted = gray.rotate(extra, fillcolor=255) if extra else gray
            off = _ocr_stats(tilted)
            level, applied = raster.deskew(tilted)
            on = _ocr_stats(level)
            out.append(
                f"  deskew {path.name[:24]:24s} p{n} (+{extra:.1f}°): turned {applied:+.2f}°; off {off[0]:.1f}/{off[1]}, on {on[0]:.1f}/{on[1]}"
            )
    return out


# ------------------------------------------------------- planted corpus, scanned

PLANTED = REPO / "samples" / "checks"
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def render_planted(txt: Path, out: Path) -> Path:
    """A planted text document printed as a scan would be: an image-only PDF at 300
    dpi, the header's two blocks side by side (issuer | motto), the rest below."""
    import textwrap

    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype(str(SERIF), 46)
    blocks = txt.read_text(encoding="utf-8").split("\n\n")
    left, right = blocks[0].splitlines(), blocks[1].splitlines()
    lines: list[str] = []
    for ln in "\n\n".join(blocks[2:]).splitlines():
        lines += textwrap.wrap(ln, 72) or [""]
    pages = []
    for k in range(0, max(len(lines), 1), 44):
        img = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(img)
        y0 = 200
        if k == 0:
            for x, column in ((650, left), (1650, right)):
                for i, ln in enumerate(column):
                    draw.text(
                        (x - draw.textlength(ln, font=font) / 2, 200 + 62 * i),
                        ln,
                        font=font,
                        fill=0,
                    )
            y0 += 62 * (max(len(left), len(right)) + 1)
        for i, ln in enumerate(lines[k : k + 44]):
            draw.text((220, y0 + 62 * i), ln, font=font, fill=0)
        pages.append(img)
    pdf = out / f"{txt.stem}.pdf"
    pages[0].save(pdf, "PDF", resolution=300, save_all=True, append_images=pages[1:])
    return pdf


def planted_scanned(tmp: Path) -> list[str]:
    """The planted check corpus printed to image-only PDFs and read back: which planted
    findings the scans still give at their kind, and what else is reported."""
    from vanban.checks.graph import graph_findings_of_documents
    from vanban.checks.incremental import check_documents
    from vanban.pipeline import extract_document

    if not SERIF.exists():
        return ["planted corpus, scanned: no DejaVu Serif font, skipped"]
    docs = [
        extract_document(render_planted(p, tmp))
        for p in sorted((PLANTED / "planted").glob("*.txt"))
    ]
    found = check_documents(docs) + graph_findings_of_documents(docs)
    want = {
        (e["kind"], e["key"])
        for e in json.loads((PLANTED / "expected.json").read_text(encoding="utf-8"))["planted"]
    }
    loud = {(f.kind, f.key) for f in found if f.severity != "info"}
    review = {(f.suspected or "", f.key) for f in found if f.kind == "needs_review"}
    missed = sorted(want - loud - review)
    return [
        f"planted corpus, scanned (image-only PDFs, 300 dpi): {len(want & loud)}/{len(want)} planted "
        f"findings at their kind and severity, {len(want & review)} as needs_review, "
        f"{len(loud - want)} other warnings/errors, {len(review - want)} other needs_review"
        + (f"; missed: {', '.join(k for k, _ in missed)}" if missed else "")
    ]


# ---------------------------------------------------------------------- speed


def _bare(png: Path) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    subprocess.run(
        ["tesseract", str(png), "stdout", "-l", "vie"], capture_output=True, env=env, check=True
    )


def _bare_engine(png: Path) -> None:
    """The same in-process engine our path uses, on the pre-rendered PNG, nothing else."""
    with Image.open(png) as img:
        run_tesseract(img)


@dataclass
class Speed:
    """Median pages/second of each contender over alternating rounds, and how many cores
    our path kept busy (CPU seconds of its worker processes / wall seconds)."""

    ours: float
    bare_cli: float
    bare_engine: float
    ours_cores: float
    unverified: float
    """Our path without the verification re-reads (``VANBAN_OCR_VERIFY=0``)."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def speed(pages: list[tuple[Path, int]], tmp: Path, rounds: int) -> Speed:
    """Pages/second of our whole path, of bare ``tesseract -l vie`` (the CLI) and of bare
    in-process Tesseract (the engine our path uses), on the same pages, two processes each.

    Rounds alternate (CLI, engine, ours, CLI …) so machine load hits all alike. The bare
    contenders read the pages pre-rendered to PNG; our time includes rendering them.
    """
    pngs = []
    for i, (path, n) in enumerate(pages):
        png = tmp / f"speed_{i}.png"
        raster.render_pdf_page(path, n - 1).convert("L").save(png)
        pngs.append(png)
    by_file: dict[Path, list[int]] = {}
    for path, n in pages:
        by_file.setdefault(path, []).append(n)
    ours: list[float] = []
    cli: list[float] = []
    eng: list[float] = []
    cores: list[float] = []
    plain: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=workers(len(pngs))) as ex:
            list(ex.map(_bare, pngs))
        cli.append(len(pngs) / (time.perf_counter() - start))
        start = time.perf_counter()
        run_parallel(_bare_engine, pngs)
        eng.append(len(pngs) / (time.perf_counter() - start))
        start, cpu = time.perf_counter(), _children_cpu()
        for path, numbers in by_file.items():
            ocr_pages(path, numbers)
        wall = time.perf_counter() - start
        ours.append(len(pages) / wall)
        cores.append((_children_cpu() - cpu) / wall)
        os.environ["VANBAN_OCR_VERIFY"] = "0"
        try:
            start = time.perf_counter()
            for path, numbers in by_file.items():
                ocr_pages(path, numbers)
            plain.append(len(pages) / (time.perf_counter() - start))
        finally:
            del os.environ["VANBAN_OCR_VERIFY"]
    return Speed(
        statistics.median(ours),
        statistics.median(cli),
        statistics.median(eng),
        statistics.median(cores),
        statistics.median(plain),
    )


# ----------------------------------------------------------------------- run


def run(quick: bool = False) -> str:
    """The OCR report (see the module docstring)."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ocr_bench_") as tmpdir:
        tmp = Path(tmpdir)
        lines.append("character accuracy (CER = edits / typed characters)")
        if NĐ55.exists():
            r = nd55_cer(quick)
            lines.append(f"  {r.name:45s} {r.pages:2d} p  CER {100 * r.cer:5.2f}%")
        seed_docs = SEEDS[:1] if quick else SEEDS
        for path in seed_docs:
            if not path.exists():
                continue
            r, typed, scanned = seed_cer(path, tmp, quick)
            lines.append(f"  {r.name:45s} {r.pages:2d} p  CER {100 * r.cer:5.2f}%")
            if not quick:
                lines.append("  " + same_json(document_of(scanned, path), path))
            if path.stem == "seed000" and not quick:
                rt, ro, sim = table_similarity(typed, scanned)
                doc = document_of(scanned, path)
                nos = [t.no for t in doc.tasks if t.source == "table"]
                lines.append(
                    f"  seed000 task table: grid rows {ro}/{rt} (OCR/typed), mean cell similarity "
                    f"{sim:.1f}% (target ≥ 97), table tasks {len(nos)} (expected 15): "
                    + ",".join(str(n) for n in nos)
                )
        lines += preparation_effect(quick)
        scans = load_scans(quick)
        lines.append(f"scanned corpus: {len(scans)} documents, first {HEADER_PAGES} pages OCRed")
        scores: list[ScanScore] = []
        pairs: list[tuple[float, bool]] = []
        for g in scans:
            layout = read_scan(g["_path"], HEADER_PAGES)
            doc = document_of(layout, g["_path"])
            s = score_scan(g, doc)
            scores.append(s)
            pairs += calibration_pairs(g, doc, s)
            wrong = [k for k, ok in s.fields.items() if not ok]
            lines.append(
                f"  {s.name:16s} header {sum(s.fields.values())}/{len(s.fields)}"
                f"  căn cứ {s.can_cu_found}/{s.can_cu_gold} (extracted {s.can_cu_extracted})"
                + (f"  wrong: {', '.join(wrong)}" if wrong else "")
            )
        if scores:
            n_fields = sum(len(s.fields) for s in scores)
            right = sum(sum(s.fields.values()) for s in scores)
            gold_cc = sum(s.can_cu_gold for s in scores)
            found_cc = sum(s.can_cu_found for s in scores)
            per_field = {k: sum(s.fields[k] for s in scores) for k in scores[0].fields}
            lines.append(
                f"  header fields right: {right}/{n_fields} ({100 * right / n_fields:.0f}%); "
                + ", ".join(f"{k} {v}/{len(scores)}" for k, v in per_field.items())
            )
            extracted_cc = sum(s.can_cu_extracted for s in scores)
            precision = found_cc / max(extracted_cc, found_cc, 1)
            recall = found_cc / max(gold_cc, 1)
            f1 = 2 * precision * recall / max(precision + recall, 1e-9)
            lines.append(
                f"  căn cứ recovered: {found_cc}/{gold_cc} ({100 * recall:.0f}%); extracted "
                f"{extracted_cc}, so precision {precision:.2f} (each gold document matched once; "
                f"an extracted line matching none is false), F1 {f1:.2f}"
            )
            lines += calibration_table(pairs)
        if not quick:
            cells: list[CellScore] = []
            for g in load_scans(quick=False):
                if "task_table" in g or "task_cells" in g or g["_name"] == "avg_47_cp":
                    doc = document_of(read_scan(g["_path"], None), g["_path"])
                    lines.append("  " + task_report(g, doc))
                    if "task_cells" in g:
                        cells.append(score_cells(g["task_cells"], doc, g["_name"]))
            lines += ["  " + line for line in cells_report(cells)]
        if not quick:
            lines += planted_scanned(tmp)
        sample = [
            (CORPUS / "avg-vnlaw" / "28-pt.signed.pdf", n) for n in range(1, 3 if quick else 9)
        ]
        if sample[0][0].exists():
            rounds = 1 if quick else 3
            sp = speed(sample, tmp, rounds)
            lines.append(
                f"speed ({len(sample)} pages, {workers(len(sample))} processes each, {rounds} "
                f"alternating rounds, median): ours {sp.ours:.2f} pages/s; bare `tesseract -l vie` "
                f"{sp.bare_cli:.2f} pages/s, ratio {sp.bare_cli / sp.ours:.2f}× (target ≤ 1.3×); "
                f"bare in-process engine {sp.bare_engine:.2f} pages/s, ratio "
                f"{sp.bare_engine / sp.ours:.2f}× (our overhead over the engine alone); "
                f"cores busy during our run: {sp.ours_cores:.1f} of {os.cpu_count()}; "
                f"without the verification re-reads {sp.unverified:.2f} pages/s (the re-reads "
                f"cost {100 * (sp.unverified / sp.ours - 1):+.0f}% time)"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(quick=True))
