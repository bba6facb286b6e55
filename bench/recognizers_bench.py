"""A second line recogniser measured against Tesseract on line crops with known text.

``python -m bench --only ocr2`` reads the line set ``samples/ocr_lines.json`` (crop
coordinates and truth, no images) and reads every crop with Tesseract (``vie``, one line:
psm 7) and with each second recogniser that is installed (``asterocr``: an ONNX CTC line
recogniser whose weights ship in its wheel). Per recogniser: character error rate
(Levenshtein on NFC text, spaces squashed) and exact-line rate where the whole line's
truth is known, accuracy on number/date tokens, time per line as a ratio to Tesseract
in the same run; and the hybrid "Tesseract, and the second reader only for lines with a
low-confidence Tesseract word": lines it fixes against lines it breaks.

The line set has two parts (``python -m bench.recognizers_bench --build`` rewrites it):

* ``seed``: every text line of the seed PDFs (samples/seed00X), rendered at 200 dpi and
  degraded as the OCR bench does (0.8° skew, noise, JPEG q=60), then turned back by the
  known angle; the crop is the typed line's box, the truth its typed text (exact);
* ``corpus``: lines of the scanned corpus PDFs (first two pages, 300 dpi, ink suppressed
  and deskewed by :func:`vanban.extract.scan.raster.prepare`) that print a number or
  date the gold in samples/scans gives (the document's number and date, each "Căn cứ"
  number). The crop is the Tesseract line holding it; the truth is only the token, so
  these lines count for token accuracy, not CER. Lines are found through Tesseract's
  own page reading (a number it garbled beyond recognition is not in the set): a bias
  in Tesseract's favour, stated in the report.

>>> number_tokens("Số: 15 -CTr/BTGDVTU, ngày 25 tháng 02 năm 2026.")
['15', '25', '02', '2026']
>>> token_right("15/2024/NĐ-CP", "theo Nghị định số 15/2024/NĐ - CP ngày")
True
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import partial_ratio

from vanban.extract.hygiene import squash_spaces
from vanban.extract.scan import raster
from vanban.extract.scan.tesseract import OcrWord, lines_of, parse_tsv, run_tesseract

REPO = Path(__file__).resolve().parents[1]
LINES = REPO / "samples" / "ocr_lines.json"
SCANS = REPO / "samples" / "scans"
SEEDS = (
    "samples/seed000/seed000.pdf",
    "samples/seed002/seed002.pdf",
    "samples/seed004/seed004.pdf",
)
SEED_DPI = 200
SEED_ANGLE = 0.8
CORPUS_DPI = 300
CORPUS_PAGES = 2
PAD = 0.25
"""Crop margin around a line box, as a share of the line's height."""
LOW_CONF = 60.0
"""A line with a Tesseract word below this confidence is re-read by the second reader
(the same threshold as ``vanban.extract.scan.ocr.LOW_CONF``)."""
MATCH = 80.0
"""Least partial similarity between a gold token and a Tesseract line to locate it."""

_DIGIT_TOKEN = re.compile(r"\d[\w/.\-]*\w|\d")
_DATE = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)


def nfc(text: str) -> str:
    return squash_spaces(unicodedata.normalize("NFC", text)).strip()


def number_tokens(text: str) -> list[str]:
    """The number/date tokens of a line: runs starting with a digit (a số ký hiệu, a
    date part, a row number)."""
    return _DIGIT_TOKEN.findall(nfc(text))


def _nospace(text: str) -> str:
    return re.sub(r"\s+", "", nfc(text))


def token_right(token: str, reading: str) -> bool:
    """The token is in the reading exactly (spaces ignored on both sides); a date token
    ``YYYY-MM-DD`` is right when a "ngày D tháng M năm Y" of the reading has its values."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", token)
    if iso:
        want = (int(iso[3]), int(iso[2]), int(iso[1]))
        return any((int(d), int(m), int(y)) == want for d, m, y in _DATE.findall(nfc(reading)))
    return _nospace(token) in _nospace(reading)


# ------------------------------------------------------------------ the line set


@dataclass
class Line:
    part: str  # "seed" | "corpus"
    source: str  # path relative to the repository's parent folder or the repository
    page: int  # 1-based
    bbox: tuple[int, int, int, int]  # pixels of the prepared page image
    truth: str | None  # the whole line, when known
    tokens: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "source": self.source,
            "page": self.page,
            "bbox": list(self.bbox),
            "truth": self.truth,
            "tokens": self.tokens,
        }


def load_lines(path: Path = LINES) -> list[Line]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Line(d["part"], d["source"], d["page"], tuple(d["bbox"]), d["truth"], d["tokens"])
        for d in data["lines"]
    ]


def _resolve(source: str) -> Path:
    return (REPO / source) if not source.startswith("../") else (REPO / source).resolve()


@functools.lru_cache(maxsize=4)
def page_image(part: str, source: str, page: int) -> Image.Image:
    """The page image the crops of a line refer to (see the module docstring)."""
    from bench.ocr_bench import degrade

    path = _resolve(source)
    if part == "seed":
        img = raster.render_pdf_page(path, page - 1, dpi=SEED_DPI)
        scan = Image.open(io.BytesIO(degrade(img, dpi=SEED_DPI, angle=SEED_ANGLE, seed=page)))
        return scan.convert("L").rotate(
            -SEED_ANGLE, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255
        )
    gray, _ = raster.prepare(raster.render_pdf_page(path, page - 1, dpi=CORPUS_DPI))
    return gray


@functools.lru_cache(maxsize=4)
def page_words(part: str, source: str, page: int) -> list[OcrWord] | None:
    """Our reader's words on the page image (:func:`vanban.extract.scan.ocr.recognise`:
    rules erased, cells re-read, glued words split); None when it turned or resized the
    image, so that its boxes are not those of the line set."""
    from vanban.extract.scan.ocr import recognise

    img = page_image(part, source, page)
    ocr, gray = recognise(img, dpi=SEED_DPI if part == "seed" else CORPUS_DPI)
    if gray.size != img.size or ocr.skew or ocr.turned:
        return None
    return [w for w in ocr.words if not w.speck]


def page_reading(line: Line) -> Reading | None:
    """Our page reading of the line: the words whose centre lies in its box."""
    words = page_words(line.part, line.source, line.page)
    if words is None:
        return None
    x0, y0, x1, y1 = line.bbox
    pad = PAD * (y1 - y0)
    inside = [
        w
        for w in words
        if x0 - pad <= w.left + w.width / 2 <= x1 + pad
        and y0 - pad <= w.top + w.height / 2 <= y1 + pad
    ]
    inside.sort(key=lambda w: w.left)
    return Reading(
        " ".join(w.text for w in inside), 0.0, min((w.conf for w in inside), default=0.0)
    )


def crop(line: Line) -> Image.Image:
    img = page_image(line.part, line.source, line.page)
    x0, y0, x1, y1 = line.bbox
    pad = int(PAD * (y1 - y0)) + 2
    return img.crop(
        (max(0, x0 - pad), max(0, y0 - pad), min(img.width, x1 + pad), min(img.height, y1 + pad))
    )


def _seed_lines(source: str) -> list[Line]:
    import pdfplumber

    out: list[Line] = []
    scale = SEED_DPI / 72
    with pdfplumber.open(REPO / source) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for tl in page.extract_text_lines():
                text = nfc(tl["text"])
                if len(text) < 2:
                    continue
                x0, y0, x1, y1 = (round(tl[k] * scale) for k in ("x0", "top", "x1", "bottom"))
                out.append(
                    Line("seed", source, number, (x0, y0, x1, y1), text, number_tokens(text))
                )
    return out


def _gold_tokens(gold: dict[str, Any]) -> list[str]:
    tokens = []
    if gold.get("number") and not gold.get("handwritten_number"):
        tokens.append(gold["number"])
    if gold.get("date") and not gold.get("handwritten_date"):
        tokens.append(gold["date"])
    tokens += [c["number"] for c in gold.get("can_cu", []) if c.get("number")]
    return tokens


def _locate(token: str, lines: list[list[OcrWord]]) -> list[OcrWord] | None:
    """The Tesseract line that best holds the token (None when none is close)."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", token)
    key = f"ngày {int(iso[3])} tháng {int(iso[2])} năm {iso[1]}" if iso else token
    best, best_score = None, MATCH
    for words in lines:
        text = _nospace(" ".join(w.text for w in words))
        if len(text) < len(_nospace(key)):
            continue  # a page number or a speck matches any token partially
        score = partial_ratio(_nospace(key), text)
        if score > best_score:
            best, best_score = words, score
    return best


def _corpus_lines(gold_path: Path) -> list[Line]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    tokens = _gold_tokens(gold)
    if not tokens:
        return []
    source = gold["source"]
    out: list[Line] = []
    found: dict[tuple[int, tuple[int, int, int, int]], Line] = {}
    pending = list(tokens)
    for page in range(1, CORPUS_PAGES + 1):
        try:
            img = page_image("corpus", source, page)
        except Exception:  # noqa: BLE001 - a one-page document
            break
        lines = lines_of(parse_tsv(run_tesseract(img, dpi=CORPUS_DPI)))
        for token in list(pending):
            words = _locate(token, lines)
            if words is None:
                continue
            pending.remove(token)
            bbox = (
                min(w.left for w in words),
                min(w.top for w in words),
                max(w.left + w.width for w in words),
                max(w.top + w.height for w in words),
            )
            line = found.get((page, bbox))
            if line is None:
                line = found[(page, bbox)] = Line("corpus", source, page, bbox, None, [])
                out.append(line)
            line.tokens.append(token)
    return out


def build_lines(path: Path = LINES) -> dict[str, Any]:
    """Rewrite the line set: every seed line, and the corpus lines holding gold tokens."""
    lines: list[Line] = []
    for source in SEEDS:
        lines += _seed_lines(source)
    missed = 0
    for gold_path in sorted(SCANS.glob("*.json")):
        got = _corpus_lines(gold_path)
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        missed += len(_gold_tokens(gold)) - sum(len(x.tokens) for x in got)
        lines += got
    data = {
        "about": (__doc__ or "").split("\n\n")[0],
        "corpus_tokens_not_located": missed,
        "lines": [x.as_json() for x in lines],
    }
    rows = ",\n".join(json.dumps(x.as_json(), ensure_ascii=False) for x in lines)
    head = json.dumps({k: v for k, v in data.items() if k != "lines"}, ensure_ascii=False)
    path.write_text(head[:-1] + ', "lines": [\n' + rows + "\n]}\n", encoding="utf-8")
    return data


# ------------------------------------------------------------------ recognisers


@dataclass
class Reading:
    text: str
    seconds: float
    min_conf: float | None = None


def read_tesseract(img: Image.Image, dpi: int) -> Reading:
    start = time.perf_counter()
    words = [w for w in parse_tsv(run_tesseract(img, dpi=dpi, psm=7))]
    elapsed = time.perf_counter() - start
    text = " ".join(w.text for w in words)
    return Reading(text, elapsed, min((w.conf for w in words), default=0.0))


def second_readers() -> dict[str, Callable[[Image.Image], str]]:
    """The installed second recognisers (none is an error only for the report)."""
    out: dict[str, Callable[[Image.Image], str]] = {}
    try:
        from bench.second_reader import AsterReader

        out["asterocr"] = AsterReader().read
    except ImportError:
        pass
    return out


# ------------------------------------------------------------------ scoring


@dataclass
class Score:
    cer_num: int = 0
    cer_den: int = 0
    exact: int = 0
    full: int = 0
    tok_right: int = 0
    tok_all: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, line: Line, reading: str, seconds: float) -> None:
        self.seconds.append(seconds)
        if line.truth is not None:
            self.cer_num += Levenshtein.distance(nfc(line.truth), nfc(reading))
            self.cer_den += len(nfc(line.truth))
            self.exact += nfc(line.truth) == nfc(reading)
            self.full += 1
        for t in line.tokens:
            self.tok_all += 1
            self.tok_right += token_right(t, reading)

    def row(self, name: str, base: float) -> str:
        """One table row; "—" where the group has no full-line truth or no timing."""
        cer = f"{100 * self.cer_num / self.cer_den:.2f}" if self.cer_den else "—"
        exact = f"{100 * self.exact / self.full:.1f}" if self.full else "—"
        tok = f"{self.tok_right}/{self.tok_all} ({100 * self.tok_right / max(self.tok_all, 1):.1f})"
        per = statistics.fmean(self.seconds) if self.seconds else 0.0
        ms = f"{1000 * per:.0f}" if per else "—"
        ratio = f"{per / base:.2f}" if per and base else "—"
        return f"| {name} | {cer} | {exact} | {tok} | {ms} | {ratio} |"


def _line_ok(line: Line, reading: str) -> int:
    """Edit distance to the line's truth, or token misses when only tokens are known."""
    if line.truth is not None:
        return Levenshtein.distance(nfc(line.truth), nfc(reading))
    return sum(not token_right(t, reading) for t in line.tokens)


OURS = "our reader (page OCR)"
CROP = "tesseract line crop (psm 7)"


def evaluate(lines: Sequence[Line], out: Callable[[str], None] = print) -> dict[str, Any]:
    """Read every crop with every recogniser; print the tables; return the hybrid counts."""
    readers = second_readers()
    parts = sorted({x.part for x in lines})
    groups = [*parts, "all", "numeric", "low-conf"]
    names = [OURS, CROP, *readers, *(f"our reader + {n} on low-conf lines" for n in readers)]
    scores = {(g, n): Score() for g in groups for n in names}
    fixes: dict[str, int] = dict.fromkeys(readers, 0)
    only_second: dict[str, int] = dict.fromkeys(readers, 0)
    only_ours: dict[str, int] = dict.fromkeys(readers, 0)
    breaks: dict[str, int] = dict.fromkeys(readers, 0)
    skipped = low_lines = 0
    for line in lines:
        ours = page_reading(line)
        if ours is None:
            skipped += 1
            continue
        img = crop(line)
        low = ours.min_conf is not None and ours.min_conf < LOW_CONF
        low_lines += low
        tess = read_tesseract(img, SEED_DPI if line.part == "seed" else CORPUS_DPI)
        got: dict[str, tuple[str, float]] = {
            OURS: (ours.text, 0.0),
            CROP: (tess.text, tess.seconds),
        }
        for n, read in readers.items():
            start = time.perf_counter()
            text = read(img)
            got[n] = (text, time.perf_counter() - start)
            got[f"our reader + {n} on low-conf lines"] = (
                (text, got[n][1]) if low else (ours.text, 0.0)
            )
            for t in line.tokens:
                ours_ok, second_ok = token_right(t, ours.text), token_right(t, text)
                only_second[n] += second_ok and not ours_ok
                only_ours[n] += ours_ok and not second_ok
            if low:
                before, after = _line_ok(line, ours.text), _line_ok(line, text)
                fixes[n] += after < before
                breaks[n] += after > before
        member = [line.part, "all"] + (["numeric"] if line.tokens else [])
        for g in member + (["low-conf"] if low else []):
            for n, (text, secs) in got.items():
                scores[(g, n)].add(line, text, secs)
    for g in groups:
        base = statistics.fmean(scores[(g, CROP)].seconds or [0.0])
        out(f"\n{g}: {len(scores[(g, CROP)].seconds)} lines")
        out(
            "| recogniser | CER % | exact lines % | number/date tokens right (%) "
            "| ms/line | time ÷ Tesseract line |"
        )
        out("|---|---|---|---|---|---|")
        for n in names:
            out(scores[(g, n)].row(n, base))
    out(
        f"\n(low-conf: a word of our page reading below {LOW_CONF:.0f}; CER and exact lines "
        "only where the whole line's truth is known (seed lines); our reader's time is per "
        f"page, not shown; {skipped} lines skipped: page turned or deskewed again)"
    )
    for n in readers:
        out(
            f"{n} in place of our reading on the {low_lines} low-conf lines: fixes "
            f"{fixes[n]} lines, breaks {breaks[n]} (edit distance to the truth; token misses "
            "on corpus lines)"
        )
        out(
            f"number/date tokens {n} reads right and our reader misses: {only_second[n]}; "
            f"the reverse: {only_ours[n]}"
        )
    if not readers:
        out("no second recogniser installed (pip install asterocr onnxruntime)")
    return {
        "low_conf_lines": low_lines,
        "fixes": fixes,
        "breaks": breaks,
        "only_second": only_second,
        "only_ours": only_ours,
        "skipped": skipped,
    }


def run(quick: bool = False) -> str:
    lines = load_lines()
    if quick:
        lines = lines[::5]
    buf: list[str] = []
    data = json.loads(LINES.read_text(encoding="utf-8"))
    buf.append(
        f"{len(lines)} line crops ({LINES.relative_to(REPO)}); corpus lines located through "
        f"Tesseract's page reading ({data.get('corpus_tokens_not_located', 0)} gold tokens "
        "not located are left out: a bias in Tesseract's favour)"
    )
    evaluate(lines, buf.append)
    return "\n".join(buf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="rewrite samples/ocr_lines.json")
    args = parser.parse_args(argv)
    if args.build:
        data = build_lines()
        print(
            f"{len(data['lines'])} lines; {data['corpus_tokens_not_located']} gold tokens not located"
        )
        return 0
    print(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
