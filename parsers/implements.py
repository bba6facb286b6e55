"""What a plan implements: ``Document.implements``.

A Kế hoạch or Chương trình that says "Thực hiện Nghị quyết số …" in its preamble, or whose
title reads "Triển khai Chương trình hành động …" / "thực hiện Nghị quyết số …", keeps the
cited documents as ``implements`` (the cited identity: type, number, date, issuer, with
page and span), for the register and the document graph. Verbs are data
(``parsers/data/implements.json``). Preamble citations keep their record; a title citation
is read with :func:`vanban.parsers.citations.find_citations` over the title's span; one
number is listed once.

>>> from vanban.models.document import Citation
>>> basis = [Citation(raw="Nghị quyết số 57-NQ/TW", number="57-NQ/TW", verb="Thực hiện"),
...          Citation(raw="Luật Mặt trận …", verb="Căn cứ")]
>>> [c.number for c in implemented(basis)]
['57-NQ/TW']
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from vanban.extract.hygiene import text_key
from vanban.models.document import Citation, SourceRef
from vanban.parsers.citations import find_citations, to_citation
from vanban.parsers.textview import TextView

VERBS_FILE = Path(__file__).parent / "data" / "implements.json"


@cache
def _verbs() -> tuple[str, ...]:
    raw = json.loads(VERBS_FILE.read_text(encoding="utf-8"))
    return tuple(text_key(v) for v in raw["verbs"])


def _is_implementing(verb: str | None) -> bool:
    key = text_key(verb or "")
    return any(key.startswith(v) for v in _verbs())


def _title_opens_with_verb(title: str) -> bool:
    key = text_key(re.sub(r"^\s*(?:Kế hoạch|KẾ HOẠCH|Chương trình)\s+", "", title))
    return any(key.startswith(v) for v in _verbs())


def implemented(
    legal_basis: list[Citation],
    *,
    title: str | None = None,
    title_source: SourceRef | None = None,
    view: TextView | None = None,
) -> list[Citation]:
    """Citations the document implements (see the module)."""
    out = [c for c in legal_basis if _is_implementing(c.verb)]
    if title and view is not None and _title_opens_with_verb(title):
        span = title_source.span if title_source is not None else None
        if span is not None:
            a, b = span
            for found in find_citations(view.text[a:b], base=a):
                c = to_citation(found, view, verb="title")
                if not c.number:
                    continue
                same = next((i for i, o in enumerate(out) if o.number == c.number), None)
                if same is None:
                    out.append(c)
                elif out[same].date is None and c.date is not None:
                    out[same] = c  # the title states its date and issuer, the preamble not
    return out
