"""Signature blocks and the "Nơi nhận:" list at the end of the main document.

A signature block, top to bottom (DOMAIN.md, part 6)::

    TM. ỦY BAN NHÂN DÂN          ← authority prefix + organization
    KT. CHỦ TỊCH                  ← a further prefix + the head's position
    PHÓ CHỦ TỊCH                  ← the signer's position
    (Đã ký)                       ← skipped
    Nguyễn Văn An                 ← the name: 2–5 syllables in title case

Prefixes "TM."/"T/M"/"T.M", "KT."/"K/T", "TL.", "TUQ.", "Q." are normalised to TM,
KT, TL, TUQ, Q. ``authority`` is the last (innermost) prefix, the one under which
the person signs ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH" → KT); ``authority_raw`` keeps
every printed prefix in order ("T/M K/T"). Without a prefix the capital lines
before the position are the organization ("BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY" /
"TRƯỞNG BAN"). Joint documents have several blocks, side by side (table cells) or
one after the other; each name closes a block.

The main document ends before an appendix ("PHỤ LỤC", "PHỤ BIỂU").

"Nơi nhận:" entries are the printed "- …;" items, without the mark and the final
";"/".". Decision (gold ``seed004``): a label printed after a tab or a wide gap, right
of a brace that groups several entries ("- Ban công tác phía Nam MTTW;<tab>Để b/cáo",
"- Ủy ban MTTQ Việt Nam cấp huyện;<tab>Thực hiện"), annotates the group, not the line
it happens to share: it is not part of any entry (and the output has no field for
it). A note inside the entry, before its ";", is printed as part of it and kept:
"- Thường trực Tỉnh ủy (b/c);" → "Thường trực Tỉnh ủy (b/c)".

>>> from vanban.models.layout import Block, LayoutDocument, Page
>>> doc = LayoutDocument(format="txt", pages=[Page(number=1, items=[
...     Block(page=1, text="TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH"),
...     Block(page=1, text="Nguyễn Văn An")])])
>>> s = parse_signers(doc, TextView.build(doc))[0][0]
>>> (s.authority, s.authority_raw, s.organization, s.position, s.name)
('KT', 'TM. KT.', 'ỦY BAN NHÂN DÂN', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn An')
"""

from __future__ import annotations

import re

from vanban.extract.hygiene import squash_spaces, text_key
from vanban.models.document import Signer, SourceRef, Warning
from vanban.models.layout import LayoutDocument, Table
from vanban.parsers.header import Header, TextLine, item_lines, source_of, sub_line
from vanban.parsers.textview import TextView, union

TAIL_ITEMS = 30
"""Without a "Nơi nhận:" anchor, signature blocks lie within the last items of the main document."""

MAX_SIGNATURE_COLS = 3
"""Tables with more columns hold tasks, not signatures."""

REGION_BEFORE = 12
REGION_AFTER = 12
"""Items before and after the "Nơi nhận:" item that may hold signature blocks."""

AUTHORITIES: dict[str, str] = {
    "TM": "TM",
    "T/M": "TM",
    "T.M": "TM",
    "KT": "KT",
    "K/T": "KT",
    "K.T": "KT",
    "TL": "TL",
    "T/L": "TL",
    "TUQ": "TUQ",
    "TƯQ": "TUQ",
    "Q": "Q",
}
"""Printed authority prefixes (without the final dot) → normalised code."""

POSITIONS: tuple[str, ...] = (
    "CHỦ TỊCH",
    "BÍ THƯ",
    "TRƯỞNG BAN",
    "GIÁM ĐỐC",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "THỦ TƯỚNG",
    "CHÁNH VĂN PHÒNG",
    "CHÁNH THANH TRA",
    "CHÁNH ÁN",
    "VIỆN TRƯỞNG",
    "TRƯỞNG PHÒNG",
    "CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
    "TỔNG CỤC TRƯỞNG",
    "TỔNG GIÁM ĐỐC",
    "TRƯỞNG ĐOÀN",
    "ỦY VIÊN",
    "UỶ VIÊN",
    "TỔNG BÍ THƯ",
    "HIỆU TRƯỞNG",
    "TỔNG THƯ KÝ",
    "TRƯỞNG TIỂU BAN",
    "CHỦ NHIỆM",
    "TRƯỞNG KHOA",
    "TỔNG BIÊN TẬP",
    "TRƯỞNG CÔNG AN",
    "PHÓ",
    "Q.",
    "CHỦ TỊCH NƯỚC",
)
"""Position words a signer's position line starts with ("PHÓ …" covers deputies)."""

SKIP_LINES = re.compile(
    r"^\s*[(\[]?\s*(?:đã ký|ký tên|ký,|ký và|signed|daky|chữ ký|đóng dấu)[^)\]]*[)\]]?\s*$",
    re.IGNORECASE,
)
_AUTH_RE = re.compile(
    r"^\s*(?P<a>T\s*/\s*M|T\.M|TM|K\s*/\s*T|K\.T|KT|T/L|TL|TUQ|TƯQ|Q)\s*\.?\s*(?=[A-ZĐÀ-Ỹ])"
    r"(?P<rest>.*)$"
)
_APPENDIX_RE = re.compile(r"^\s*(?:PHỤ LỤC|PHỤ BIỂU|Phụ lục\s+[IVX\d])")
_NOT_NAMES = frozenset(text_key(w) for w in ("Nơi nhận", "Như trên", "Lưu", "Kính gửi", "Đã Ký"))
_ATTACHED_RE = re.compile(r"^\s*\((?:Ban hành |ban hành )?[Kk]èm theo\b")
_FLAT_CUT_RE = re.compile(r"(?<=\S)\s+(?=(?:T/M|TM|K/T|KT|TL|TUQ)\.?\s|PHÓ\s)")
_RECIPIENTS_RE = re.compile(r"^\s*N[ơo]i\s+nh[ậa]n\s*:?", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*[-+•–]\s*")
_INLINE_ITEMS = re.compile(r"(?<=[;,.])\s+(?=[-+•–]\s)")
_AFTER_SEMICOLON = re.compile(r";\s+[^\s\-+•–].*$")
_SIDE_NOTE = re.compile(r"\s{3,}\S.*$")


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def is_name(text: str) -> bool:
    """A Vietnamese personal name in title case, 2–5 syllables ("Vừ A Bằng").

    >>> is_name("Lò Thị Minh Phượng"), is_name("Nơi nhận"), is_name("PHÓ CHỦ TỊCH")
    (True, False, False)
    """
    words = text.split()
    return (
        2 <= len(words) <= 5
        and all(_is_name_syllable(w) for w in words)
        and text_key(text) not in _NOT_NAMES
        and not _is_upper(text)
    )


def _is_name_syllable(word: str) -> bool:
    """'Phượng', 'A' (a one-letter syllable), not 'nhận' nor 'VIỆT'."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _main_tail(layout: LayoutDocument, view: TextView) -> list[TextLine]:
    """Lines around the end of the main document.

    The main document ends before an appendix ("PHỤ LỤC", "PHỤ BIỂU") or an attached
    document ("(Kèm theo …)", "(Ban hành kèm theo …)"). When a "Nơi nhận:" line exists
    before that end, the region is the items around its first occurrence; otherwise
    the last :data:`TAIL_ITEMS` items before the end.
    """
    spans = view.items
    end = len(spans)
    for i, span in enumerate(spans):
        if i < 3:
            continue
        text = view.text[span.start : span.end]
        first = text.split("\n", 1)[0]
        if _APPENDIX_RE.match(first):
            end = i
            break
        if _ATTACHED_RE.match(first):
            end = max(i - 2, 0)  # the attached document's type and title lines come first
            break
    anchor = None
    for i in range(end):
        span = spans[i]
        text = view.text[span.start : span.end]
        if any(_RECIPIENTS_RE.match(ln) for ln in re.split(r"[\n\t]", text)):
            anchor = i
            break
    if anchor is not None:
        window = spans[max(0, anchor - REGION_BEFORE) : min(end, anchor + REGION_AFTER)]
    else:
        window = spans[max(0, end - TAIL_ITEMS) : end]
    widths = {p.number: p.width for p in layout.pages if p.width}
    lines: list[TextLine] = []
    for span in window:
        item = span.item
        if isinstance(item, Table) and item.n_cols > MAX_SIGNATURE_COLS:
            continue  # a task table, not a signature table
        for line in item_lines(view, span, widths):
            lines.extend(_split_flat_signature(line))
    return lines


def _split_flat_signature(line: TextLine) -> list[TextLine]:
    """A signature block flattened onto one line (Markdown cells, joined lines):
    "TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Trần Hồng Hà" → its printed lines.
    """
    words = list(re.finditer(r"\S+", line.text))
    n_name = 0
    for k in range(min(5, len(words) - 1), 1, -1):
        if is_name(" ".join(w.group(0) for w in words[-k:])):
            n_name = k
            break
    if not n_name:
        return [line]
    up_words = [w for w in words[:-n_name] if not SKIP_LINES.match(w.group(0))]
    if not up_words or not _is_upper(" ".join(w.group(0) for w in up_words)):
        return [line]
    up_end = up_words[-1].end()
    cuts = [0, *(c.start() for c in _FLAT_CUT_RE.finditer(line.text, 0, up_end)), up_end]
    pieces: list[TextLine] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        sub = sub_line(line, a, b)
        if sub is None:
            continue
        # "KT. BỘ TRƯỞNG THỨ TRƯỞNG": the head's position, then the signer's.
        m = _AUTH_RE.match(sub.text)
        head = _position_prefix(m.group("rest")) if m is not None else None
        if m is not None and head and m.group("rest").strip() != head:
            cut = sub.start - line.start + m.start("rest") + len(head)
            first, second = sub_line(line, a, cut), sub_line(line, cut, b)
            pieces.extend(p for p in (first, second) if p is not None)
        else:
            pieces.append(sub)
    name = sub_line(line, words[-n_name].start(), words[-1].end())
    if len(pieces) < 1 or name is None:
        return [line]
    return [*pieces, name]


def _stream_key(line: TextLine) -> int:
    """The column a line belongs to: its table column, or for boxed lines outside
    tables the half of the page (PDF: names printed under a signature table); lines
    without either share stream -1."""
    if line.cell is not None:
        return line.cell[1]
    if line.bbox is not None and line.col is not None:
        return line.col
    return -1


def _position_start(text: str) -> bool:
    t = text.strip()
    return any(
        t == p or t.startswith(p + " ") or t.startswith(p) and p.endswith(".") for p in POSITIONS
    )


def _is_signature(upper: list[TextLine]) -> bool:
    """Capital lines that can head a signature: an authority prefix or a position."""
    return any(_AUTH_RE.match(ln.text) or _position_start(ln.text) for ln in upper)


def _position_prefix(text: str) -> str | None:
    """The longest position word at the start of ``text`` ("BỘ TRƯỞNG" of "BỘ TRƯỞNG THỨ …")."""
    t = text.strip()
    best = None
    for p in POSITIONS:
        if (t == p or t.startswith(p + " ")) and (best is None or len(p) > len(best)):
            best = p
    return best


def _build_signer(upper: list[TextLine], name: TextLine | None) -> Signer:
    auths: list[str] = []
    org: list[str] = []
    pos: list[str] = []
    head_position: str | None = None
    for line in upper:
        text = line.text.strip()
        m = _AUTH_RE.match(text)
        if m is not None and not pos:
            code = AUTHORITIES.get(re.sub(r"\s+", "", m.group("a")))
            if code is not None:
                raw_prefix = text[: m.start("rest")].strip()
                auths.append(raw_prefix)
                rest = m.group("rest").strip()
                if code == "TM":
                    if rest:
                        org.append(rest)
                else:
                    head_position = rest or head_position
                continue
        if pos or _position_start(text):
            pos.append(text)
        else:
            org.append(text)
    if not pos and head_position:
        pos = [head_position]
    if not pos and len(org) > 1:
        pos = [org.pop()]
    lines = [*upper, *([name] if name else [])]
    src = source_of(lines)
    codes = [AUTHORITIES[re.sub(r"\s+|\.$", "", a)] for a in auths]
    return Signer(
        name=name.text.strip() if name else None,
        position=" ".join(pos) or None,
        authority=codes[-1] if codes else None,
        authority_raw=" ".join(auths) or None,
        organization=" ".join(org) or None,
        page=src.page,
        bbox=src.bbox,
    )


def parse_signers(layout: LayoutDocument, view: TextView) -> tuple[list[Signer], list[Warning]]:
    """Signature blocks near the end of the main document, in reading order."""
    lines = _main_tail(layout, view)
    streams: dict[int, list[TextLine]] = {}
    order: list[int] = []
    for line in lines:
        key = _stream_key(line)
        if key not in streams:
            streams[key] = []
            order.append(key)
        streams[key].append(line)
    found: list[tuple[int, Signer]] = []
    for key in order:
        pending: list[TextLine] = []
        for line in streams[key]:
            text = line.text.strip()
            if not text or SKIP_LINES.match(text):
                continue
            if _RECIPIENTS_RE.match(text):
                pending = []
                continue
            if _is_upper(text) and len(text) <= 120:
                pending.append(line)
                continue
            if pending and is_name(text) and _is_signature(pending):
                found.append((pending[0].start, _build_signer(pending, line)))
            pending = []
        if pending and any(_AUTH_RE.match(p.text) or _position_start(p.text) for p in pending):
            # A block whose name is missing (unsigned draft, or a name in another cell).
            if found and found[-1][1].name is None:
                pass
            found.append((pending[0].start, _build_signer(pending, None)))
    found.sort(key=lambda p: p[0])
    signers = [s for _, s in found if s.name or s.position]
    warnings: list[Warning] = []
    if not signers:
        warnings.append(
            Warning(code="signers_not_found", message="no signature block found", field="signers")
        )
    for s in signers:
        if s.name is None:
            warnings.append(
                Warning(
                    code="signer_name_missing",
                    message=f"no name under {s.position!r}",
                    page=s.page,
                    field="signers",
                )
            )
    return signers, warnings


def parse_recipients(
    layout: LayoutDocument, view: TextView
) -> tuple[list[str], SourceRef | None, list[Warning]]:
    """The "Nơi nhận:" list: one entry per "- …;" line, printed text without the
    leading "- " and the trailing ";"/"."; a line without a mark continues the entry
    above; a side note far to the right ("Để b/cáo") is not part of an entry.
    """
    lines = _main_tail(layout, view)
    start_at = None
    for i in range(len(lines) - 1, -1, -1):
        if _RECIPIENTS_RE.match(lines[i].text):
            start_at = i
            break
    if start_at is None:
        return [], None, []
    head = lines[start_at]
    entries: list[str] = []
    used: list[TextLine] = []
    first_rest = _RECIPIENTS_RE.sub("", head.text, count=1).strip()
    candidates: list[tuple[str, TextLine]] = [(first_rest, head)] if first_rest else []
    for line in lines[start_at + 1 :]:
        if head.cell is not None and line.cell != head.cell:
            continue  # another cell
        if head.cell is None and (line.col or 0) > (head.col or 0):
            continue  # a side note printed to the right ("Để b/cáo"), or the signature
        candidates.append((line.text, line))
    has_marks = any(_LIST_MARK.match(t) for t, _ in candidates)
    for text, line in candidates:
        text = _SIDE_NOTE.sub("", text.rstrip())
        if not text.strip():
            continue
        if SKIP_LINES.match(text) or _is_upper(text) or is_name(text.strip()):
            break
        if entries and text_key(entries[-1]).startswith("lưu"):
            break  # "Lưu: VT, …" closes the list
        parts = [p for p in _INLINE_ITEMS.split(text) if p.strip()]
        if has_marks:
            # "- Ủy ban MTTQ Việt Nam cấp huyện; Thực hiện": a note after the entry's ";"
            parts = [_AFTER_SEMICOLON.sub(";", p) for p in parts]
        for k, part in enumerate(parts):
            if k == 0 and has_marks and not _LIST_MARK.match(part) and entries:
                entries[-1] = entries[-1].rstrip() + " " + part.strip()
            else:
                entries.append(_LIST_MARK.sub("", part, count=1).strip())
        used.append(line)
    cleaned = [squash_spaces(re.sub(r"[\s;,.]*(?:\./\.|/\.)?[\s;.]*$", "", e)) for e in entries]
    cleaned = [c for c in cleaned if c]
    lines_used = [head, *used]
    src = source_of(lines_used)
    src = SourceRef(
        page=src.page, bbox=union([ln.bbox for ln in lines_used if ln.bbox]), span=src.span
    )
    warnings: list[Warning] = []
    if not cleaned:
        warnings.append(
            Warning(
                code="recipients_empty",
                message="'Nơi nhận:' with no entries",
                page=head.page,
                field="recipients",
            )
        )
    return cleaned, src, warnings


def issuers_from_signers(header: Header, signers: list[Signer]) -> None:
    """The issuer when the header prints none: the organisations of the signature blocks
    ("TM. BAN THƯỜNG VỤ" / "ỦY BAN MTTQ VIỆT NAM TỈNH"); only when ``header.issuers`` is
    empty, never over a printed issuer."""
    if header.issuers:
        return
    orgs = [s for s in signers if s.organization]
    if orgs:
        header.issuers = [s.organization for s in orgs if s.organization]
        first = orgs[0]
        header.sources["issuers"] = SourceRef(page=first.page, bbox=first.bbox)
