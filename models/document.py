"""The output contract: one extracted document as downstream systems read it.

``schema_version`` "1". Field names listed in the contract (README, "Output
contract") are fixed: fields may be added, never renamed or removed without a new
schema version. Printed text is always kept (``raw``, ``*_raw``); normalised values
live in separate keys. Every record carries its source: ``page`` and, where the
reader knows it, ``bbox`` (points from the page's top-left) and ``span``
(character offsets into the document text that ``vanban text FILE`` prints).

Example (abridged)::

    {"schema_version": "1", "doc_type": "Chương trình phối hợp",
     "number": {"raw": "Số: 15 -CTr/BTGDVTU-UBMTTQ", "canonical": "15-CTr/BTGDVTU-UBMTTQ",
                "serial": "15", "type_code": "CTr", "issuer_code": "BTGDVTU-UBMTTQ",
                "system": "party", ...},
     "legal_basis": [{"raw": "Quyết định số 329-QĐ/TW ngày 13/6/2025 của Ban Bí thư về …",
                      "doc_type": "Quyết định", "number": "329-QĐ/TW",
                      "date": "2025-06-13", "issuer": "Ban Bí thư", ...}], ...}
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vanban.models.layout import BBox, Format

SCHEMA_VERSION: Literal["1"] = "1"

Span = tuple[int, int]

CitationRelation = Literal["basis", "implements", "amends", "replaces", "repeals", "mentions"]
"""How a citing sentence relates to what it cites (see ``Citation.relation``)."""

Recurrence = Literal[
    "continuous",
    "yearly",
    "half_yearly",
    "quarterly",
    "monthly",
    "weekly",
    "half_yearly_and_yearly",
    "on_demand",
    "per_plan",
    "periodic",
]
"""How often an undated task recurs: "Hằng quý" → "quarterly", "6 tháng, 1 năm" →
"half_yearly_and_yearly" (read by :mod:`vanban.parsers.timeframes`)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Model):
    """Where a value was read: page (1-based), box and character span when known."""

    page: int | None = None
    bbox: BBox | None = None
    span: Span | None = None


class OcrReading(_Model):
    """One OCR word a field rests on: what Tesseract read, how sure it was, where."""

    text: str = Field(description="The word as OCR read it")
    conf: float = Field(description="Tesseract's confidence in the word, 0–1")
    page: int
    bbox: BBox | None = None
    verified: bool | None = Field(
        None,
        description="Verification re-reads at high resolution: true when they agree with "
        "the reading, false when they do not, null when the word was not re-read",
    )
    rereads: list[str] = Field(
        default_factory=list, description="What the verification re-reads read"
    )
    ocr_text: str | None = Field(
        None,
        description="OCR's first reading, when agreeing re-reads or the word repair replaced it",
    )
    repaired: bool = Field(
        False,
        description="The word repair changed OCR's reading (a hat or tone misread that is "
        "still a syllable, put right from its neighbours); ocr_text keeps the reading",
    )


class FieldConfidence(_Model):
    """How sure a field is (0–1) and the OCR words it rests on (docs/ocr.md, "Confidence").

    Read from a text layer: 1.0 and no words. Read by OCR: from the words' confidences,
    the field's pattern and the verification re-reads.
    """

    confidence: float = Field(ge=0.0, le=1.0)
    words: list[OcrReading] = Field(default_factory=list)
    handwritten: bool = Field(
        False, description="Written by hand in a blank of the header (digits re-read)"
    )


Confidences = dict[str, FieldConfidence]


class SourceInfo(_Model):
    filename: str
    sha256: str
    format: Format
    pages: int
    ocr: bool = Field(description="True when any page's text came from OCR")
    size_bytes: int | None = None
    pages_needing_ocr: list[int] = Field(
        default_factory=list, description="Pages with no usable text layer (not yet OCRed)"
    )


class DocNumber(_Model):
    """Số ký hiệu. ``canonical`` has no spaces: "21-NQ/TU", "115/KH-MTTQ-UB", "30/2020/NĐ-CP"."""

    raw: str = Field(description="As printed, e.g. 'Số: 15 -CTr/BTGDVTU-UBMTTQ'")
    canonical: str
    serial: str = Field(description="Serial as printed (leading zeros kept)")
    year: int | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    system: Literal["party", "state"]
    grammar: Literal["party", "administrative", "normative"]
    page: int | None = None
    bbox: BBox | None = None
    span: Span | None = None


class Citation(_Model):
    """One cited document. ``number`` is canonical; ``number_raw`` keeps the print."""

    raw: str
    doc_type: str | None = Field(None, description="Sentence case: 'Quyết định', 'Luật'")
    doc_type_raw: str | None = None
    number: str | None = None
    number_raw: str | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    year: int | None = None
    date: str | None = Field(None, description="ISO date when the citation states a full date")
    date_raw: str | None = None
    issuer: str | None = Field(
        None,
        description="The issuing body or bodies as printed after 'của'/'do' "
        "('Bộ Chính trị, Ban Bí thư'; 'Ủy ban Trung ương Mặt trận Tổ quốc (MTTQ) Việt Nam')",
    )
    issuers: list[str] = Field(
        default_factory=list,
        description="Each body of 'issuer' on its own, as printed ('Bộ Chính trị', "
        "'Ban Bí thư'); one entry for a single issuer",
    )
    issuer_abbreviation: str | None = Field(
        None,
        description="An abbreviation the citation defines in parentheses inside the issuer "
        "('MTTQ' in 'Mặt trận Tổ quốc (MTTQ) Việt Nam')",
    )
    subject: str | None = None
    name: str | None = Field(None, description="Named laws: 'Luật Mặt trận Tổ quốc Việt Nam'")
    verb: str | None = Field(None, description="'Căn cứ', 'Thực hiện', 'Theo đề nghị', …")
    paragraph: int | None = Field(
        None,
        description="Legal basis only: index (0-based) of the preamble line ('Căn cứ …;') "
        "it was cited in; citations of one line share it",
    )
    relation: CitationRelation | None = Field(
        None,
        description="What the citing sentence does to the cited document: 'basis', "
        "'implements', 'amends', 'replaces', 'repeals' or 'mentions' (parsers/relations.py)",
    )
    relation_cue: str | None = Field(
        None, description="The printed words that decided the relation ('Sửa đổi, bổ sung')"
    )
    relation_span: Span | None = Field(
        None, description="The citing sentence: offsets into the document text"
    )
    page: int | None = None
    span: Span | None = None
    bbox: BBox | None = None
    confidence: Confidences = Field(
        default_factory=dict, description="'number', 'date', 'issuer' → how sure the reading is"
    )


class Timeframe(_Model):
    """Printed time text plus what it means: 'Quý IV/2030' → 2030-10-01 … 2030-12-31."""

    raw: str
    start: str | None = None
    end: str | None = None
    recurrence: Recurrence | None = None


LeadSource = Literal["stated", "heading", "inherited"]
"""Where a prose task's ``lead`` comes from: its own sentence or labelled field
("stated"), a heading above it that names a body ("heading": "1. Sở Thông tin và Truyền
thông" over its dashes), or the item above it whose lead it shares ("inherited")."""


class Task(_Model):
    """One task: a table row or an item of a prose task section (see docs/tasks.md)."""

    id: str = Field(
        "",
        description="Unique over all tasks of the document: a prose task's 'no' "
        "('III.1.a.2'); 'T1.5', 'T1.5#2' for table rows (table 1, Stt 5, second row)",
    )
    parent: str | None = Field(None, description="The id of the task this one sits under")
    level: int = Field(1, description="Depth in the task tree, 1 = top")
    no: str | None = None
    no_raw: str | None = Field(
        None,
        description="The Stt cell as OCR read it, only when 'no' was repaired from the "
        "numbering around it (a scan read '8' between '2' and '4': no '3', no_raw '8')",
    )
    group: str | None = None
    content: str
    timeframe: Timeframe | None = None
    deadline: Timeframe | None = None
    lead: list[str] = Field(default_factory=list)
    lead_source: LeadSource | None = Field(
        None, description="Prose tasks: 'stated', 'heading' or 'inherited'; null without a lead"
    )
    partners: list[str] = Field(default_factory=list)
    focal_units: list[str] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)
    extra: dict[str, str] = Field(default_factory=dict)
    page: int | None = None
    pages: list[int] = Field(default_factory=list, description="All pages the task spans")
    bbox: BBox | None = None
    source: Literal["table", "prose"] = "table"
    table: int | None = Field(None, description="Index of the (stitched) task table")
    confidence: Confidences = Field(
        default_factory=dict,
        description="Cell by column role ('no', 'content', 'lead', 'partners', 'timeframe', "
        "…) → how sure the reading is",
    )


class Signer(_Model):
    name: str | None = None
    position: str | None = None
    authority: str | None = Field(None, description="Normalised: TM, KT, TL, TUQ, Q")
    authority_raw: str | None = None
    organization: str | None = None
    page: int | None = None
    bbox: BBox | None = None
    confidence: Confidences = Field(
        default_factory=dict, description="'name', 'position' → how sure the reading is"
    )


class Warning(_Model):  # noqa: A001 - the contract's name
    code: str
    message: str
    page: int | None = None
    field: str | None = Field(
        None,
        description="The field the warning is about, in the corrections files' path "
        "syntax: names joined by dots, a list item selected by position or by key: "
        "'date', 'number', 'title', 'legal_basis[2].date', 'references[0].number', "
        "'tasks[id=T1.5].lead', 'signers', 'tasks' (the whole list); null when it is about "
        "the document as a whole",
    )


class ReviewedField(_Model):
    """A field a reviewer corrected (see docs/review.md); ``extracted`` is what the
    extraction had before the correction was applied."""

    field: str
    by: str | None = None
    at: str | None = None
    note: str | None = None
    extracted: Any = None


class Document(_Model):
    """One extracted document: the JSON contract, schema version 1."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    extractor_version: str
    source: SourceInfo
    doc_type: str | None = None
    doc_type_raw: str | None = None
    number: DocNumber | None = None
    place: str | None = None
    date: str | None = None
    date_raw: str | None = None
    title: str | None = None
    issuers: list[str] = Field(default_factory=list)
    issuer_parent: str | None = Field(
        None, description="Parent body printed above the issuer: 'TỈNH ỦY ĐIỆN BIÊN'"
    )
    legal_basis: list[Citation] = Field(default_factory=list)
    implements: list[Citation] = Field(
        default_factory=list,
        description="What the plan implements: 'Thực hiện Nghị quyết số …', 'triển khai "
        "Chương trình …' in the title or preamble (the cited identity)",
    )
    references: list[Citation] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    signers: list[Signer] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
    reviewed: list[ReviewedField] = Field(
        default_factory=list, description="Fields overridden by reviewer corrections"
    )
    sources: dict[str, SourceRef] = Field(
        default_factory=dict,
        description="Source of header fields: 'doc_type', 'place', 'date', 'title', "
        "'issuers', 'recipients', 'signers' → page/bbox/span",
    )
    confidence: Confidences = Field(
        default_factory=dict,
        description="Header fields ('doc_type', 'number', 'date', 'place', 'title', "
        "'issuers') → how sure the reading is",
    )
