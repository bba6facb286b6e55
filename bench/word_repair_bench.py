"""Word repair bench (``python -m bench --only words``): CER on the text twins, repair off vs on.

The pages of the OCR bench's character-accuracy twins are read **once** (Tesseract, cell
re-reads, glued-word splits, name restoring: :func:`vanban.extract.scan.ocr.recognise` with
the repair off): the typed congbot NĐ 55 PDF rendered at 300 dpi, and the seed PDFs rendered
degraded (200 dpi, 0.8° skew, noise, JPEG q=60; :func:`bench.ocr_bench.degrade`). Each
page's words are then laid out twice, without and with
:func:`vanban.extract.scan.word_repair.repair_words`, and compared with the typed text
(CER as in the OCR bench; the verification re-reads of digits are not run, the repair never
touches a digit).

Word by word (OCR words aligned to the typed words on their base letters, difflib), each
change is **fixed** (the reading differed from the typed word, the repair equals it),
**broken** (the reading equalled the typed word, the repair does not: a regression, "Nam
tỉnh" → "Nam tính") or **other** (wrong before and after, or no typed word aligned).

The packaged bigram counts were built from the typed corpus and samples, which hold these
twins' own texts (NĐ 55 as a PDF and as file_data_12.md, each seed's DOCX). So the repair is
also run with **held-out** counts: rebuilt from every source except those sharing half of a
twin's syllable 4-grams; that is the honest figure for a document the counts never saw.
A sweep over the confidence threshold shows what a looser or stricter gate would do.

Last, the scanned corpus documents with gold (``samples/scans``; first pages, or all pages
when the gold holds an annex task table) are read once and parsed with the repair off and
on: header fields right, "Căn cứ" documents found, annex task cells exact, and every change
listed (no twin: they are judged by reading them).
"""

from __future__ import annotations

import copy
import difflib
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image

from bench.ocr_bench import (
    HEADER_PAGES,
    NĐ55,
    SEEDS,
    cer,
    degrade,
    document_of,
    load_scans,
    page_text,
    score_scan,
)
from bench.table_cells import score_cells
from vanban.extract.hygiene import strip_diacritics
from vanban.extract.pdf import reader as pdf_reader
from vanban.extract.scan import raster
from vanban.extract.scan.bigrams import Bigrams, count_pairs, runs, shipped
from vanban.extract.scan.ocr import PageOcr, page_from_ocr, recognise
from vanban.extract.scan.word_repair import SETTINGS, RepairSettings, repair_words
from vanban.models.layout import LayoutDocument
from vanban.parsers.textview import TextView

SHARED_4GRAMS = 0.5
"""A source holding this share of a twin's syllable 4-grams is the twin's own text."""
SWEEP = (80.0, 90.0, 95.0, 101.0)
"""Confidence thresholds tried in the sweep (``SETTINGS.below`` is the one used)."""


@dataclass
class Twin:
    """One text twin: its typed text and its pages as OCR read them (before layout)."""

    name: str
    path: Path
    typed: str
    pages: list[PageOcr]


@dataclass
class Outcome:
    cer: float
    changed: int = 0
    fixed: int = 0
    broken: int = 0
    examples: list[str] = field(default_factory=list)


def _recognise_once(img: Image.Image, dpi: int) -> PageOcr:
    before = os.environ.get("VANBAN_OCR_WORD_REPAIR")
    os.environ["VANBAN_OCR_WORD_REPAIR"] = "0"
    try:
        return recognise(img, dpi)[0]
    finally:
        if before is None:
            del os.environ["VANBAN_OCR_WORD_REPAIR"]
        else:
            os.environ["VANBAN_OCR_WORD_REPAIR"] = before


def read_twins(quick: bool = False) -> list[Twin]:
    """The twins' pages, OCRed once (the slow part: tens of seconds a page)."""
    twins: list[Twin] = []
    if NĐ55.exists():
        typed = pdf_reader.read(NĐ55)
        numbers = [1] if quick else [p.number for p in typed.pages]
        dpi = raster.SETTINGS.dpi
        pages = [
            _recognise_once(raster.render_pdf_page(NĐ55, n - 1, dpi=dpi), dpi) for n in numbers
        ]
        ref = " ".join(page_text(typed, n) for n in numbers)
        twins.append(Twin("congbot NĐ 55 (300 dpi render)", NĐ55, ref, pages))
    for path in SEEDS[:1] if quick else SEEDS:
        if not path.exists():
            continue
        typed = pdf_reader.read(path)
        numbers = [p.number for p in typed.pages][: 2 if quick else None]
        pages = []
        for n in numbers:
            frame = Image.open(
                io.BytesIO(degrade(raster.render_pdf_page(path, n - 1, dpi=200), seed=n))
            )
            f = raster.SETTINGS.dpi / 200  # as the image reader scales a 200-dpi frame
            rgb = frame.convert("RGB").resize(
                (round(frame.width * f), round(frame.height * f)), Image.Resampling.BICUBIC
            )
            pages.append(_recognise_once(rgb, raster.SETTINGS.dpi))
        ref = " ".join(page_text(typed, n) for n in numbers)
        twins.append(Twin(f"{path.stem} (200 dpi, degraded)", path, ref, pages))
    return twins


# ------------------------------------------------------------------ comparing words

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def _core(token: str) -> str:
    return _EDGE.sub("", token)


def _base(token: str) -> str:
    return strip_diacritics(_core(token))


def _index_map(a: list[str], b: list[str]) -> dict[int, int]:
    """Positions of ``a`` → positions of ``b``, aligned on base letters (equal runs, and
    replaced runs of one length position by position)."""
    out: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [_base(t) for t in a], [_base(t) for t in b], False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            out.update(zip(range(i1, i2), range(j1, j2), strict=True))
    return out


def compare(typed: str, off: str, on: str) -> Outcome:
    """CER of ``on`` and its word changes against ``off``, judged by the typed text."""
    ref, before, after = typed.split(), off.split(), on.split()
    to_ref = _index_map(before, ref)
    same = _index_map(before, after)
    out = Outcome(cer(typed, on))
    for i, k in same.items():
        if before[i] == after[k]:
            continue
        out.changed += 1
        j = to_ref.get(i)
        right = _core(ref[j]) if j is not None else None
        was, now = _core(before[i]), _core(after[k])
        verdict = "other"
        if right is not None and was != right and now == right:
            out.fixed += 1
            verdict = "fixed"
        elif right is not None and was == right and now != right:
            out.broken += 1
            verdict = "BROKEN"
        ctx = " ".join(before[max(0, i - 2) : i + 3])
        out.examples.append(f"{verdict}: {was} → {now} (typed {right!r}; «{ctx}»)")
    return out


# ------------------------------------------------------------------ layouts


def text_of(pages: list[PageOcr], repair: Callable[[PageOcr], None] | None) -> str:
    """The twin's text as the layout gives it, each page repaired first when asked."""
    laid = []
    for n, ocr in enumerate(pages, 1):
        mine = copy.deepcopy(ocr)
        if repair is not None:
            repair(mine)
        laid.append(page_from_ocr(mine, n))
    return TextView.build(LayoutDocument(format="image", pages=laid)).text


def _shingles(text: str) -> set[tuple[str, ...]]:
    return {tuple(r[i : i + 4]) for r in runs(text) for i in range(len(r) - 3)}


def held_out(twin: Twin, sources: dict[str, str]) -> tuple[Bigrams, list[str]]:
    """Counts from every source except the twin's own text (by shared 4-grams)."""
    own = _shingles(twin.typed)
    left_out = [
        name
        for name, text in sources.items()
        if own and len(own & _shingles(text)) >= SHARED_4GRAMS * len(own)
    ]
    from scripts.build_bigrams import MIN_COUNT

    pairs = count_pairs(t for n, t in sources.items() if n not in left_out)
    return Bigrams({k: v for k, v in pairs.items() if v >= MIN_COUNT}), left_out


def _repairer(counts: Bigrams, settings: RepairSettings) -> Callable[[PageOcr], None]:
    def run(ocr: PageOcr) -> None:
        repair_words(ocr.words, counts, settings)

    return run


def _total(rows: Iterable[Outcome]) -> tuple[int, int, int]:
    rows = list(rows)
    return (
        sum(r.changed for r in rows),
        sum(r.fixed for r in rows),
        sum(r.broken for r in rows),
    )


def report(twins: list[Twin], sources: dict[str, str]) -> list[str]:
    lines = [
        "word repair (hat/tone misreads that are real syllables), CER = edits / typed characters",
        f"  gate: OCR confidence < {SETTINGS.below:g}, best variant ≥ {SETTINGS.ratio:g}× the "
        f"reading with bigram support, μ = {SETTINGS.mu:g}",
        f"  {'twin':34s} {'p':>2s}  {'CER off':>8s} {'on':>8s} {'held-out':>9s}   "
        "changed fixed broken (held-out counts)",
    ]
    held: list[Outcome] = []
    packaged: list[Outcome] = []
    offs: list[str] = []
    sweep: dict[float, list[Outcome]] = {t: [] for t in SWEEP}
    for twin in twins:
        off = text_of(twin.pages, None)
        offs.append(off)
        counts, left_out = held_out(twin, sources)
        on_pkg = compare(twin.typed, off, text_of(twin.pages, _repairer(shipped(), SETTINGS)))
        on_held = compare(twin.typed, off, text_of(twin.pages, _repairer(counts, SETTINGS)))
        packaged.append(on_pkg)
        held.append(on_held)
        for t in SWEEP:
            s = replace(SETTINGS, below=t)
            sweep[t].append(compare(twin.typed, off, text_of(twin.pages, _repairer(counts, s))))
        lines.append(
            f"  {twin.name:34s} {len(twin.pages):2d}  {100 * cer(twin.typed, off):7.2f}% "
            f"{100 * on_pkg.cer:7.2f}% {100 * on_held.cer:8.2f}%   "
            f"{on_held.changed:7d} {on_held.fixed:5d} {on_held.broken:6d}"
            f"   (held out: {', '.join(left_out) or 'nothing'})"
        )
        lines += [f"      {e}" for e in on_held.examples]
    changed, fixed, broken = _total(held)
    lines.append(f"  all twins, held-out counts: changed {changed}, fixed {fixed}, broken {broken}")
    changed, fixed, broken = _total(packaged)
    lines.append(f"  all twins, packaged counts: changed {changed}, fixed {fixed}, broken {broken}")
    lines.append("  confidence threshold sweep (held-out counts): below → changed/fixed/broken")
    lines.append(
        "    "
        + "; ".join(
            f"{'every word' if t > 100 else f'< {t:g}'}: {'/'.join(str(x) for x in _total(sweep[t]))}"
            for t in SWEEP
        )
    )
    return lines


# ------------------------------------------------------------------ scanned corpus


@dataclass
class Scan:
    """A scanned corpus document with gold (``samples/scans``): its first pages as OCR read them."""

    gold: dict[str, Any]
    typed: LayoutDocument
    pages: list[PageOcr]


def read_scans(quick: bool = False) -> list[Scan]:
    """The first ``HEADER_PAGES`` pages of each scanned corpus document (all of them when the
    gold holds an annex task table), OCRed once."""
    out = []
    dpi = raster.SETTINGS.dpi
    for g in load_scans(quick):
        path = g["_path"]
        typed = pdf_reader.read(path)
        if "task_cells" not in g or quick:  # an annex task table: the whole document
            typed.pages = typed.pages[:HEADER_PAGES]
        pages = [
            _recognise_once(raster.render_pdf_page(path, p.number - 1, dpi=dpi), dpi)
            for p in typed.pages
            if p.needs_ocr
        ]
        out.append(Scan(g, typed, pages))
    return out


def scan_layout(scan: Scan, repair: Callable[[PageOcr], None] | None) -> LayoutDocument:
    """The document's layout as ``apply_ocr`` builds it, each OCR page repaired first when asked."""
    layout = copy.deepcopy(scan.typed)
    readings = iter(scan.pages)
    for i, p in enumerate(layout.pages):
        if not p.needs_ocr:
            continue
        mine = copy.deepcopy(next(readings))
        if repair is not None:
            repair(mine)
        new = page_from_ocr(mine, p.number)
        new.ocr_reason = p.ocr_reason
        if not new.rotation:
            new.width, new.height = p.width, p.height
        layout.pages[i] = new
    return layout


def scan_report(scans: list[Scan]) -> list[str]:
    """Header fields and "Căn cứ" found with the repair off and on (packaged counts), and
    every change, for reading by eye (no twin: the gold covers header and Căn cứ only)."""
    lines = [
        f"  scanned corpus ({len(scans)} documents, first {HEADER_PAGES} pages or all with a gold "
        "task table; no re-reads): header fields / Căn cứ found / task cells, repair off → on; "
        "every change listed"
    ]
    totals = [0, 0, 0, 0, 0]
    cells = [0, 0, 0]
    for scan in scans:
        path = scan.gold["_path"]
        off_layout = scan_layout(scan, None)
        on_layout = scan_layout(scan, _repairer(shipped(), SETTINGS))
        off_doc, on_doc = document_of(off_layout, path), document_of(on_layout, path)
        off, on = score_scan(scan.gold, off_doc), score_scan(scan.gold, on_doc)
        off_text = TextView.build(off_layout).text.split()
        on_text = TextView.build(on_layout).text.split()
        changes = [
            f"{_core(off_text[i])} → {_core(on_text[k])} «{' '.join(off_text[max(0, i - 2) : i + 3])}»"
            for i, k in _index_map(off_text, on_text).items()
            if off_text[i] != on_text[k]
        ]
        row = (
            sum(off.fields.values()),
            sum(on.fields.values()),
            off.can_cu_found,
            on.can_cu_found,
            len(changes),
        )
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        lost = [k for k, ok in off.fields.items() if ok and not on.fields[k]]
        lines.append(
            f"    {off.name:16s} header {row[0]} → {row[1]}/{len(off.fields)}  "
            f"căn cứ {row[2]} → {row[3]}/{off.can_cu_gold}  changes {row[4]}"
            + (f"  LOST: {', '.join(lost)}" if lost else "")
        )
        if "task_cells" in scan.gold and len(scan.pages) > HEADER_PAGES:
            before = score_cells(scan.gold["task_cells"], off_doc)
            after = score_cells(scan.gold["task_cells"], on_doc)
            cells = [cells[0] + before.total, cells[1] + before.exact, cells[2] + after.exact]
            lines.append(
                f"      annex task cells exact {before.exact} → {after.exact}/{before.total}, "
                f"lenient {before.lenient} → {after.lenient}"
            )
        lines += [f"        {c}" for c in changes]
    lines.append(
        f"    all: header fields {totals[0]} → {totals[1]}, Căn cứ found {totals[2]} → "
        f"{totals[3]}, words changed {totals[4]}"
        + (f", annex task cells exact {cells[1]} → {cells[2]}/{cells[0]}" if cells[0] else "")
    )
    return lines


def run(quick: bool = False) -> str:
    """The word repair report (see the module docstring)."""
    from scripts.build_bigrams import source_texts

    twins = read_twins(quick)
    if not twins:
        return "word repair: no text twin found (../shared/corpus, samples/)"
    return "\n".join(report(twins, source_texts()) + scan_report(read_scans(quick)))
