"""How sure a field is: a confidence 0–1 and the OCR words it rests on.

Every field the parsers read gets a :class:`vanban.models.document.FieldConfidence`:
the header (``Document.confidence``: doc_type, number, date, place, title, issuers),
each citation's number, date and issuer (``Citation.confidence``), each task cell
(``Task.confidence``, keyed by column role: no, content, lead, partners, timeframe …)
and each signer (``Signer.confidence``: name, position).

How it is computed:

* read from a text layer (typed PDF, DOCX, HTML, Markdown, text): ``1.0``, no words;
* read by OCR: the words under the field's span (or box), each with Tesseract's word
  confidence (0–100, kept as 0–1 in ``words[].conf``). A *token* field (number, date,
  issuer, row number, body names: one wrong character makes it wrong) takes its
  weakest word; a *text* field (title, content: judged by similarity) takes the mean
  over characters; for dates, row numbers and timeframes only the words holding a
  digit count. Words cut or joined after recognition take the least sure word they
  came from; a word with no confidence at all counts as ``UNKNOWN_WORD``.
* the pattern the value must fit: a date or number the parser could not make sense of
  ("08/6/20210") is capped at ``PATTERN_CAP``, unless the verification re-reads
  confirmed what is printed;
* verification re-reads (``words[].verified``) move it: re-reads that agree with a
  reading of digits (a date, a row number) raise it to at least ``VERIFIED`` (a số ký
  hiệu keeps its OCR confidence: the re-reads judge its digits, not its letters);
  re-reads that disagree cap it at ``DISPUTED``; a handwritten value is capped at
  ``HANDWRITTEN``.

The bench (``python -m bench --only ocr``) shows how often fields of each confidence
band are right on the scanned corpus: that is the calibration.

>>> from vanban.models.layout import Word
>>> reading = token_confidence([(1, Word(text="72/2015/NĐ-CP", bbox=(0, 0, 9, 9), conf=91.0)),
...                             (1, Word(text="ngày", bbox=(9, 0, 20, 9), conf=62.0))], ocr=True)
>>> reading.confidence, reading.words[1].text
(0.62, 'ngày')
>>> token_confidence([], ocr=False).confidence
1.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from vanban.models.document import (
    Citation,
    Document,
    FieldConfidence,
    OcrReading,
    Signer,
)
from vanban.models.layout import BBox, Block, Cell, LayoutDocument, Word
from vanban.parsers.dates import parse_date
from vanban.parsers.textview import TextView

UNKNOWN_WORD = 0.5
"""Confidence of an OCR word whose own confidence is unknown."""
PATTERN_CAP = 0.3
"""A value that does not fit its pattern (an impossible date) is at most this sure."""
VERIFIED = 0.97
"""Re-reads that agree with the reading make a token at least this sure."""
DISPUTED = 0.4
"""Re-reads that disagree with the reading leave a token at most this sure."""
HANDWRITTEN = 0.5
"""A handwritten value (digits re-read from separated ink) is at most this sure."""
UNSURE_BELOW = 0.9
"""A field read by OCR below this (and not confirmed) is unsure: mentions of one
document outvote it (:mod:`vanban.parsers.agreement`), and a cross-document finding
resting on it is ``needs_review`` (:mod:`vanban.checks.doubt`)."""
SURE_UNREAD = 0.95
"""A word read this sure is not re-read (``vanban.extract.scan.verify``)."""
TYPED = FieldConfidence(confidence=1.0)

PageWord = tuple[int, Word]
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def _reading(page: int, w: Word) -> OcrReading:
    conf = w.conf / 100 if w.conf is not None else UNKNOWN_WORD
    return OcrReading(
        text=w.text,
        conf=round(conf, 3),
        page=page,
        bbox=w.bbox,
        verified=w.verified,
        rereads=list(w.rereads),
        ocr_text=w.ocr_text,
        repaired=w.repaired,
    )


def _word_value(r: OcrReading) -> float:
    """A word's confidence after its re-reads: agreeing ones raise a word of digits and
    separators to ``VERIFIED`` (not a số ký hiệu: they judge its digits, not its
    letters); disagreeing ones cap any word at ``DISPUTED``."""
    if r.verified is False:
        return min(r.conf, DISPUTED)
    if r.verified and not _LETTER.search(r.text):
        return max(r.conf, VERIFIED)
    return r.conf


def token_confidence(
    words: Sequence[PageWord], *, ocr: bool, digits_only: bool = False, fits: bool = True
) -> FieldConfidence:
    """A token field: its weakest word (words holding a digit, when ``digits_only``
    and there are some: "ngày" does not make a date unsure)."""
    if not ocr:
        return TYPED.model_copy()
    chosen = list(words)
    if digits_only:
        chosen = [pw for pw in words if _DIGIT.search(pw[1].text)] or chosen
    readings = [_reading(p, w) for p, w in chosen]
    if not readings:
        return FieldConfidence(confidence=UNKNOWN_WORD if fits else PATTERN_CAP)
    checked = [r for r in readings if r.verified is not None]
    value = min(_word_value(r) for r in readings)
    confirmed = bool(checked) and all(
        r.verified or (r.verified is None and r.conf >= SURE_UNREAD) for r in readings
    )
    if not fits and not confirmed:
        value = min(value, PATTERN_CAP)  # a print the re-reads confirmed stays sure
    hand = any(w.handwritten for _, w in chosen)
    if hand:
        value = min(value, HANDWRITTEN)
    return FieldConfidence(confidence=round(value, 3), words=readings, handwritten=hand)


TEXT_WORDS_BELOW = 0.9
"""A text field lists only its words below this confidence (the ones to look at)."""


def text_confidence(words: Sequence[PageWord], *, ocr: bool) -> FieldConfidence:
    """A running-text field: the mean word confidence over characters; only its unsure
    words (below ``TEXT_WORDS_BELOW``) are listed."""
    if not ocr:
        return TYPED.model_copy()
    readings = [_reading(p, w) for p, w in words]
    total = sum(len(r.text) for r in readings)
    if not total:
        return FieldConfidence(confidence=UNKNOWN_WORD)
    value = sum(r.conf * len(r.text) for r in readings) / total
    unsure = [r for r in readings if r.conf < TEXT_WORDS_BELOW]
    return FieldConfidence(confidence=round(value, 3), words=unsure)


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def words_in_box(layout: LayoutDocument, page: int, bbox: BBox) -> list[PageWord]:
    """(page, word) of the words of ``page`` whose boxes overlap ``bbox``."""
    out: list[PageWord] = []
    for p in layout.pages:
        if p.number != page:
            continue
        for it in p.items:
            lines = it.lines if isinstance(it, Block) else [x for c in it.cells for x in c.lines]
            for ln in lines:
                out += [
                    (page, w) for w in ln.words if w.bbox is not None and _overlaps(w.bbox, bbox)
                ]
    return out


def cell_words(cells: Iterable[tuple[int, Cell]]) -> list[PageWord]:
    """(page, word) of the words of table cells given with their page."""
    return [(page, w) for page, cell in cells for ln in cell.lines for w in ln.words]


_FLAT = str.maketrans({"\n": " ", "\t": " "})


def _part(view: TextView, span: tuple[int, int], printed: str | None) -> list[PageWord]:
    """The words of ``printed`` found inside ``span`` (all words of the span when it is
    not found there as printed)."""
    start, end = span
    if not printed:
        return []
    text = view.text[start:end].translate(_FLAT)
    at = text.find(printed.translate(_FLAT))
    if at < 0:
        at = text.lower().find(printed.translate(_FLAT).lower())
    if at < 0:
        return []
    return view.words_in(start + at, start + at + len(printed))


CITATION_FIELDS = ("number", "date", "issuer")


def citation_confidence(c: Citation, view: TextView, ocr_pages: set[int]) -> None:
    """``c.confidence`` for its number, date and issuer."""
    ocr = c.page in ocr_pages
    printed = {"number": c.number_raw, "date": c.date_raw, "issuer": c.issuer}
    parsed = parse_date(c.date_raw) if c.date_raw else None
    fits = {
        "number": c.number is not None,
        "date": parsed is not None and parsed.error is None,
        "issuer": True,
    }
    for name in CITATION_FIELDS:
        if not printed[name]:
            continue
        words = _part(view, c.span, printed[name]) if c.span and ocr else []
        c.confidence[name] = token_confidence(
            words, ocr=ocr, digits_only=name == "date", fits=fits[name]
        )


HEADER_TOKENS = ("doc_type", "number", "date", "place", "issuers")


def header_confidence(
    doc: Document, layout: LayoutDocument, view: TextView, ocr_pages: set[int]
) -> None:
    """``doc.confidence`` for the header fields that have a value or a printed reading."""
    present = {
        "doc_type": doc.doc_type,
        "number": doc.number.canonical if doc.number else None,
        "date": doc.date,  # a null date (unreadable, blank) is no reading: no entry
        "place": doc.place,
        "title": doc.title,
        "issuers": ";".join(doc.issuers) or None,
    }
    for name, value in present.items():
        if not value:
            continue
        src = doc.sources.get(name)
        span = src.span if src is not None else None
        page = src.page if src is not None else None
        bbox = src.bbox if src is not None else None
        if name == "number" and doc.number is not None:
            span, page, bbox = (
                doc.number.span or span,
                doc.number.page or page,
                doc.number.bbox or bbox,
            )
        ocr = page in ocr_pages if page is not None else False
        words: list[PageWord] = []
        if ocr and span is not None:
            words = view.words_in(*span)
        elif ocr and page is not None and bbox is not None:
            words = words_in_box(layout, page, bbox)
        if name == "title":
            doc.confidence[name] = text_confidence(words, ocr=ocr)
        else:
            doc.confidence[name] = token_confidence(words, ocr=ocr, digits_only=name == "date")


_PUNCT = ".,;:()\"'“”"


def signer_confidence(s: Signer, layout: LayoutDocument, ocr_pages: set[int]) -> None:
    ocr = s.page in ocr_pages
    words = words_in_box(layout, s.page, s.bbox) if ocr and s.page and s.bbox else []
    for name, value in (("name", s.name), ("position", s.position)):
        if not value:
            continue
        tokens = {t.strip(_PUNCT).lower() for t in value.split()}
        mine = [pw for pw in words if pw[1].text.strip(_PUNCT).lower() in tokens]
        s.confidence[name] = token_confidence(mine, ocr=ocr)


def attach_confidence(doc: Document, layout: LayoutDocument, view: TextView) -> None:
    """Fill the ``confidence`` of the header, citations, prose tasks and signers (table
    tasks get theirs from the task-table parser, cell by cell)."""
    ocr_pages = {p.number for p in layout.pages if p.text_source == "ocr"}
    header_confidence(doc, layout, view, ocr_pages)
    for c in (*doc.legal_basis, *doc.references):
        citation_confidence(c, view, ocr_pages)
    for t in doc.tasks:
        if t.confidence or t.source != "prose":
            continue
        ocr = t.page in ocr_pages
        words = words_in_box(layout, t.page, t.bbox) if ocr and t.page and t.bbox else []
        t.confidence["content"] = text_confidence(words, ocr=ocr)
    for s in doc.signers:
        signer_confidence(s, layout, ocr_pages)
