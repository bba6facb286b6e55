"""When two printed issuers name the same body (for ``issuer_mismatch`` / ``header_mismatch``).

Keys come from :func:`vanban.checks.records.issuer_key` (``agency_key`` then diacritics
folded). Equal keys, or one key continuing the other ("uy ban nhan dan tinh" /
"uy ban nhan dan tinh son la"), are the same body; a header umbrella ("TỈNH ỦY ĐIỆN
BIÊN") covers its organs ("Ban Thường vụ Tỉnh ủy"): ``checks/data/issuer_families.json``.

>>> same_issuer("ban thuong vu tinh uy", "ban thuong vu tinh uy dien bien")
True
>>> same_issuer("ban bi thu", "bo chinh tri")
False
>>> header_covers("tinh uy dien bien", "ban thuong vu tinh uy")
True
>>> same_issuer("bo tai chinh", "bo truong bo tai chinh")
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from vanban.parsers.vocabulary import issuer_families


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return issuer_families()


def _umbrellas() -> dict[str, list[str]]:
    umbrellas: dict[str, list[str]] = _data()["umbrellas"]
    return umbrellas


def comparable(key: str) -> bool:
    """False for printed 'issuers' that name no body: 'cac co quan' ("của các cơ quan").

    >>> comparable("bo chinh tri"), comparable("cac co quan")
    (True, False)
    """
    return bool(key) and key.split(" ", 1)[0] not in _data()["not_issuers"]


def body_of(key: str) -> str:
    """'bo truong bo tai chinh' → 'bo tai chinh': a head of a body issues for the body."""
    for head in _data()["heads"]:
        if key.startswith(head + " ") and len(key) > len(head) + 1:
            return key[len(head) + 1 :]
    return key


def _continues(a: str, b: str) -> bool:
    """True when one key is the other plus more words."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long == short or long.startswith(short + " ")


def _umbrella_of(key: str) -> str | None:
    for umbrella in _umbrellas():
        if _continues(umbrella, key) and len(key) >= len(umbrella):
            # "tinh uy dien bien" starts with the umbrella "tinh uy"
            return umbrella
    return None


def _organ_of(umbrella: str, key: str) -> bool:
    return any(_continues(organ, key) for organ in _umbrellas()[umbrella])


@lru_cache(maxsize=65536)
def same_issuer(a: str, b: str) -> bool:
    """Two cited issuers name one body (an umbrella name covers each of its organs)."""
    if not a or not b or _continues(a, b):
        return True
    a, b = body_of(a), body_of(b)
    if _continues(a, b):
        return True
    for x, y in ((a, b), (b, a)):
        umbrella = _umbrella_of(x)
        if umbrella is not None and not _organ_of_other(umbrella, x) and _organ_of(umbrella, y):
            return True
    return False


def _organ_of_other(umbrella: str, key: str) -> bool:
    """'ban thuong vu tinh uy' is an organ, not the umbrella 'tinh uy' itself."""
    return any(organ != umbrella and _continues(organ, key) for organ in _umbrellas()[umbrella])


def header_covers(header: str, cited: str) -> bool:
    """A header issuer is compatible with how a citation names the issuer."""
    if same_issuer(header, cited):
        return True
    umbrella = _umbrella_of(header)
    return umbrella is not None and _organ_of(umbrella, cited)
