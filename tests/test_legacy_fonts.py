"""TCVN3 (ABC) and VNI-Windows conversion: known printed strings and full round trips."""

from __future__ import annotations

import unicodedata

import pytest

from vanban.extract.markup.legacy_fonts import (
    convert_legacy,
    convert_tcvn3,
    convert_vni,
    detect_legacy_encoding,
    encode_tcvn3,
    encode_vni,
    legacy_encoding_of_font,
)

SENTENCES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Ủy ban nhân dân tỉnh Sơn La ban hành Kế hoạch bảo vệ bí mật nhà nước",
    "Thường trực Tỉnh ủy; Ban Thường vụ; Mặt trận Tổ quốc; người lao động",
    "Quyết định có hiệu lực kể từ ngày ký; Chánh Văn phòng chịu trách nhiệm thi hành",
    "khuỷu tay, nguyễn, thuở ấy, giặt giũ, ngoằn ngoèo, khuya, quyển, tuýp, ỷ lại, kỹ",
]

VOWEL_GRID = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def test_known_tcvn3_strings() -> None:
    # As printed by .VnTime documents (bytes read as Latin-1), not built from our tables.
    assert convert_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == nfc(
        "Cộng hoà xã hội chủ nghĩa Việt Nam"
    )
    assert convert_tcvn3("§éc lËp - Tù do - H¹nh phóc") == nfc("Độc lập - Tự do - Hạnh phúc")
    assert convert_tcvn3("Hµ Néi, ngµy 21 th¸ng 7 n¨m 2023") == nfc(
        "Hà Nội, ngày 21 tháng 7 năm 2023"
    )


def test_known_vni_strings() -> None:
    assert convert_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == nfc(
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    )
    assert convert_vni("Ñoäc laäp - Töï do - Haïnh phuùc") == nfc("Độc lập - Tự do - Hạnh phúc")
    assert convert_vni("Quyeát ñònh naêm 2023") == nfc("Quyết định năm 2023")
    assert convert_vni("COÄNG HOØA") == "CỘNG HÒA"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip_tcvn3(sentence: str) -> None:
    legacy = encode_tcvn3(sentence)
    assert legacy != sentence
    assert convert_tcvn3(legacy) == nfc(sentence)


@pytest.mark.parametrize("sentence", SENTENCES + [s.upper() for s in SENTENCES])
def test_round_trip_vni(sentence: str) -> None:
    legacy = encode_vni(sentence)
    assert all(ord(ch) < 256 for ch in legacy)
    assert convert_vni(legacy) == nfc(sentence)


def test_every_letter_in_both_tables() -> None:
    for ch in VOWEL_GRID + VOWEL_GRID.upper():
        assert convert_vni(encode_vni(ch)) == ch, ch
        assert all(ord(c) < 256 for c in encode_vni(ch))
    for ch in VOWEL_GRID:
        legacy = encode_tcvn3(ch)
        assert len(legacy) == 1 and ord(legacy) < 256, ch
        assert convert_tcvn3(legacy) == ch
    # capitals of TCVN3: seven plain ones in the normal font, the rest through the H font
    assert convert_tcvn3("¡¢£¤¥¦§") == "ĂÂÊÔƠƯĐ"
    for ch in VOWEL_GRID:
        assert convert_legacy(encode_tcvn3(ch), ".VnTimeH") == ch.upper()


def test_tcvn3_codes_are_distinct() -> None:
    codes = [encode_tcvn3(ch) for ch in VOWEL_GRID]
    assert len(set(codes)) == len(codes)


def test_convert_legacy_by_font_name() -> None:
    assert convert_legacy("Hµ Néi", ".VnTime") == "Hà Nội"
    assert convert_legacy("Hµ Néi", "ABCDEF+.VnTime") == "Hà Nội"
    assert convert_legacy("Céng hoµ", ".VnTimeH") == "CỘNG HOÀ"
    assert convert_legacy("Céng hoµ", ".VnArialH,Bold") == "CỘNG HOÀ"
    assert convert_legacy("Haø Noäi", "VNI-Times") == "Hà Nội"
    assert convert_legacy("Hà Nội", "TimesNewRomanPS-BoldMT") is None
    assert convert_legacy("x", None) is None
    assert legacy_encoding_of_font("VNI-Helve-Condense") == "vni"
    assert legacy_encoding_of_font(".VnCentury Schoolbook") == "tcvn3"
    assert legacy_encoding_of_font("Arial") is None


def test_detect_legacy_encoding() -> None:
    text = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    assert detect_legacy_encoding(encode_tcvn3(text)) == "tcvn3"
    assert detect_legacy_encoding(encode_vni(text)) == "vni"
    assert detect_legacy_encoding(text) is None
    assert detect_legacy_encoding("Report on the plan for 2023") is None
    assert detect_legacy_encoding("") is None
    # French/Latin-1 prose is not mistaken for a legacy encoding
    assert detect_legacy_encoding("Le comité a décidé à l'unanimité") is None
