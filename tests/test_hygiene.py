"""Text hygiene: printed-text cleaning, keys, syllable validity, broken-word rejoining."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.extract.hygiene import (
    clean_text,
    fragments_join,
    is_vietnamese_syllable,
    rejoin_broken_words,
    squash_spaces,
    strip_diacritics,
    text_key,
)


def test_clean_text_keeps_words() -> None:
    assert clean_text("ÐẢNG CỘNG SẢN") == "ĐẢNG CỘNG SẢN"
    assert clean_text("Uỷ ban\u00a0nhân\u200b dân") == "Uỷ ban nhân dân"
    decomposed = "Vie\u0302\u0323t Nam"
    assert clean_text(decomposed) == "Việt Nam"


def test_keys() -> None:
    assert text_key("Uỷ ban MTTQ") == text_key("Ủy  ban MTTQ")
    assert text_key("Hoá học") == text_key("hóa học")
    assert strip_diacritics("Điện Biên") == "dien bien"
    assert squash_spaces(" a \n b ") == "a b"


@pytest.mark.parametrize(
    "word",
    [
        "Ngoại",
        "Kết",
        "BỘ",
        "quốc",
        "gì",
        "giữa",
        "Nghị",
        "khuyết",
        "Ủy",
        "Uỷ",
        "thuở",
        "ương",
        "oong",
    ],
)
def test_valid_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["Ng", "B", "t", "Kêt", "kết2", "UBND", "HĐND", "Email", "ngg", "quá́", ""]
)
def test_invalid_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("B Ộ LAO ĐỘNG", "BỘ LAO ĐỘNG"),
        ("Kế\nt quả", "Kết quả"),
        ("Ng o ại giao", "Ngoại giao"),
        ("Bộ Ng oại giao", "Bộ Ngoại giao"),
        ("Quốc h ội", "Quốc hội"),
        ("T Ỉ NH ỦY ĐIỆN BIÊN", "TỈNH ỦY ĐIỆN BIÊN"),
        ("Th ươ ng binh", "Thương binh"),
    ],
)
def test_rejoin_broken_words(broken: str, fixed: str) -> None:
    assert rejoin_broken_words(broken) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Sản phẩm",
        "Ban Bí thư",
        "Ủy ban nhân dân tỉnh",
        "Sản\nphẩm của Ban",
        "điểm b khoản 2 Điều 3",
        "Phụ lục A kèm theo",
        "UBND tỉnh; HĐND huyện",
        "Số: 15 -CTr/BTGDVTU-UBMTTQ",
        "Email: vanthu@sonla.gov.vn",
        "TP. Hồ Chí Minh, ngày 21/7/2023",
        "Mục II PHẠM VI",
        "  leading and trailing  ",
    ],
)
def test_rejoin_leaves_correct_text(text: str) -> None:
    assert rejoin_broken_words(text) == text


def test_rejoin_keeps_other_spacing() -> None:
    # two spaces or tabs are deliberate layout, never joined
    assert rejoin_broken_words("B  Ộ") == "B  Ộ"
    assert rejoin_broken_words("B\tỘ") == "B\tỘ"


def test_fragments_join() -> None:
    assert fragments_join("Kế", "t")
    assert not fragments_join("Sản", "phẩm")
    assert not fragments_join("Việt", "Nam")
    assert fragments_join("Ngo", "ại", left_is_joined=True)
    assert not fragments_join("Ngo", "ại")  # both valid alone and no join before


def test_rejoin_on_real_text(seeds: Path) -> None:
    """Correctly typed seed documents come back unchanged."""
    for path in sorted(seeds.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert rejoin_broken_words(text) == text, path.name
