"""vanban.parsers.agencies: keys for bodies, splitting cells, finding bodies in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.parsers.agencies import agency_key, expand_abbreviations, find_agencies, split_bodies

MTTQ_TINH = [
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Ủy ban MTTQ Việt Nam tỉnh",
    "UBMTTQ VN tỉnh",
    "Uỷ ban MTTQVN tỉnh",
    "ỦY BAN MTTQ VIỆT NAM TỈNH",
    "Ủy ban MTTQ tỉnh",
]


@pytest.mark.parametrize("name", MTTQ_TINH[1:])
def test_agency_key_mttq_spellings_equal(name: str) -> None:
    assert agency_key(name) == agency_key(MTTQ_TINH[0])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ban Thường vụ Tỉnh ủy", "BTV TU"),
        ("Ban Thường vụ Tỉnh uỷ", "Ban Thường vụ Tỉnh ủy"),
        ("Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh", "BTT UBMTTQ VN tỉnh"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("UBND tỉnh Sơn La", "Ủy ban nhân dân tỉnh Sơn La"),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
        ("Ban Tuyên giáo TW", "Ban Tuyên giáo Trung ương"),
        ("các tổ chức CT-XH", "các tổ chức chính trị - xã hội"),
        ("vùng DTTS", "vùng dân tộc thiểu số"),
        ("ỦY BAN MTTQ VIỆT NAM TP", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"),
        ("ÐẢNG ỦY", "Đảng ủy"),
    ],
)
def test_agency_key_equal(a: str, b: str) -> None:
    assert agency_key(a) == agency_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ban Thường vụ Tỉnh ủy", "Ban Thường trực Ủy ban MTTQ"),
        ("Ban Thường vụ Tỉnh ủy", "Ban Thường trực Tỉnh ủy"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam thành phố"),
        ("Ủy ban nhân dân tỉnh", "Hội đồng nhân dân tỉnh"),
        ("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Trung ương"),
        ("Bộ Tài chính", "Bộ Tư pháp"),
    ],
)
def test_agency_key_different(a: str, b: str) -> None:
    assert agency_key(a) != agency_key(b)


def test_expand_keeps_ordinary_capital_words() -> None:
    # All-capital words that are not made of known abbreviations stay as printed.
    assert expand_abbreviations("THÀNH PHỐ TAM KỲ") == "THÀNH PHỐ TAM KỲ"
    assert expand_abbreviations("UBMTTQ VN tỉnh") == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Phòng Tuyên truyền, Báo chí-Xuất bản; Các phòng ban liên quan",
            ["Phòng Tuyên truyền, Báo chí-Xuất bản", "Các phòng ban liên quan"],
        ),
        (
            "Phòng Lý luận chính trị, Lịch sử Đảng; Các phòng ban liên quan",
            ["Phòng Lý luận chính trị, Lịch sử Đảng", "Các phòng ban liên quan"],
        ),
        (
            "Phòng Dân vận các cơ quan nhà nước, Dân tộc và tôn giáo; Các phòng ban liên quan",
            ["Phòng Dân vận các cơ quan nhà nước, Dân tộc và tôn giáo", "Các phòng ban liên quan"],
        ),
        (
            "Văn phòng, Các phòng chuyên môn hai cơ quan",
            ["Văn phòng", "Các phòng chuyên môn hai cơ quan"],
        ),
        (
            "Bộ Tài chính, Bộ Tư pháp và các bộ, ngành liên quan",
            ["Bộ Tài chính", "Bộ Tư pháp và các bộ, ngành liên quan"],
        ),
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy", ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]),
        (
            "Sở Y tế (phối hợp với Sở Tài chính, Bộ Y tế); UBND các huyện.",
            ["Sở Y tế (phối hợp với Sở Tài chính, Bộ Y tế)", "UBND các huyện"],
        ),
        ("- Sở Nội vụ;\n- Sở Tư pháp\n- Công an tỉnh", ["Sở Nội vụ", "Sở Tư pháp", "Công an tỉnh"]),
        (
            "Ban Dân chủ, giám sát và phản biện xã hội; Văn phòng hai cơ quan",
            ["Ban Dân chủ, giám sát và phản biện xã hội", "Văn phòng hai cơ quan"],
        ),
        (
            "Phòng Đoàn thể và các Hội; Các phòng; Đơn vị liên quan",
            ["Phòng Đoàn thể và các Hội", "Các phòng", "Đơn vị liên quan"],
        ),
        ("Ban Tuyên giáo và\nDân vận Tỉnh ủy;", ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]),
        # a collective after a comma is a second body; its own commas stay (47-cp annex)
        (
            "Bộ Thông tin và Truyền thông, các bộ, ngành, địa phương,",
            ["Bộ Thông tin và Truyền thông", "các bộ, ngành, địa phương"],
        ),
        (
            "Bộ Thông tin và Truyền thông, các\nđịa phương",
            ["Bộ Thông tin và Truyền thông", "các địa phương"],
        ),
        (
            "Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam",
            ["Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"],
        ),
        ("", []),
    ],
)
def test_split_bodies(cell: str, expected: list[str]) -> None:
    assert split_bodies(cell) == expected


def test_split_bodies_on_seed_cells(seeds: Path) -> None:
    text = (seeds / "000_45cfaa8f22359735.txt").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line[:2].strip().isdigit()]
    focal = [row[5] for row in rows if len(row) == 7]
    assert len(focal) == 15
    split = [split_bodies(cell) for cell in focal]
    assert [len(parts) for parts in split] == [2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 2]
    assert all(";" not in p and p == p.strip() for parts in split for p in parts)


def test_find_agencies_in_citation() -> None:
    text = (
        "Căn cứ Quyết định số 329-QĐ/TW ngày 13/6/2025 của Ban Bí thư về chức năng; "
        "Ban Tuyên giáo và Dân vận Tỉnh ủy và Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh thống nhất"
    )
    found = find_agencies(text)
    names = [m.text for m in found]
    assert "Ban Bí thư" in names
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in names
    assert any(n.startswith("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh") for n in names)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.key == agency_key(m.text)


def test_find_agencies_abbreviated_and_state_bodies() -> None:
    text = "Giao UBND tỉnh, Sở Tài chính và Ủy ban MTTQ Việt Nam tỉnh; báo cáo Thủ tướng Chính phủ."
    names = [m.text for m in find_agencies(text)]
    assert names[:2] == ["UBND tỉnh", "Sở Tài chính"]
    assert "Ủy ban MTTQ Việt Nam tỉnh" in names
    assert "Thủ tướng Chính phủ" in names


def test_nlp_round_trip_keeps_text_exactly() -> None:
    from vanban.parsers.nlp import get_nlp

    nlp = get_nlp()
    texts = [
        "  Căn cứ  Luật Tổ chức\nChính phủ;\t\tUỷ ban MTTQ tỉnh./.  ",
        "Sản\nphẩm/Kết\nquả: Báo cáo (b/c) – 15 -CTr/BTGDVTU-UBMTTQ",
        "",
        "\n\n",
    ]
    for text in texts:
        assert nlp(text).text == text


def test_nlp_tokens_are_syllables_with_word_marks() -> None:
    from vanban.parsers.nlp import get_nlp

    doc = get_nlp()("Ban Thường vụ Tỉnh ủy chỉ đạo")
    assert [t.text for t in doc] == ["Ban", "Thường", "vụ", "Tỉnh", "ủy", "chỉ", "đạo"]
    starts = [t._.word_start for t in doc]
    assert starts[1] is True and starts[2] is False  # "Thường vụ" is one word
    assert doc[1]._.word == "Thường vụ"


def test_nlp_matches_old_tone_placement_and_capitals() -> None:
    names = [
        m.text
        for m in find_agencies("Giao Uỷ ban nhân dân tỉnh Điện Biên và ỦY BAN MTTQ VIỆT NAM TỈNH")
    ]
    assert names == ["Uỷ ban nhân dân tỉnh Điện Biên", "ỦY BAN MTTQ VIỆT NAM TỈNH"]


def test_nlp_place_stops_at_next_capitalised_word() -> None:
    names = [
        m.text for m in find_agencies("Tỉnh ủy Điện Biên Quyết định thành lập Sở Y tế tỉnh Sơn La.")
    ]
    assert names == ["Tỉnh ủy Điện Biên", "Sở Y tế tỉnh Sơn La"]


def test_align_words_falls_back_where_words_do_not_align() -> None:
    from vanban.parsers.nlp import align_words

    text = "Ban Bí thư; Sở TT&TT"
    spans = align_words(text, ["Ban Bí thư", "XYZ", "Sở", "TT&TT"])
    assert [text[a:b] for a, b, _ in spans] == ["Ban", "Bí", "thư", ";", "Sở", "TT&TT"]
    assert spans[3][2] == -1  # ";" came from the fallback split
