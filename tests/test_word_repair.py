"""Word repair of OCR words (``vanban.extract.scan.word_repair``): hat and tone misreads that
are still syllables, put right from their neighbours only when unsure and clearly better."""

from __future__ import annotations

import gzip
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extract.hygiene import strip_diacritics
from vanban.extract.scan.bigrams import Bigrams, count_pairs, shipped
from vanban.extract.scan.ocr import PageOcr, page_from_ocr
from vanban.extract.scan.tesseract import OcrWord
from vanban.extract.scan.word_repair import SETTINGS, best_reading, repair_words, repairing
from vanban.models.layout import Block
from vanban.parsers.confidence import _reading


def line(*pairs: tuple[str, float], block: int = 1) -> list[OcrWord]:
    """One Tesseract line: (text, confidence) per word, left to right."""
    return [OcrWord(t, c, 120 * i, 100, 100, 30, block, 1, 1) for i, (t, c) in enumerate(pairs)]


def texts(words: list[OcrWord]) -> list[str]:
    return [w.text for w in words]


def test_co_quan_read_co_quan_with_a_hat_is_repaired_at_low_confidence() -> None:
    words = line(("Các", 95.0), ("cơ", 92.0), ("quân", 61.0), ("chủ", 94.0), ("trì", 93.0))
    changed = repair_words(words)
    assert texts(words) == ["Các", "cơ", "quan", "chủ", "trì"]
    assert changed == [words[2]]
    assert words[2].repaired and words[2].ocr_text == "quân"
    assert not any(w.repaired for w in words if w is not words[2])


def test_a_sure_reading_needs_both_neighbours_and_far_more_evidence() -> None:
    """Read at 93, "cơ quân" alone at the end of a line stays (one neighbour); between "cơ"
    and "chủ", both seen with "quan" in the typed documents, it is put right."""
    words = line(("Các", 95.0), ("cơ", 92.0), ("quân", 93.0))
    assert repair_words(words) == []
    assert texts(words)[2] == "quân" and words[2].ocr_text is None and not words[2].repaired
    words = line(("Các", 95.0), ("cơ", 92.0), ("quân", 93.0), ("chủ", 94.0), ("trì", 93.0))
    assert [w.text for w in repair_words(words)] == ["quan"]
    assert best_reading("quân", "cơ", None, sure=True) is None


def test_nam_tinh_stays_even_unsure() -> None:
    """'tỉnh' is right after 'Nam' ('Hà Nam tỉnh …', 'miền Nam tỉnh …'): no regression."""
    words = line(("Hà", 90.0), ("Nam", 88.0), ("tỉnh", 40.0), ("Điện", 91.0), ("Biên", 92.0))
    assert repair_words(words) == []
    assert texts(words) == ["Hà", "Nam", "tỉnh", "Điện", "Biên"]


def test_words_holding_digits_or_in_mixed_case_are_untouched() -> None:
    words = line(("cơ", 92.0), ("quân1", 20.0), ("cơ", 92.0), ("qUân", 20.0), ("2024", 30.0))
    assert repair_words(words) == []
    assert texts(words) == ["cơ", "quân1", "cơ", "qUân", "2024"]


def test_case_and_punctuation_are_kept() -> None:
    words = line(("Án", 40.0), ("ninh", 90.0), ("CƠ", 90.0), ("QUÂN,", 50.0), ("nắng", 55.0))
    words += line(("cao", 90.0), block=1)[:1]
    words[-1].left = 120 * 5
    repair_words(words)
    assert texts(words) == ["An", "ninh", "CƠ", "QUAN,", "nâng", "cao"]
    assert words[3].ocr_text == "QUÂN,"


def test_no_neighbour_no_change() -> None:
    """A word alone, or cut from its neighbours by punctuation, has no context."""
    assert repair_words(line(("quân", 10.0))) == []
    words = line(("cơ.", 92.0), ("quân", 10.0))
    assert repair_words(words) == [] and words[1].text == "quân"


def test_the_first_reading_reaches_the_layout_and_the_output_words() -> None:
    words = line(("Các", 95.0), ("cơ", 92.0), ("quân", 61.0), ("chủ", 94.0), ("trì", 93.0))
    repair_words(words)
    page = page_from_ocr(PageOcr(words, 2480, 3508, 300), 1)
    (block,) = [it for it in page.items if isinstance(it, Block)]
    assert block.text == "Các cơ quan chủ trì"
    (word,) = [w for ln in block.lines for w in ln.words if w.text == "quan"]
    assert word.repaired and word.ocr_text == "quân"
    reading = _reading(1, word)
    assert reading.repaired and reading.ocr_text == "quân" and reading.text == "quan"


def test_the_switch_turns_the_repair_off_in_the_page_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    from vanban.extract.scan import ocr

    calls: list[int] = []
    monkeypatch.setattr(ocr.word_repair, "repair_words", lambda ws: calls.append(len(ws)))
    monkeypatch.setattr(ocr, "run_tesseract", lambda *a, **k: "")
    from PIL import Image

    blank = Image.new("L", (400, 300), 255)
    monkeypatch.setenv("VANBAN_OCR_WORD_REPAIR", "0")
    assert not repairing()
    ocr.recognise(blank)
    assert calls == []
    monkeypatch.setenv("VANBAN_OCR_WORD_REPAIR", "1")
    assert repairing()
    ocr.recognise(blank)
    assert calls == [0]


def test_support_in_context_is_required() -> None:
    """wordfreq alone decides nothing: the variant must have been seen beside a neighbour,
    often enough to beat the reading by the ratio."""
    none = Bigrams({})
    assert best_reading("quân", "cơ", "chủ", none) is None
    once = Bigrams(dict(count_pairs(["cơ quan chủ trì"])))
    assert best_reading("quân", "cơ", None, once) is None
    often = Bigrams(dict(count_pairs(["cơ quan chủ trì"] * 50)))
    assert best_reading("quân", "cơ", None, often) == "quan"


def test_the_packaged_counts_are_small_sorted_and_hold_official_phrases() -> None:
    from importlib import resources

    data = (resources.files("vanban.extract.scan") / "data" / "vi_bigrams.json.gz").read_bytes()
    assert len(data) < 400_000
    raw = json.loads(gzip.decompress(data))
    keys = list(raw["pairs"])
    assert keys == sorted(keys) and min(raw["pairs"].values()) >= raw["min_count"]
    counts = shipped()
    assert counts("cơ", "quan") > 100 and counts("an", "ninh") > 10 and counts("cơ", "quân") == 0


VIETNAMESE = "aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
syllable = st.text(alphabet="bcdđghklmnpqrstvx" + VIETNAMESE, min_size=1, max_size=6)
word = st.tuples(
    st.one_of(syllable, syllable.map(str.upper), syllable.map(str.capitalize)),
    st.floats(min_value=0, max_value=100),
)
PROPERTY = settings(
    max_examples=int(os.environ.get("VANBAN_FUZZ_EXAMPLES", "40")), deadline=None, derandomize=True
)


@PROPERTY
@given(st.lists(word, min_size=1, max_size=12))
def test_the_repair_never_changes_a_words_letters(pairs: list[tuple[str, float]]) -> None:
    words = line(*pairs)
    before = texts(words)
    repair_words(words)
    for old, w in zip(before, words, strict=True):
        assert strip_diacritics(w.text) == strip_diacritics(old)
        assert w.repaired == (w.text != old)
        if w.repaired:
            assert w.ocr_text == old and w.conf < SETTINGS.below


@pytest.mark.corpus
def test_the_packaged_counts_are_rebuilt_byte_for_byte_by_the_script(corpus: object) -> None:
    """extract/scan/data/vi_bigrams.json.gz is what scripts/build_bigrams.py makes."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "scripts/build_bigrams.py", "--check"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "VANBAN_OCR": "0"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
