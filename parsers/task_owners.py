"""Who does a prose task: lead, partners and focal units stated in the item's sentence.

:func:`sentence_roles` reads the first sentence of an item (and a body before a colon):

* "Sở Tư pháp: Phối hợp với …" (a body before a colon) → lead;
* "Giao Sở X chủ trì …", "Giao X là đầu mối …" (focal unit), "Đề nghị X …",
  "X có trách nhiệm …", "X chủ trì, phối hợp với Y …", "X phối hợp với Y …";
* "Hai bên", "hai cơ quan", "các bên ký kết" as the subject → the document's issuers.

Where a body's name ends is read with the EntityRuler of :mod:`vanban.parsers.nlp`
(bodies of ``parsers/data/agencies.jsonl``, generic ones such as "các sở, ban, ngành"
included) when it finds one at the place the pattern expects, else at the first verb or
punctuation outside parentheses (:data:`PARTNER_LIST_ENDS`). The patterns' words are in
``parsers/data/task_owner_patterns.json``.

>>> sentence_roles("Giao Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ triển khai.")
{'lead': ['Sở Tư pháp'], 'partners': ['Sở Nội vụ']}
>>> sentence_roles("Hai bên phối hợp tổ chức sơ kết.", issuers=["SỞ A", "SỞ B"])
{'lead': ['SỞ A', 'SỞ B']}
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from vanban.parsers.agencies import BODY_STARTS, NOT_A_BODY_AFTER, find_agencies, split_bodies
from vanban.parsers.alternation import longest_first

PATTERNS_FILE = Path(__file__).parent / "data" / "task_owner_patterns.json"


@cache
def _vocabulary() -> dict[str, list[str]]:
    raw = json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if isinstance(v, list)}


@cache
def _body_head() -> re.Pattern[str]:
    starts = BODY_STARTS + tuple(_vocabulary()["extra_body_starts"])
    return re.compile(r"^(?:" + longest_first(starts) + r")(?!\w)")


def starts_like_body(text: str) -> bool:
    """'Sở Tư pháp …', 'Ban Thường trực …', 'Tổ đảng ở …' start like the name of a body
    ("Các cuộc vận động …", "Hội nghị …" do not: :data:`NOT_A_BODY_AFTER`).

    >>> starts_like_body("Các sở, ban, ngành"), starts_like_body("Các nội dung phối hợp")
    (True, False)
    """
    text = text.strip()
    m = _body_head().match(text)
    if m is None:
        return False
    nxt = re.match(r"[\s,]*(\w+)", text[m.end() :])
    word = m.group(0)[:1].upper() + m.group(0)[1:]
    stops = NOT_A_BODY_AFTER.get(word, ()) + tuple(_vocabulary_map().get(word, ()))
    return not (nxt and nxt.group(1) in stops)


@cache
def _vocabulary_map() -> dict[str, list[str]]:
    raw = json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))
    return dict(raw.get("not_a_body_after", {}))


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    v = _vocabulary()
    ends = "|".join(re.escape(w) for w in v["partner_list_ends"])
    return {
        "giao": re.compile(
            r"\b(?:Giao|giao)\s+(?P<who>.+?)\s+(?P<verb>"
            + longest_first(tuple(v["giao_verbs"]))
            + r")\b"
        ),
        "request": re.compile(
            r"^(?:" + longest_first(tuple(v["request_openers"])) + r")\s+(?P<who>\S)"
        ),
        "duty": re.compile(
            r"(?<!các)(?<!Các)(?<!những)\s(?:" + longest_first(tuple(v["duty_verbs"])) + r")\b"
        ),
        "both": re.compile(
            r"^(?:" + longest_first(tuple(v["both_parties"])) + r")(?!\w)", re.IGNORECASE
        ),
        "chu_tri": re.compile(r"\bchủ trì\b", re.IGNORECASE),
        "phoi_hop_voi": re.compile(r"\bphối hợp (?:với|cùng)\s+", re.IGNORECASE),
        "named": re.compile(r"^(?P<who>[^:.;]{3,150}):\s+(?=\S)"),
        "ends": re.compile(
            r"(?<!các)(?<!Các)(?<!những)\s+(?:" + ends + r")\b|[;.:]"
            r"|,(?!\s*(?:ngành|địa phương|đơn vị|cơ quan|các\b|[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ]))"
        ),
    }


def _end_outside_parens(text: str) -> int:
    """Where a list of bodies ends: the first verb or punctuation outside (…)."""
    for m in _regexes()["ends"].finditer(text):
        if text.count("(", 0, m.start()) <= text.count(")", 0, m.start()):
            return m.start()
    return len(text)


def _subject_before(text: str) -> str:
    """The bodies a clause ends with: "Căn cứ …, Bộ A, Bộ B" → "Bộ A, Bộ B"."""
    pieces = re.split(r"(?<=,)\s+", re.split(r"[;:]", text)[-1].strip())
    kept: list[str] = []
    for piece in reversed(pieces):
        if not starts_like_body(piece):
            break
        kept.insert(0, piece)
    return " ".join(kept).strip().rstrip(",")


_JOINERS = re.compile(r"^(?:\s|,|;|và|cùng|với|lãnh đạo|Lãnh đạo)*$")


def _cut_subject_end(text: str) -> str:
    """A list of bodies cut before "theo chức năng …", "trong phạm vi …" (data: subject_ends)."""
    ends = [text.find(w) for w in _vocabulary()["subject_ends"]]
    found = [i for i in ends if i > 0]
    return text[: min(found)] if found else text


def body_list(text: str) -> list[str]:
    """The bodies a heading or a list names, one entry each.

    >>> body_list("Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố")
    ['Các sở, ban, ngành', 'Ủy ban nhân dân các huyện, thành phố']
    """
    return _bodies(text)


def _bodies(text: str) -> list[str]:
    """Bodies of a list cut from a sentence. When the EntityRuler finds bodies that cover
    the list with only "," / ";" / "và" between them, those ("Ban A và Sở B" → two);
    else the list is split as a cell is (:func:`vanban.parsers.agencies.split_bodies`)."""
    text = _cut_subject_end(text).strip().rstrip(",;")
    if not text:
        return []
    found = find_agencies(text)
    if len(found) > 1:
        gaps = [text[: found[0].start]] + [
            text[a.end : b.start] for a, b in zip(found, found[1:], strict=False)
        ]
        tail = text[found[-1].end :]
        if all(_JOINERS.match(g) for g in gaps) and _JOINERS.match(tail):
            return [f.text for f in found]
    return split_bodies(text)


def _is_body_list(text: str) -> bool:
    text = text.strip()
    return starts_like_body(text) or text.lower().startswith("các ")


def _leading_bodies(text: str, start: int) -> tuple[list[str], int] | None:
    """Bodies that open ``text[start:]`` ("các tổ chức thành viên phối hợp …"): those the
    EntityRuler finds there, joined by "," / "và", with where they end; else the list up
    to the first verb or punctuation when it starts like a body."""
    rest = text[start:]
    found = [f for f in find_agencies(rest)]
    chain: list[str] = []
    end = 0
    for f in found:
        if not _JOINERS.match(rest[end : f.start]) or (not chain and f.start > 0):
            break
        chain.append(f.text)
        end = f.end
    if chain:
        return chain, start + end
    if _is_body_list(rest):
        cut = _end_outside_parens(rest)
        return (_bodies(rest[:cut]), start + cut) if cut else None
    return None


def _duty_subject(first: str) -> tuple[str, int] | None:
    """Subject of "X có trách nhiệm …", "X thường xuyên …" and where it ends: the first duty
    verb whose words before it are a list of bodies (two words at least, not ending in "và"),
    or end a clause with one ("Để thể chế hoá …, Đảng đoàn Quốc hội xác định …")."""
    for m in _regexes()["duty"].finditer(first):
        who = first[: m.start()].strip()
        if len(who.split()) < 2 or len(who.split()) > 60 or re.search(r"(?:\bvà|,)$", who):
            continue
        if _is_body_list(who):
            chain = _leading_bodies(who, 0)
            if chain is not None and chain[1] < len(who):
                rest = who[chain[1] :]
                verbs = _vocabulary()["partner_list_ends"]
                if rest[:1].isspace() and any(rest.strip().startswith(v + " ") for v in verbs):
                    return who[: chain[1]], chain[1]  # "Các sở, ban, ngành cập nhật …"
            return who, m.start()
        tail = _subject_before(who)
        if tail and who.endswith(tail) and who[: -len(tail)].rstrip().endswith(","):
            return tail, m.start()
        return None
    return None


def sentence_roles(text: str, *, issuers: list[str] | None = None) -> dict[str, list[str]]:
    """Lead/partners/focal units stated in an item's first sentence (see the module); an
    item whose first line states none ("Bộ Quốc phòng" over its paragraph) is read on."""
    head, _, rest = text.partition("\n")
    found = _line_roles(head, issuers)
    if not found and rest.strip():
        found = _line_roles(rest, issuers)
    return found


def _line_roles(text: str, issuers: list[str] | None) -> dict[str, list[str]]:
    rx = _regexes()
    out: dict[str, list[str]] = {}
    named = rx["named"].match(text)
    if named and starts_like_body(named.group("who")):
        out["lead"] = _bodies(named.group("who"))
        text = text[named.end() :]
    first = re.split(r"(?<=[.;:])\s|\n", text, maxsplit=1)[0]
    first = re.sub(
        r"^(?:Định kỳ(?: hằng năm| hàng năm)?|Hằng năm|Hàng năm|Căn cứ [^,]+),\s*", "", first
    )
    both = rx["both"].match(first)
    if both and issuers and "lead" not in out:
        out["lead"] = list(issuers)
        after = first[both.end() :]
    elif (m := rx["giao"].search(first)) and starts_like_body(m.group("who")):
        role = "focal_units" if "đầu mối" in m.group("verb") else "lead"
        out[role] = _bodies(m.group("who"))
        after = first[m.end() :]
    elif (g := re.match(r"(?:Giao|giao)\s+", first)) and (lead := _leading_bodies(first, g.end())):
        out["lead"] = lead[0]  # "Giao Văn phòng UBND tỉnh nâng cấp …": the verb is not listed
        after = first[lead[1] :]
    elif (r := rx["request"].match(first)) and (lead := _leading_bodies(first, r.start("who"))):
        out.setdefault("lead", lead[0])
        after = first[lead[1] :]
    else:
        verb = rx["chu_tri"].search(first) or rx["phoi_hop_voi"].search(first)
        duty = _duty_subject(first)
        if verb is None and duty is not None:
            out.setdefault("lead", _bodies(duty[0]))
            after = first[duty[1] :]
        elif verb is None:
            return out
        else:
            subject = _subject_before(first[: verb.start()])
            if subject and len(subject.split()) <= 60:
                out.setdefault("lead", _bodies(subject))
            elif first[: verb.start()].strip() and "lead" not in out:
                return out  # "… do Sở X chủ trì": the lead of something else
            after = first[verb.start() :]
    p = rx["phoi_hop_voi"].search(after)
    if p:
        rest = after[p.end() :]
        cut = _end_outside_parens(rest)
        chain = _leading_bodies(rest, 0)
        if chain is not None and chain[1] >= cut:
            out["partners"] = chain[0]
        elif _is_body_list(rest[:cut]):
            out["partners"] = _bodies(rest[:cut])
    return out
