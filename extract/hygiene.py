"""Text hygiene, in one place: printed text cleaned, and comparison keys.

Two different things live here and must not be confused:

* :func:`clean_text` is applied by every reader to the *printed* text: Unicode NFC,
  "Ð" (U+00D0, Icelandic Eth from OCR and old fonts) → "Đ" (U+0110) where it stands
  in Vietnamese text, no-break and zero-width spaces tidied. It never rewrites
  words: "Uỷ" stays "Uỷ".
* :func:`text_key` makes a comparison key: lower case, old and new tone placement
  folded ("Uỷ"/"Ủy", "hoá"/"hóa" give the same key), "Đ"/"Ð" folded, spacing and
  punctuation collapsed. Keys are stored beside printed text, never instead of it.

>>> clean_text("ÐẢNG CỘNG SẢN")
'ĐẢNG CỘNG SẢN'
>>> text_key("Uỷ ban MTTQ") == text_key("Ủy  ban MTTQ")
True
"""

from __future__ import annotations

import re
import unicodedata

_TONE_MARKS = {
    "\u0300": "2",  # huyền
    "\u0301": "1",  # sắc
    "\u0303": "4",  # ngã
    "\u0309": "3",  # hỏi
    "\u0323": "5",  # nặng
}
_ETH_UPPER = "\u00d0"
_ETH_LOWER = "\u00f0"
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_text(text: str) -> str:
    """Printed text made safe to parse without changing its words.

    >>> clean_text("Ðiện Biên\\u00a0ngày")
    'Điện Biên ngày'
    """
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    if _ETH_UPPER in text or _ETH_LOWER in text:
        # In Vietnamese text the Eth is always a mis-encoded Đ/đ.
        text = text.replace(_ETH_UPPER, "Đ").replace(_ETH_LOWER, "đ")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return text


def _syllable_key(word: str) -> str:
    """'Uỷ' → 'uy3', 'Ủy' → 'uy3': base letters, then the tone as a digit."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = ""
    base = []
    for ch in decomposed:
        mark = _TONE_MARKS.get(ch)
        if mark is not None:
            tone = mark
        else:
            base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)).replace("ð", "đ") + tone


def text_key(text: str) -> str:
    """Comparison key: case, tone placement, Đ/Ð, spacing and punctuation folded.

    >>> text_key("Hoá  học") == text_key("hóa học")
    True
    """
    text = unicodedata.normalize("NFC", text)
    return " ".join(_syllable_key(w) for w in _WORD.findall(text))


def strip_diacritics(text: str) -> str:
    """ASCII-ish fold for lenient matching: 'Điện Biên' → 'dien bien'."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("ð", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def squash_spaces(text: str) -> str:
    """Collapse runs of whitespace (including newlines) to one space."""
    return " ".join(text.split())


# --- Vietnamese syllable validity and broken-word rejoining -------------------------

_ONSETS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)
"""Initial consonants, longest first ("qu" is read as q + a rhyme starting with u)."""

_RHYME_LIST = """
    a ac ach ai am an ang anh ao ap at au ay
    ă ăc ăm ăn ăng ăp ăt
    â âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich iêc iêm iên iêng iêp iêt iêu im in inh ip it iu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăp oăt
    oc oe oen oeo oet oi om on ong ooc oong op ot
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uân uâng uât uây uc uê uêch uênh uêu uy uya uych uyên uyêt uyn uynh uyp uyt uyu
    ui um un ung up ut uôc uôi uôm uôn uông uôt uơ
    ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu
"""
_RHYMES = frozenset(_RHYME_LIST.split())
"""Rhymes (vần) without tone: medial + nucleus + coda."""

_STOP_CODAS = ("p", "t", "c", "ch")
_TONE_SAC_NANG = {"\u0301", "\u0323"}
_LETTERS_ONLY = re.compile(r"^[^\W\d_]+$")


def _split_tone(word: str) -> tuple[str, list[str]]:
    """Lower-case word without its tone mark(s), and the tone marks found."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    base = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base).replace("ð", "đ"), tones


def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` is a well-formed Vietnamese syllable: onset + rhyme + one tone.

    Stop codas (-p, -t, -c, -ch) take only the sắc or nặng tone.

    >>> [is_vietnamese_syllable(w) for w in ("Ngoại", "Kết", "BỘ", "Ng", "Kêt", "Kế")]
    [True, True, True, False, False, True]
    >>> [is_vietnamese_syllable(w) for w in ("quan", "quen", "quắt", "quốc", "quoan")]
    [True, True, True, True, False]
    """
    if not word or not _LETTERS_ONLY.match(word):
        return False
    base, tones = _split_tone(word)
    if len(tones) > 1:
        return False
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if onset == "gi" and rhyme == "":
            return True  # "gì"
        if onset == "qu":
            if not rhyme:
                continue
            # "quốc" = q + uôc, "quy" = q + uy; the medial written "o" elsewhere is "u"
            # after q: "quan", "quen", "quăng" rhyme with "hoan", "khoen", "hoăng"
            rhyme = "u" + rhyme if "u" + rhyme in _RHYMES else "o" + rhyme
        if rhyme in _RHYMES:
            if rhyme.endswith(_STOP_CODAS):
                return bool(tones) and tones[0] in _TONE_SAC_NANG
            return True
    return False


def _case_compatible(left: str, right: str) -> bool:
    """'B'+'Ộ' (both capitals), 'Kế'+'t', 'ng'+'oại' may join; 'Việt'+'Nam' may not."""
    if right.islower():
        return True
    return left.isupper() and right.isupper()


_PIECE = re.compile(r"(\S+)(\s*)")


def rejoin_broken_words(text: str) -> str:
    """Rejoin words that layout split into fragments.

    Two neighbours separated by exactly one space or one line break are joined when one
    of them (letters only) is not a valid Vietnamese syllable on its own, the joined
    form is one, and the cases fit (both capitals, or the right part lower case). A
    word made by such a join keeps absorbing the next fragment while the result stays
    one valid syllable ("Ng"+"o" → "Ngo", then +"ại" → "Ngoại").
    Pieces that are valid syllables on their own are never joined, so correctly printed
    text ("Sản phẩm", "Ban Bí thư", "Ủy ban", "điểm b khoản 2") is left as it is;
    tokens with digits or punctuation are never touched.

    Limits: a split into two pieces that are each a valid syllable ("Ngo ại") cannot
    be told from two words without a lexicon and is left alone.

    Where to call it: the PDF reader calls it on the words it split by glyph gaps
    inside one line (no space character was printed between them); OCR and text
    readers may call it on their output. It never runs over a whole typed document.

    >>> rejoin_broken_words("B Ộ LAO ĐỘNG")
    'BỘ LAO ĐỘNG'
    >>> rejoin_broken_words("Kế\\nt quả")
    'Kết quả'
    >>> rejoin_broken_words("Ng o ại giao")
    'Ngoại giao'
    >>> rejoin_broken_words("Th ươ ng binh")
    'Thương binh'
    >>> rejoin_broken_words("Sản phẩm của Ban Bí thư")
    'Sản phẩm của Ban Bí thư'
    """
    for _ in range(3):  # "Th ươ ng" → "Th ương" → "Thương"
        joined_text = _rejoin_pass(text)
        if joined_text == text:
            break
        text = joined_text
    return text


def _rejoin_pass(text: str) -> str:
    pieces = _PIECE.findall(text)
    if len(pieces) < 2:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    words: list[str] = []
    spaces: list[str] = []
    joined: list[bool] = []  # the word was built by a join: it may keep growing
    for word, space in pieces:
        if (
            words
            and spaces[-1] in (" ", "\n")
            and fragments_join(words[-1], word, left_is_joined=joined[-1])
        ):
            words[-1] += word
            spaces[-1] = space
            joined[-1] = True
            continue
        words.append(word)
        spaces.append(space)
        joined.append(False)
    return lead + "".join(w + s for w, s in zip(words, spaces, strict=True))


def fragments_join(left: str, right: str, *, left_is_joined: bool = False) -> bool:
    """Whether two neighbouring pieces are one word split by layout.

    True when one piece is not a valid syllable alone (or ``left`` is itself the
    product of a join), the cases fit, and ``left + right`` is one valid syllable.

    >>> fragments_join("Kế", "t"), fragments_join("Sản", "phẩm")
    (True, False)
    """
    if not (_LETTERS_ONLY.match(left) and _LETTERS_ONLY.match(right)):
        return False
    if not left_is_joined and is_vietnamese_syllable(left) and is_vietnamese_syllable(right):
        return False
    return _case_compatible(left, right) and is_vietnamese_syllable(left + right)
