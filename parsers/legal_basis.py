"""Legal basis (the preamble's "Căn cứ …" lines) and every other citation (references).

The preamble starts at the first line at or after ``body_start`` that opens with a
basis verb ("Căn cứ", "Thực hiện", "Theo đề nghị", "Xét đề nghị", "Xét") and runs
over following verb lines and their continuations (wrapped lines, a page break that
continues in lower case). It ends before the first line that is neither, before a
body marker ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:", "BAN HÀNH:", "Điều 1", a Roman heading
"I." / "II-", "Chương I", "PHẦN I"), or after the verb line that ends "… như sau:".
If a body marker comes before any verb line there is no preamble: a "Căn cứ" in the
body is not legal basis.

Entries (one :class:`vanban.models.document.Citation` per cited document, ``verb`` kept):

* "Căn cứ …" / "Thực hiện …" paragraphs: every document they cite with a number, and
  laws cited by title ("Luật Mặt trận Tổ quốc Việt Nam năm 2015") when they have a
  full date or open a list item (right after the verb, or after ";", "," or "và"). A
  document cited again in the preamble with the same type word ("… sửa đổi, bổ sung
  Quyết định số 290/2005/QĐ-TTg") is not a second entry; "Quy chế … ban hành kèm theo
  Quyết định số 720-QĐ/TU" and "Quyết định số 720-QĐ/TU" are two.
* Decision (kept): the first of these is typed by the document it cites, the Quy chế
  (``doc_type``/``doc_type_raw`` "Quy chế", ``name`` its title), numbered by the
  Quyết định that issued it (``number`` "720-QĐ/TU", ``type_code`` "QĐ"). The word
  next to the number stays available: ``raw`` holds "… kèm theo Quyết định số 720
  -QĐ/TU …" and ``number_raw`` is found in it (both with line breaks as spaces), which
  is what ``vanban.checks.records.type_word_before_number`` reads, so a check comparing the
  type word with the code sees "Quyết định" / "QĐ" and does not flag a mismatch.
* A document named inside another citation's subject is not a basis of its own but a
  reference: the subject runs up to it, with nothing but "tại" between ("… về hướng
  dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP"). List items ("…;
  Nghị định số …", "… và Nghị định số …") and amendments ("… sửa đổi, bổ sung bởi Luật
  số …") are bases; a basis named again inside a subject is neither.
* Decision: when such a paragraph names a document right after the verb but cites no
  number and no named law ("Thực hiện chương trình phối hợp giữa … giai đoạn 2022 -
  2024;"), it is one entry without number: ``doc_type`` from the type word, ``name`` the
  clause as printed. "Căn cứ chức năng, nhiệm vụ, …" names no document: no entry.
* "Theo đề nghị …" / "Xét đề nghị …": only documents with a number ("… tại Tờ trình số
  04/TTr-BKHCN-BTTTT").

References: every other citation with a parsed number anywhere in the text (body,
tables, appendix captions), each span once; the document's own number in its header,
or anywhere above the body (a saved web page's title and breadcrumb), is not one. Named laws without a number are not references.

Warnings: ``invalid_date`` (a cited date that cannot exist, e.g. "ngày 08/6/20210"),
``unparsed_number`` ("Quyết định số 12345"), ``citation_after_document`` (a cited
date later than the document's own date).

>>> from vanban.models.layout import Block, LayoutDocument, Page
>>> from vanban.parsers.textview import TextView
>>> doc = LayoutDocument(format="txt", pages=[Page(number=1, items=[
...     Block(text="Căn cứ Luật Mặt trận Tổ quốc Việt Nam năm 2015;", page=1),
...     Block(text="QUYẾT ĐỊNH:", page=1)])])
>>> basis, refs, warns = parse_legal_basis(TextView.build(doc), body_start=0,
...                                        doc_date=None, doc_number=None)
>>> [(b.verb, b.name, b.year, b.page) for b in basis]
[('Căn cứ', 'Luật Mặt trận Tổ quốc Việt Nam', 2015, 1)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from vanban.models.document import Citation, DocNumber, Warning
from vanban.parsers.alternation import longest_first
from vanban.parsers.citations import (
    FoundCitation,
    find_citations,
    squash_breaks,
    type_name_for_word,
    type_word_at,
)
from vanban.parsers.citations import to_citation as _to_citation
from vanban.parsers.textview import TextView
from vanban.parsers.vocabulary import doc_types_file

BASIS_VERBS = ("Căn cứ", "Thực hiện", "Theo đề nghị", "Xét đề nghị", "Xét")
"""Verbs that open a preamble line, longest first where one prefixes another."""
NUMBERED_ONLY_VERBS = ("Theo đề nghị", "Xét đề nghị", "Xét")
"""Verbs whose lines give entries only for documents cited with a number."""

_VERB_LINE = re.compile(
    r"[^\S\n]*(?:[-–•+*ˆ˜^~`'‘’,.][^\S\n]*)?(?P<verb>" + longest_first(BASIS_VERBS) + r")(?!\w)",
    re.IGNORECASE,
)
"""A preamble line: the verb, after a bullet or one speck a scan left in the margin
("ˆ Căn cứ Nghị định số 96/2022/NĐ-CP …" in 06-bct)."""
_MISREAD_CAN_CU = re.compile(r"[^\S\n]*(?P<verb>[^\W\d_]{1,4}[^\S\n]+c[ứửừựữuú])[^\S\n]+")
"""A scan's "Căn cứ" whose first word OCR misread ("Nhu cứ Luật …" under a stamp in
288-ttg): taken as "Căn cứ" only when a document's type word follows."""


def _verb_of(text: str, line: re.Match[str]) -> tuple[str, int, int] | None:
    """(canonical verb, start and end of the printed verb in ``text``) when ``line`` opens
    a preamble paragraph."""
    v = _VERB_LINE.match(line.group(0))
    if v is not None:
        verb = _canonical_verb(v.group("verb"))
        return verb, line.start() + v.start("verb"), line.start() + v.end("verb")
    m = _MISREAD_CAN_CU.match(line.group(0))
    if m is not None and type_word_at(text, line.start() + m.end(), line.end()) is not None:
        return "Căn cứ", line.start() + m.start("verb"), line.start() + m.end("verb")
    return None


_BODY_MARKER = re.compile(
    r"[ \t]*(?:"
    r"(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|BAN HÀNH|NGHỊ QUYẾT|KẾT LUẬN|CHỈ THỊ|QUY ĐỊNH)[ \t]*:[ \t]*$"
    r"|Điều[ \t]+1(?!\d)"
    r"|[IVXLC]+[ \t]*[.\-–][ \t]"
    r"|(?:PHẦN|Phần)[ \t]+(?:[IVX]+|thứ|MỞ ĐẦU|MỘT|1)(?!\w)"
    r"|(?:Chương|CHƯƠNG)[ \t]+(?:[IVX]+|1)(?!\w)"
    r")"
)
_INTRO_END = re.compile(r"như sau\s*:\s*$")
_ENDS_CLAUSE = re.compile(r"[;.:]\s*$")
_CLAUSE = re.compile(r"[^;]*")
_LIST_GAP = re.compile(r"(?:[;,]|\svà)\s*$|^\s*vào\s*$")
_AFTER_VERB = re.compile(r"\s+(?:vào\s+)?")


@dataclass(slots=True)
class PreambleParagraph:
    """One preamble paragraph: its verb (canonical) and span in ``view.text``, where the
    printed verb ends (``verb_end``); ``cited`` is filled later."""

    verb: str
    start: int
    end: int
    verb_end: int
    cited: list[FoundCitation] = field(default_factory=list)


def find_preamble(text: str, body_start: int) -> list[PreambleParagraph]:
    """The preamble's paragraphs (see the module docstring for where it starts and ends)."""
    paras: list[PreambleParagraph] = []
    prev_line = ""
    # The first verb line, unless a body marker comes first.
    first: re.Match[str] | None = None
    line_re = re.compile(r"(?m)^[^\n]*\S[^\n]*$")
    for m in line_re.finditer(text, body_start):
        line = m.group(0)
        if _BODY_MARKER.match(line):
            return []
        if _verb_of(text, m) is not None:
            first = m
            break
    if first is None:
        return []
    prev_end = first.start()
    for m in line_re.finditer(text, first.start()):
        line = m.group(0)
        if _BODY_MARKER.match(line):
            break
        v = _verb_of(text, m)
        if v is not None:
            paras.append(PreambleParagraph(v[0], v[1], m.end(), v[2]))
        elif paras and (not _ENDS_CLAUSE.search(prev_line) or line.lstrip()[:1].islower()):
            paras[-1].end = m.end()  # a wrapped line or a page break inside the paragraph
        elif paras and _next_document_in_block(text, prev_end, m):
            paras[
                -1
            ].end = m.end()  # "…năm 2015;\nLuật Sửa đổi, bổ sung …": one verb, several lines
        else:
            break
        prev_line = line
        prev_end = m.end()
        if _INTRO_END.search(line):
            break
    return paras


def _next_document_in_block(text: str, prev_end: int, line: re.Match[str]) -> bool:
    """A line of the same layout block (no blank line before it) that starts with a
    document type word continues the verb's list even after ";":

    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
    Luật Sửa đổi, bổ sung một số điều … ngày 22 tháng 11 năm 2019;"
    """
    if "\n\n" in text[prev_end : line.start()]:
        return False
    start = line.start() + len(line.group(0)) - len(line.group(0).lstrip())
    return type_word_at(text, start, line.end()) is not None


def _canonical_verb(printed: str) -> str:
    for v in BASIS_VERBS:
        if printed.lower() == v.lower():
            return v
    return printed


def _unnumbered_entry(text: str, para: PreambleParagraph) -> FoundCitation | None:
    """ "Thực hiện chương trình phối hợp giữa …;": a document named right after the verb."""
    gap = _AFTER_VERB.match(text, para.verb_end, para.end)
    s = gap.end() if gap is not None else para.verb_end
    word = type_word_at(text, s, para.end)
    if word is None:
        return None
    clause = _CLAUSE.match(text, s, para.end)
    printed = text[s : clause.end() if clause is not None else para.end].rstrip(" \t\n.,:")
    if len(printed) <= len(word.group(0)):
        return None
    name = squash_breaks(printed)
    return FoundCitation(
        raw=name,
        start=s,
        end=s + len(printed),
        doc_type=type_name_for_word(word.group(0)),
        doc_type_raw=word.group(0),
        name=name,
    )


def _warn_for(
    c: Citation, found: FoundCitation, field_name: str, doc_date: str | None
) -> list[Warning]:
    """Warnings about one citation; ``field_name`` is its path ("legal_basis[2]", or the
    list "references" for a citation kept in none) and each warning names the field."""
    out: list[Warning] = []
    listed = field_name.endswith("]")
    if "invalid_date" in found.errors:
        out.append(
            Warning(
                code="invalid_date",
                page=c.page,
                field=f"{field_name}.date" if listed else field_name,
                message=f"invalid date '{c.date_raw}' in citation '{c.raw[:120]}'",
            )
        )
    if "unparsed_number" in found.errors:
        out.append(
            Warning(
                code="unparsed_number",
                page=c.page,
                field=f"{field_name}.number" if listed else field_name,
                message=f"number '{found.number_raw}' does not parse in '{c.raw[:120]}'",
            )
        )
    if doc_date and c.date and c.date > doc_date:
        out.append(
            Warning(
                code="citation_after_document",
                page=c.page,
                field=f"{field_name}.date" if listed else field_name,
                message=f"cited date {c.date} is after the document's date {doc_date}",
            )
        )
    return out


def _listed(text: str, para: PreambleParagraph, c: FoundCitation) -> bool:
    """A law cited by title (no number) counts when it has a full date or heads a list item:
    right after the verb, or after ";", "," or "và" ("Căn cứ Luật A; Luật B;")."""
    if (c.date is not None and c.date.full) or "unparsed_number" in c.errors:
        return True
    before = text[para.verb_end : c.start]
    return not before.strip() or _LIST_GAP.search(before) is not None


_SUBJECT_RUNS_ON = re.compile(r"\s*(?:tại\s*)?$")
_AMENDED_BY = re.compile(r"(?<!\w)bởi$")


def _inside_subject(text: str, prev: FoundCitation, c: FoundCitation) -> bool:
    """``c`` is named inside ``prev``'s subject: the subject runs up to it ("… hướng dẫn
    thi hành một số quy định của Nghị định số 61/2018/NĐ-CP", "… quy định tại Nghị
    định số …"). Not when the subject ends in "bởi" (an amendment counts)."""
    if prev.subject is None or prev.end > c.start or _AMENDED_BY.search(prev.subject):
        return False
    return _SUBJECT_RUNS_ON.match(text, prev.end, c.start) is not None


def _is_own_number(c: FoundCitation, own: DocNumber | None, body_start: int) -> bool:
    """The document's own number in its header (by span when known, else before the body)."""
    if own is not None and own.span is not None and c.number is not None:
        if c.canonical == own.canonical and c.start < body_start:
            return True  # named again above the body (a web page's title and breadcrumb)
        return c.canonical == own.canonical and c.start <= own.span[1] and own.span[0] <= c.end
    if c.start >= body_start:
        return False
    return c.canonical == own.canonical if own is not None else c.doc_type_raw is None


@lru_cache(maxsize=1)
def types_without_preamble() -> frozenset[str]:
    """Document types with no preamble (``without_preamble`` in ``data/doc_types.json``):
    a Công văn or a Thông báo answers "Xét đề nghị … tại Báo cáo số …" in its body."""
    return frozenset(doc_types_file().get("without_preamble", []))


def parse_legal_basis(
    view: TextView,
    *,
    body_start: int,
    doc_date: str | None,
    doc_number: DocNumber | None,
    doc_type: str | None = None,
) -> tuple[list[Citation], list[Citation], list[Warning]]:
    """(legal_basis, references, warnings) of one document; see the module docstring.

    A document of a type without preamble (``doc_type`` "Công văn", "Thông báo") has no
    legal basis: what it cites are references."""
    text = view.text
    found = find_citations(text)
    paras = [] if doc_type in types_without_preamble() else find_preamble(text, body_start)
    in_basis: set[int] = set()
    for p in paras:
        p.cited = [c for c in found if p.start <= c.start < p.end]

    basis: list[Citation] = []
    refs: list[Citation] = []
    warnings: list[Warning] = []
    # A document cited again later in the preamble is one entry; the key keeps the type
    # word so that "Quy chế … kèm theo Quyết định số 720-QĐ/TU" and "Quyết định số
    # 720-QĐ/TU" stay two entries.
    seen: set[tuple[str | None, str]] = set()
    for index, p in enumerate(paras):
        entries: list[FoundCitation] = []
        for prev, c in zip([None, *p.cited], p.cited, strict=False):
            if prev is not None and _inside_subject(text, prev, c):
                if (c.doc_type, c.canonical) in seen:
                    in_basis.add(c.start)  # a basis named again: neither entry nor reference
                continue  # else a reference (below), not a basis
            in_basis.add(c.start)
            if c.number is None and (p.verb in NUMBERED_ONLY_VERBS or not _listed(text, p, c)):
                continue
            if c.canonical is not None:
                if (c.doc_type, c.canonical) in seen:
                    continue
                seen.add((c.doc_type, c.canonical))
            entries.append(c)
        if not p.cited and p.verb not in NUMBERED_ONLY_VERBS:
            extra = _unnumbered_entry(text, p)
            if extra is not None:
                entries.append(extra)
        for c in entries:
            rec = _to_citation(c, view, verb=p.verb)
            rec.paragraph = index
            basis.append(rec)
            warnings.extend(_warn_for(rec, c, f"legal_basis[{len(basis) - 1}]", doc_date))

    for c in found:
        if c.start in in_basis or (c.number is None and "unparsed_number" not in c.errors):
            continue
        if _is_own_number(c, doc_number, body_start):
            continue
        rec = _to_citation(c, view)
        if c.number is not None:
            refs.append(rec)
        where = f"references[{len(refs) - 1}]" if c.number is not None else "references"
        warnings.extend(_warn_for(rec, c, where, doc_date))
    return basis, refs, warnings
