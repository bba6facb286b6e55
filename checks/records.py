"""Light records for the checks: one :class:`Mention` per header or printed citation.

A corpus of 100,000 documents prints about a million citations, so a mention is a
plain tuple of interned strings, not a pydantic model. Comparison values are folded
into separate fields (``type_word``, ``issuer``, ``subject``); ``raw`` keeps the print
for the evidence.

>>> from vanban.models.document import Citation, Document, SourceInfo
>>> src = SourceInfo(filename="b.txt", sha256="0", format="txt", pages=1, ocr=False)
>>> c = Citation(raw="QĐ số 720 -QĐ/TU ngày 13-02-2026", doc_type_raw="QĐ",
...              number="720-QĐ/TU", date="2026-02-13", page=1)
>>> info, mentions = records_for_document(Document(extractor_version="t", source=src,
...                                                legal_basis=[c]), 0)
>>> mentions[0].key, mentions[0].type_word, mentions[0].date
('P|QĐ|720|TU', 'quyet dinh', '2026-02-13')
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from sys import intern
from typing import NamedTuple

from vanban.checks.identity import Identity, base_key, identity_of_citation, identity_of_docnumber
from vanban.codes import NOT_OFFICIAL
from vanban.extract.hygiene import squash_spaces, strip_diacritics
from vanban.models.document import Citation, Document, FieldConfidence
from vanban.parsers.confidence import UNSURE_BELOW
from vanban.parsers.vocabulary import type_codes

HEADER, LEGAL_BASIS, REFERENCE = 0, 1, 2
ROLE_NAMES = ("header", "legal_basis", "reference")

_WORDS = re.compile(r"\w+", re.UNICODE)
_SUBJECT_LEAD = re.compile(r"^(?:v/v|về việc|ve viec|về|ve|v\.v)\s+", re.IGNORECASE)
_TONE_DIGIT = re.compile(r"(?<=[^\W\d_])[1-5]\b")
_DIGITS_DATE = re.compile(r"\d{1,2}\s*(?:[/.-]|\s+tháng\s+)\s*\d{1,2}")
_SUBJECT_CHARS = 160


class Mention(NamedTuple):
    """A header or a citation, reduced to what the checks compare.

    ``key`` is the base identity key; ``doc`` indexes the corpus' document table;
    ``role`` is HEADER, LEGAL_BASIS or REFERENCE; ``bad_date`` holds the printed date
    when it is impossible or malformed ("08/6/20210"); ``selfref`` marks "kèm theo …"
    citations (an appendix naming its own document); ``conf`` and ``doubt`` say how
    sure the OCR reading is (:func:`doubt_of`); ``bbox`` is where it is printed.
    """

    key: str
    doc: int
    role: int
    number: str
    date: str | None
    bad_date: str | None
    type_word: str
    issuer: str
    subject: str
    raw: str
    page: int | None
    selfref: bool
    conf: float = 1.0
    """The least sure of its number, date and issuer (OCR confidence, 0–1; typed 1.0)."""
    doubt: str = ""
    """Fields read by OCR unsure and not confirmed: "number", "date", "issuer", joined by ","."""
    bbox: tuple[float, float, float, float] | None = None


class DocInfo(NamedTuple):
    """What the checks need of a document itself: a name to report, its own date and key."""

    name: str
    date: str | None
    key: str | None


def fold_words(text: str | None) -> str:
    """'Quyết  định' → 'quyet dinh' (diacritics, case, spacing, punctuation folded)."""
    if not text:
        return ""
    return " ".join(_WORDS.findall(strip_diacritics(text)))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    data = type_codes()
    return {k.upper().replace("Đ", "D"): v for k, v in data["abbreviations"].items()}


@lru_cache(maxsize=4096)
def type_word_key(doc_type: str | None, doc_type_raw: str | None = None) -> str:
    """Folded type word: 'Quyết định' → 'quyet dinh'; an abbreviation 'QĐ' is expanded."""
    word = doc_type or doc_type_raw or ""
    abbrev = _abbreviations().get(fold_words(word).upper().replace(" ", ""))
    if abbrev is not None and (not doc_type or doc_type == doc_type_raw):
        word = abbrev
    return intern(fold_words(word))


@lru_cache(maxsize=1)
def _known_type_words() -> tuple[str, ...]:
    """Every folded type word of the data, longest first ('thong bao ket luan' before 'ket luan')."""
    data = type_codes()
    words = {fold_words(w) for ws in data["codes"].values() for w in ws}
    words |= {fold_words(w) for w in data["abbreviations"].values()}
    return tuple(sorted(words, key=len, reverse=True))


_BEFORE_NUMBER = re.compile(r"(?:\s*(?:số|so)\s*:?)?\s*$", re.IGNORECASE)


def type_word_before_number(raw: str, number_raw: str | None) -> str | None:
    """The type word printed right before 'số <number>' in a citation, folded.

    "Quy chế … ban hành kèm theo Quyết định số 720 -QĐ/TU" names a Quyết định: the
    word next to the number decides, not the first type word of the clause.

    >>> type_word_before_number("Quy chế … kèm theo Quyết định số 720 -QĐ/TU, ngày 13/2/2026", "720 -QĐ/TU")
    'quyet dinh'
    >>> type_word_before_number("QĐ số 720-QĐ/TU", "720-QĐ/TU")
    'quyet dinh'
    """
    if not number_raw:
        return None
    at = raw.find(number_raw)
    if at < 0:
        return None
    before = _BEFORE_NUMBER.sub("", raw[:at])
    folded = fold_words(before)
    abbrev = _abbreviations().get(folded.rsplit(" ", 1)[-1].upper()) if folded else None
    if abbrev is not None:
        return fold_words(abbrev)
    for word in _known_type_words():
        if folded == word or folded.endswith(" " + word):
            return word
    return None


def _agency_key() -> Callable[[str], str]:
    from vanban.parsers.agencies import agency_key

    return agency_key


@lru_cache(maxsize=65536)
def issuer_key(name: str | None) -> str:
    """Folded issuer: 'Ban Thường vụ  Tỉnh uỷ' → 'ban thuong vu tinh uy'."""
    if not name:
        return ""
    # agency_key (text_key) writes tones as digits after each syllable: "tinh3 uy3"
    return intern(_TONE_DIGIT.sub("", fold_words(_agency_key()(name))))


@lru_cache(maxsize=65536)
def subject_key(text: str | None) -> str:
    """Folded subject for fuzzy matching: leading 'về'/'V/v' dropped, 160 characters."""
    if not text:
        return ""
    text = _SUBJECT_LEAD.sub("", squash_spaces(text).strip(" ;,.:"))
    return intern(fold_words(text)[:_SUBJECT_CHARS])


def is_valid_iso(date: str) -> bool:
    try:
        _dt.date.fromisoformat(date)
    except ValueError:
        return False
    return True


def bad_date_of(date: str | None, date_raw: str | None) -> str | None:
    """The printed date when it is impossible or malformed, else None.

    A blank draft date ("ngày    tháng    năm 2025") is not bad: it has no day.
    Uses ``vanban.parsers.dates.parse_date`` when that module is present.

    >>> bad_date_of(None, "08/6/20210"), bad_date_of("2026-02-13", "13/2/2026")
    ('08/6/20210', None)
    """
    if date:
        return None if is_valid_iso(date) else (date_raw or date)
    if not date_raw:
        return None
    from vanban.parsers.dates import parse_date

    match = parse_date(date_raw)
    if match is None:
        return date_raw if _DIGITS_DATE.search(date_raw) else None
    return date_raw if match.error else None


DOUBT_BELOW = UNSURE_BELOW
"""A field read by OCR below this confidence, and not confirmed by re-reads, is unsure:
a finding resting on it is ``needs_review`` (:mod:`vanban.checks.doubt`)."""
CHECKED_FIELDS = ("number", "date", "issuer")


def doubt_of(confidence: Mapping[str, FieldConfidence]) -> tuple[float, str]:
    """(least confidence, unsure fields) of a record's ``confidence`` entries. A field is
    unsure below ``DOUBT_BELOW`` unless the re-reads confirmed every word of it that
    holds a digit (the serial and year a check compares; e.g. "27/2021/QĐ-UBND" read
    at 0.52 with its digits re-read alike).

    >>> from vanban.models.document import FieldConfidence as F, OcrReading as R
    >>> doubt_of({"number": F(confidence=0.73), "date": F(confidence=0.97)})
    (0.73, 'number')
    >>> doubt_of({"number": F(confidence=0.52, words=[R(text="27/2021/QĐ-UBND", conf=0.52,
    ...                                                 page=3, verified=True)])})
    (0.52, '')
    >>> doubt_of({})
    (1.0, '')
    """
    confs = {k: v.confidence for k, v in confidence.items() if k in CHECKED_FIELDS}
    unsure = [
        k
        for k in CHECKED_FIELDS
        if k in confs and confs[k] < DOUBT_BELOW and not _digits_confirmed(confidence[k])
    ]
    return (min(confs.values()) if confs else 1.0), ",".join(unsure)


def _digits_confirmed(fc: FieldConfidence) -> bool:
    digits = [w for w in fc.words if any(ch.isdigit() for ch in w.text)]
    return bool(digits) and all(w.verified for w in digits)


def _mention(
    identity: Identity | None,
    doc: int,
    role: int,
    *,
    number: str,
    date: str | None,
    date_raw: str | None,
    type_word: str,
    issuer: str,
    subject: str,
    raw: str,
    page: int | None,
    confidence: Mapping[str, FieldConfidence] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> Mention | None:
    bad = bad_date_of(date, date_raw)
    conf, doubt = doubt_of(confidence or {})
    if identity is None and bad is None:
        return None
    return Mention(
        key=base_key(identity) if identity is not None else "",
        doc=doc,
        role=role,
        number=intern(number),
        date=intern(date) if date and bad is None else None,
        bad_date=bad,
        type_word=type_word,
        issuer=issuer,
        subject=subject,
        raw=raw,
        page=page,
        selfref=role != HEADER and "kem theo" in fold_words(raw),
        conf=conf,
        doubt=doubt,
        bbox=bbox,
    )


def citation_mention(citation: Citation, doc: int, role: int) -> Mention | None:
    """The mention of one citation (None when it names no number and has a good date)."""
    return _mention(
        identity_of_citation(citation),
        doc,
        role,
        number=citation.number or "",
        date=citation.date,
        date_raw=citation.date_raw,
        type_word=intern(
            type_word_before_number(citation.raw, citation.number_raw)
            or type_word_key(citation.doc_type, citation.doc_type_raw)
        ),
        issuer=issuer_key(citation.issuer),
        subject=subject_key(citation.subject or citation.name),
        raw=squash_spaces(citation.raw),
        page=citation.page,
        confidence=citation.confidence,
        bbox=citation.bbox,
    )


def header_mention(doc: Document, index: int) -> Mention | None:
    """The document's own header as a mention (issuers joined by ';')."""
    number = doc.number
    identity = identity_of_docnumber(number) if number is not None else None
    page = number.page if number is not None else None
    raw = " ".join(p for p in (doc.doc_type_raw, number.raw if number else None, doc.date_raw) if p)
    return _mention(
        identity,
        index,
        HEADER,
        number=number.canonical if number is not None else "",
        date=doc.date,
        date_raw=doc.date_raw,
        type_word=type_word_key(doc.doc_type, doc.doc_type_raw),
        issuer=intern(";".join(issuer_key(i) for i in doc.issuers)),
        subject=subject_key(doc.title),
        raw=squash_spaces(raw),
        page=page,
        confidence={("issuer" if k == "issuers" else k): v for k, v in doc.confidence.items()},
        bbox=number.bbox if number is not None else None,
    )


def document_name(doc: Document) -> str:
    """How a document is named in findings: its file name."""
    return doc.source.filename


def records_for_document(
    doc: Document, index: int, name: str | None = None
) -> tuple[DocInfo, list[Mention]]:
    """The document's own record and its mentions (header first, then citations); a
    document marked ``not_an_official_document`` has none (it is kept out of the checks)."""
    mentions: list[Mention] = []
    if any(w.code == NOT_OFFICIAL for w in doc.warnings):
        return DocInfo(name=name or document_name(doc), date=None, key=None), mentions
    head = header_mention(doc, index)
    if head is not None:
        mentions.append(head)
    for role, citations in ((LEGAL_BASIS, doc.legal_basis), (REFERENCE, doc.references)):
        for citation in citations:
            m = citation_mention(citation, index, role)
            if m is not None:
                mentions.append(m)
    info = DocInfo(
        name=name or document_name(doc),
        date=doc.date if doc.date and is_valid_iso(doc.date) else None,
        key=head.key or None if head is not None else None,
    )
    return info, mentions


class Corpus:
    """Documents and their mentions, as the checks see them (no pydantic objects kept)."""

    __slots__ = ("docs", "mentions")

    def __init__(self) -> None:
        self.docs: list[DocInfo] = []
        self.mentions: list[Mention] = []

    def add(self, doc: Document, name: str | None = None) -> int:
        index = len(self.docs)
        info, mentions = records_for_document(doc, index, name)
        self.docs.append(info)
        self.mentions.extend(mentions)
        return index

    @classmethod
    def from_documents(cls, docs: Iterable[Document]) -> Corpus:
        corpus = cls()
        for doc in docs:
            corpus.add(doc)
        return corpus


# -- serialised records (the store's ``mentions`` table) --------------------------------------

RECORD_VERSION = 3
"""Version of :func:`mention_record`'s layout and of what a mention holds: bump it when
:class:`Mention` or the folding above changes, and stores rebuild their mention rows."""


def mention_record(info: DocInfo, m: Mention) -> str:
    """A mention and its document's file name, date and key as JSON text (``doc`` and the
    display name are left out: they depend on the corpus being checked).

    >>> m = Mention("P|QĐ|720|TU", 0, 1, "720-QĐ/TU", "2026-02-13", None, "quyet dinh",
    ...             "", "", "QĐ số 720", 1, False)
    >>> mention_record(DocInfo("b.txt", "2026-03-01", None), m)[:43]
    '["b.txt","2026-03-01",null,"P|QĐ|720|TU",1,'
    """
    return json.dumps((info.name, info.date, info.key, m.key, *m[2:]), ensure_ascii=False,
                      separators=(",", ":"))  # fmt: skip


def load_mention_record(rec: str, doc: int) -> tuple[str, str | None, str | None, Mention]:
    """(file name, document date, document key, mention numbered ``doc``) of a record.

    >>> m = Mention("P|QĐ|720|TU", 0, 1, "720-QĐ/TU", None, None, "", "", "", "x", None, True)
    >>> load_mention_record(mention_record(DocInfo("b.txt", None, None), m), 3)[3] == m._replace(doc=3)
    True
    """
    name, date, key, mkey, *fields = json.loads(rec)
    m = Mention(mkey, doc, *fields)
    if m.bbox is not None:  # a JSON list
        x0, top, x1, bottom = m.bbox
        m = m._replace(bbox=(x0, top, x1, bottom))
    return name, date, key, m
