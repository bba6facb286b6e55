r"""Regex alternations built from word lists (vocabularies kept as data elsewhere).

An alternation lists the longest words first, so that "Xét đề nghị" wins over "Xét"
at the same place.

>>> re.match(longest_first(["Xét", "Xét đề nghị"]), "Xét đề nghị của Sở Tư pháp").group(0)
'Xét đề nghị'
>>> bool(re.fullmatch(longest_first(["Trên đây"], wrap_spaces=True), "Trên\nđây"))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def longest_first(words: Iterable[str], *, wrap_spaces: bool = False) -> str:
    """``words`` escaped and joined with ``|``, longest first, each word once; with
    ``wrap_spaces`` the space between two words may be any white space, a line break
    too ("Trong quá trình" / "thực hiện" wrapped by the layout)."""
    escaped = (re.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))
    if wrap_spaces:
        return "|".join(e.replace(r"\ ", r"\s+") for e in escaped)
    return "|".join(escaped)
