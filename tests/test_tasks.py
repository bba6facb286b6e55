"""vanban.parsers.tasks: parse_tasks (tables + prose), prose sections, items, fields, bullets."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import corpus_file
from vanban.extract import READERS
from vanban.models.document import Task
from vanban.models.layout import Block, BlockStyle, Cell, LayoutDocument, Line, Page, Table
from vanban.parsers.tasks import is_task_section, parse_tasks, starts_like_body
from vanban.parsers.textview import TextView


def blocks(*texts: str, page: int = 1) -> list[Block | Table]:
    return [Block(page=page, text=t, lines=[Line(text=x) for x in t.split("\n")]) for t in texts]


def run(*pages: Sequence[Block | Table], year: int | None = 2026) -> list[Task]:
    layout = LayoutDocument(
        format="txt", pages=[Page(number=i + 1, items=list(p)) for i, p in enumerate(pages)]
    )
    tasks, _ = parse_tasks(layout, TextView.build(layout), doc_year=year)
    return tasks


def test_section_vocabulary() -> None:
    assert is_task_section("NỘI DUNG PHỐI HỢP TRỌNG TÂM NĂM 2026")
    assert is_task_section("NHIỆM VỤ VÀ GIẢI PHÁP")
    assert is_task_section("TỔ CHỨC THỰC HIỆN")
    assert is_task_section("TRÁCH NHIỆM CỦA CÁC CƠ QUAN")
    assert not is_task_section("MỤC ĐÍCH, YÊU CẦU")
    assert not is_task_section("KINH PHÍ THỰC HIỆN")
    assert starts_like_body("Sở Thông tin và Truyền thông")
    assert not starts_like_body("Tuyên truyền, vận động")


def test_labelled_fields_a_b_c() -> None:
    tasks = run(
        blocks(
            "II. NHIỆM VỤ",
            "1. Tuyên truyền, phổ biến Luật Mặt trận Tổ quốc Việt Nam\n"
            "a) Cơ quan chủ trì: Ban Dân vận Thành ủy.\n"
            "b) Cơ quan phối hợp: Sở Tư pháp, Ủy ban MTTQ Việt Nam thành phố.\n"
            "c) Thời gian thực hiện: Quý III/2025.",
            "2. Tổ chức hội nghị đối thoại",
            "a) Cơ quan chủ trì: Ủy ban nhân dân các xã, phường.",
            "b) Thời gian thực hiện: Hằng năm.",
        )
    )
    assert [t.no for t in tasks] == ["II.1", "II.2"]
    first = tasks[0]
    assert first.content == "Tuyên truyền, phổ biến Luật Mặt trận Tổ quốc Việt Nam"
    assert first.lead == ["Ban Dân vận Thành ủy"]
    assert first.partners == ["Sở Tư pháp", "Ủy ban MTTQ Việt Nam thành phố"]
    assert first.timeframe is not None
    assert (first.timeframe.raw, first.timeframe.start, first.timeframe.end) == (
        "Quý III/2025.",
        "2025-07-01",
        "2025-09-30",
    )
    assert (first.group, first.source, first.table) == ("II. NHIỆM VỤ", "prose", None)
    assert tasks[1].lead == ["Ủy ban nhân dân các xã, phường"]
    assert tasks[1].timeframe is not None and tasks[1].timeframe.recurrence == "yearly"


def test_lead_and_partners_from_the_sentence() -> None:
    tasks = run(
        blocks(
            "III. TỔ CHỨC THỰC HIỆN",
            "1. Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ và các cơ quan liên quan tổ chức "
            "triển khai Kế hoạch này.",
            "2. Giao Sở Tài chính chủ trì bố trí kinh phí.",
            "3. Căn cứ Kế hoạch, Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh phối hợp với "
            "Sở Thông tin và Truyền thông xây dựng chương trình.",
            "4. Giao Văn phòng Ủy ban nhân dân tỉnh là đầu mối theo dõi, báo cáo.",
            "5. Các cơ quan, đơn vị báo cáo kết quả trước ngày 15/12 hằng năm.",
        )
    )
    assert [(t.no, t.lead, t.partners, t.focal_units) for t in tasks] == [
        ("III.1", ["Sở Tư pháp"], ["Sở Nội vụ", "các cơ quan liên quan"], []),
        ("III.2", ["Sở Tài chính"], [], []),
        (
            "III.3",
            ["Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"],
            ["Sở Thông tin và Truyền thông"],
            [],
        ),
        ("III.4", [], [], ["Văn phòng Ủy ban nhân dân tỉnh"]),
        ("III.5", ["Các cơ quan, đơn vị"], [], []),
    ]
    assert tasks[4].deadline is not None and tasks[4].deadline.raw == "trước ngày 15/12 hằng năm"
    assert [t.lead_source for t in tasks] == ["stated", "stated", "stated", None, "stated"]


def test_hierarchy_headings_with_children_and_letters() -> None:
    tasks = run(
        blocks(
            "II. NỘI DUNG PHỐI HỢP",
            "1. Phối hợp công tác thông tin, tuyên truyền\n1.1. Tuyên truyền chủ trương của Đảng.",
            "1.2. Tăng cường phối hợp tuyên truyền pháp luật.",
            "2. Phối hợp giám sát\na) Giám sát chính sách;\nb) Góp ý dự thảo văn bản.",
            "3. Phối hợp chuyển đổi số",
            "Thực hiện chuyển đổi số mạnh mẽ trong cơ quan.",
        )
    )
    assert [(t.no, t.parent, t.level, t.group) for t in tasks] == [
        ("II.1", None, 1, "II. NỘI DUNG PHỐI HỢP"),
        ("II.1.1", "II.1", 2, "1. Phối hợp công tác thông tin, tuyên truyền"),
        ("II.1.2", "II.1", 2, "1. Phối hợp công tác thông tin, tuyên truyền"),
        ("II.2", None, 1, "II. NỘI DUNG PHỐI HỢP"),
        ("II.2.a", "II.2", 2, "2. Phối hợp giám sát"),
        ("II.2.b", "II.2", 2, "2. Phối hợp giám sát"),
        ("II.3", None, 1, "II. NỘI DUNG PHỐI HỢP"),
    ]
    # a heading's content is its own text, never its children's
    assert tasks[0].content == "Phối hợp công tác thông tin, tuyên truyền"
    assert tasks[1].content == "Tuyên truyền chủ trương của Đảng."
    assert (
        tasks[6].content == "Phối hợp chuyển đổi số\nThực hiện chuyển đổi số mạnh mẽ trong cơ quan."
    )


def test_bullets_belong_to_their_item_unless_the_item_names_a_body() -> None:
    tasks = run(
        blocks(
            "III. NHIỆM VỤ PHỐI HỢP",
            "1. Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",
            "- Cung cấp thông tin về hoạt động của Mặt trận.\n- Góp ý dự thảo văn bản.",
            "2. Sở Thông tin và Truyền thông:\n- Chỉ đạo công tác tuyên truyền,",
            "trên báo chí và hệ thống thông tin cơ sở.",
            "3. Tổ chức sơ kết, tổng kết:\n- Sơ kết 6 tháng;\n+ Tổng kết năm.",
        )
    )
    body = "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"
    assert [(t.no, t.parent, t.lead, t.lead_source, t.content) for t in tasks] == [
        ("III.1", None, [body], "heading", body),
        ("III.1.1", "III.1", [body], "heading", "Cung cấp thông tin về hoạt động của Mặt trận."),
        ("III.1.2", "III.1", [body], "heading", "Góp ý dự thảo văn bản."),
        (
            "III.2",
            None,
            ["Sở Thông tin và Truyền thông"],
            "heading",
            "Sở Thông tin và Truyền thông:",
        ),
        (
            "III.2.1",
            "III.2",
            ["Sở Thông tin và Truyền thông"],
            "heading",
            "Chỉ đạo công tác tuyên truyền, trên báo chí và hệ thống thông tin cơ sở.",
        ),
        ("III.3", None, [], None, "Tổ chức sơ kết, tổng kết:"),
        ("III.3.1", "III.3", [], None, "Sơ kết 6 tháng;"),
        ("III.3.1.1", "III.3.1", [], None, "Tổng kết năm."),
    ]
    assert tasks[0].group == "III. NHIỆM VỤ PHỐI HỢP"
    assert tasks[2].group == "1. Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"


def test_purpose_sections_signatures_and_closing_lines_give_no_tasks() -> None:
    signature = Block(
        page=1,
        text="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        lines=[Line(text="TM. ỦY BAN NHÂN DÂN"), Line(text="CHỦ TỊCH")],
        style=BlockStyle(bold=True),
    )
    tasks = run(
        [
            *blocks(
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Nâng cao nhận thức.",
                "2. Bảo đảm thiết thực.",
                "II. TỔ CHỨC THỰC HIỆN",
                "1. Các sở triển khai thực hiện.",
            ),
            signature,
            *blocks("Nguyễn Văn A", "Nơi nhận:", "- Như trên;\n- Lưu: VT."),
        ]
    )
    assert [(t.no, t.content) for t in tasks] == [("II.1", "Các sở triển khai thực hiện.")]


def test_a_section_holding_a_task_table_gives_only_table_tasks() -> None:
    table = Table(
        page=1,
        n_rows=2,
        n_cols=3,
        cells=[
            Cell(row=0, col=0, text="TT"),
            Cell(row=0, col=1, text="Nội dung"),
            Cell(row=0, col=2, text="Cơ quan chủ trì"),
            Cell(row=1, col=0, text="1"),
            Cell(row=1, col=1, text="Tuyên truyền"),
            Cell(row=1, col=2, text="Sở Tư pháp"),
        ],
    )
    tasks = run(
        [
            *blocks("II. NỘI DUNG PHỐI HỢP", "Các nội dung phối hợp như sau:"),
            table,
            *blocks(
                "1. Ghi chú cho bảng trên.", "III. TỔ CHỨC THỰC HIỆN", "1. Sở Tư pháp chủ trì."
            ),
        ]
    )
    assert [(t.source, t.no) for t in tasks] == [("table", "1"), ("prose", "III.1")]


def test_pages_and_boxes_come_from_the_lines() -> None:
    p1 = [
        Block(
            page=1, text="II. NHIỆM VỤ", lines=[Line(text="II. NHIỆM VỤ", bbox=(60, 700, 200, 714))]
        ),
        Block(
            page=1,
            text="1. Phối hợp tuyên truyền các",
            lines=[Line(text="1. Phối hợp tuyên truyền các", bbox=(60, 740, 400, 754))],
        ),
    ]
    p2 = [
        Block(
            page=2,
            text="phong trào thi đua yêu nước.",
            lines=[Line(text="phong trào thi đua yêu nước.", bbox=(60, 60, 300, 74))],
        )
    ]
    (task,) = run(p1, p2)
    assert task.content == "Phối hợp tuyên truyền các phong trào thi đua yêu nước."
    assert (task.page, task.pages, task.bbox) == (1, [1, 2], (60, 740, 400, 754))


# -- seeds ---------------------------------------------------------------------------------


def _read_seed(seeds: Path, prefix: str) -> list[Task]:
    text_reader = importlib.import_module("vanban.extract.markup.text")
    layout = text_reader.read(next(seeds.glob(f"{prefix}_*.txt")))
    tasks, _ = parse_tasks(layout, TextView.build(layout), doc_year=2026)
    return tasks


def test_seed_000_table_then_prose(seeds: Path) -> None:
    tasks = _read_seed(seeds, "000")
    assert [t.source for t in tasks] == ["table"] * 15 + ["prose"] * 4
    assert [t.no for t in tasks[15:]] == ["III.1", "III.2", "III.3", "III.4"]
    assert tasks[11 - 1].content.endswith("dân vận và hoạt động của MTTQ")
    assert tasks[-1].content.startswith("Định kỳ tổ chức giao ban")
    assert "Vừ A Bằng" not in tasks[-1].content


def test_seed_002_prose(seeds: Path) -> None:
    tasks = _read_seed(seeds, "002")
    assert [t.no for t in tasks] == [
        "II.1",
        "II.2",
        "II.3",
        "II.4",
        "II.5",
        "II.6",
        "III.1",
        "III.2",
        "III.3",
    ]
    assert tasks[0].group == "II. NỘI DUNG PHỐI HỢP"
    # a paragraph cut by a page break is rejoined
    assert "khối đại đoàn kết toàn dân tộc của các thế lực thù địch" in tasks[0].content
    assert tasks[6].lead == ["Ban Thường trực Ủy ban MTTQ Việt Nam thành phố"]
    assert tasks[6].partners == ["Ban Tuyên giáo Thành ủy"]
    assert "Trên đây" not in tasks[-1].content


def test_seed_004_prose(seeds: Path) -> None:
    tasks = _read_seed(seeds, "004")
    numbers = [t.no for t in tasks]
    assert numbers == (
        ["II.1", "II.1.1", "II.1.2", "II.1.3", "II.1.4", "II.1.5", "II.2", "II.2.1", "II.2.2"]
        + ["II.3", "III.1"]
        + [f"III.1.{i}" for i in range(1, 7)]
        + ["III.2"]
        + [f"III.2.{i}" for i in range(1, 7)]
        + ["IV.1", "IV.2", "IV.3", "IV.4"]
    )
    by_no = {t.no: t for t in tasks}
    assert (
        by_no["II.1.1"].group
        == "1. Phối hợp công tác thông tin, tuyên truyền, nắm tình hình Nhân dân"
    )
    assert by_no["II.1.1"].parent == "II.1" and by_no["II.1.1"].level == 2
    assert {tuple(t.lead) for t in tasks if t.parent == "III.1"} == {
        ("Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",)
    }
    assert {tuple(t.lead) for t in tasks if t.parent == "III.2"} == {
        ("Sở Thông tin và Truyền thông",)
    }
    assert by_no["IV.1"].lead == [
        "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",
        "Sở Thông tin và Truyền thông",
    ]
    assert tasks[-1].focal_units == ["Ban Phong trào Ủy ban MTTQ Việt Nam tỉnh"]


# -- real corpus files -------------------------------------------------------------------------


def test_resolution_annex_task_table_kehoachgoc() -> None:
    markdown = importlib.import_module("vanban.extract.markup.markdown")
    layout = markdown.read(corpus_file("vnmasterplan/Kehoachgoc.md"))
    tasks, warnings = parse_tasks(layout, TextView.build(layout), doc_year=2025)
    table = [t for t in tasks if t.source == "table"]
    assert len(table) >= 130
    first = table[0]
    assert first.no == "1."
    assert first.group is not None and first.group.startswith("I. Nâng cao nhận thức")
    assert first.lead == ["Bộ Thông tin và Truyền thông"]
    assert first.deadline is not None
    assert (first.deadline.raw, first.deadline.end) == ("6/2025", "2025-06-30")
    assert all(t.table == 0 and t.content for t in table)
    assert all(
        w.code
        in {
            "cell_repeats_column",
            "empty_lead",
            "numbering_gap",
            "numbering_repeat",
            "numbering_out_of_order",
        }
        for w in warnings
    )


def test_field_items_apply_to_the_tasks_of_their_section() -> None:
    tasks = run(
        blocks(
            "B. NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP",
            "I. CÔNG TÁC QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN",
            "1. Nội dung, biện pháp",
            "a) Tổ chức hội nghị quán triệt Chỉ thị.",
            "b) Tổ chức triển khai các văn bản hướng dẫn.",
            "2. Cơ quan chủ trì, phối hợp",
            "a) Cơ quan chủ trì",
            "- Ban Chỉ đạo quốc gia.\n- Các Bộ, ngành liên quan.",
            "b) Cơ quan phối hợp",
            "- Hội Cựu chiến binh các cấp.",
            "3. Thời gian thực hiện: Tháng 12/2013 và thường xuyên.",
            "II. KINH PHÍ",
            "1. Ngân sách nhà nước bảo đảm.",
        ),
        year=2013,
    )
    assert [(t.no, t.group) for t in tasks] == [
        ("B.I.1.a", "I. CÔNG TÁC QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN"),
        ("B.I.1.b", "I. CÔNG TÁC QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN"),
    ]
    for task in tasks:
        assert task.lead == ["Ban Chỉ đạo quốc gia", "Các Bộ, ngành liên quan"]
        assert task.partners == ["Hội Cựu chiến binh các cấp"]
        assert task.timeframe is not None
        assert (task.timeframe.start, task.timeframe.end) == ("2013-12-01", "2013-12-31")


def test_item_naming_its_body_before_a_colon() -> None:
    tasks = run(
        blocks(
            "III. PHÂN CÔNG NHIỆM VỤ",
            "1. Công an tỉnh:",
            "- Chủ trì, phối hợp với Văn phòng UBND tỉnh và các cơ quan có liên quan kiểm tra.",
            "2. Sở Tư pháp: Phối hợp với Công an tỉnh kiểm tra việc chấp hành pháp luật.",
        )
    )
    assert [(t.no, t.lead, t.lead_source, t.partners) for t in tasks] == [
        ("III.1", ["Công an tỉnh"], "heading", []),
        (
            "III.1.1",
            ["Công an tỉnh"],
            "heading",
            ["Văn phòng UBND tỉnh", "các cơ quan có liên quan"],
        ),
        ("III.2", ["Sở Tư pháp"], "stated", ["Công an tỉnh"]),
    ]
    assert (
        tasks[2].content
        == "Sở Tư pháp: Phối hợp với Công an tỉnh kiểm tra việc chấp hành pháp luật."
    )


def test_plan_with_field_items_file_data_21() -> None:
    markdown = importlib.import_module("vanban.extract.markup.markdown")
    layout = markdown.read(corpus_file("congbot/thuvienphapluat_md/file_data_21.md"))
    tasks, _ = parse_tasks(layout, TextView.build(layout), doc_year=2013)
    assert len(tasks) >= 40
    first = tasks[0]
    assert first.no == "B.I.1.a"
    assert first.lead[:2] == ["Ban Chỉ đạo quốc gia", "Các Bộ, ngành liên quan"]
    assert first.timeframe is not None and first.timeframe.raw.startswith("Tháng 12/2013")
    part_b = [t for t in tasks if t.no and t.no.startswith("B.")]
    assert len(part_b) == 40 and all(t.source == "prose" and t.lead for t in part_b)
    # "C. MỘT SỐ NỘI DUNG …" is a part after "B.", not Roman section 100
    assert {t.no for t in tasks if t.group and t.group.startswith("C.")} == {
        f"C.{i}" for i in range(1, 9)
    }
    d = {t.no: t for t in tasks if t.no and t.no.startswith("D.")}
    assert d["D.1"].lead == ["Ban Chỉ đạo quốc gia 1237"]
    assert d["D.2"].partners == ["các Bộ, ngành có liên quan"]


def _fields(path: Path, fmt: str) -> list[tuple[object, ...]]:
    layout = importlib.import_module(READERS[fmt]).read(path)
    tasks, _ = parse_tasks(layout, TextView.build(layout), doc_year=2026)
    return [
        (
            t.source,
            t.no,
            t.group,
            t.content,
            t.lead,
            t.partners,
            t.focal_units,
            t.outputs,
            t.timeframe.raw if t.timeframe else None,
        )
        for t in tasks
    ]


@pytest.mark.parametrize("reader", ["docx", "pdf"])
def test_bundled_seed_000_gives_the_same_tasks_in_every_format(reader: str) -> None:
    """samples/seed000 holds the seed as TXT, DOCX and PDF (the PDF splits the table over
    pages, rows cut by page breaks included): the tasks must not depend on the format."""
    samples = Path(__file__).resolve().parents[1] / "samples" / "seed000"
    expected = _fields(samples / "seed000.txt", "txt")
    assert len(expected) == 19
    assert _fields(samples / f"seed000.{reader}", reader) == expected


def test_closing_paragraph_is_not_part_of_the_last_item() -> None:
    # seed 004 IV.4 + "Trong quá trình thực hiện nếu có khó khăn, …" (an unnumbered
    # closing sentence after the last item); the second paragraph of an item and a
    # numbered item that starts "Trong quá trình thực hiện" (seed 000 III.3) stay.
    tasks = run(
        blocks(
            "IV. TỔ CHỨC THỰC HIỆN",
            "1. Hai cơ quan phối hợp triển khai.",
            "Định kỳ báo cáo kết quả thực hiện.",
            "2. Trong quá trình thực hiện, nếu có khó khăn, hai cơ quan trao đổi.",
            "3. Giao Ban Phong trào là đầu mối theo dõi.",
            "Trong quá trình thực hiện nếu có khó khăn, vướng mắc, hai cơ quan cùng trao đổi./.",
        )
    )
    assert [(t.no, t.content) for t in tasks] == [
        ("IV.1", "Hai cơ quan phối hợp triển khai.\nĐịnh kỳ báo cáo kết quả thực hiện."),
        ("IV.2", "Trong quá trình thực hiện, nếu có khó khăn, hai cơ quan trao đổi."),
        ("IV.3", "Giao Ban Phong trào là đầu mối theo dõi."),
    ]
    # the same in text files, where the closing line follows the item without a blank line
    tasks = run(
        blocks(
            "III. TỔ CHỨC THỰC HIỆN\n1. Các sở triển khai.\n Quá trình tổ chức "
            "thực hiện nếu có vướng mắc, báo cáo Ủy ban nhân dân tỉnh."
        )
    )
    assert [(t.no, t.content) for t in tasks] == [("III.1", "Các sở triển khai.")]


@pytest.mark.parametrize("ext", ["docx", "pdf", "txt"])
def test_seed_004_last_item_ends_before_the_closing_paragraph(ext: str) -> None:
    from vanban.pipeline import extract_document

    path = next((Path(__file__).resolve().parents[1] / "samples" / "seed004").glob(f"*.{ext}"))
    iv4 = next(t for t in extract_document(path).tasks if t.no == "IV.4")
    assert iv4.content.endswith("kết quả thực hiện Chương trình phối hợp hàng năm.")
    assert "Trong quá trình" not in iv4.content


def test_content_keeps_the_printed_spaces() -> None:
    # seed 004 III.2: "(hoặc Trung tâm  Văn hóa, …)" is typed with two spaces; only the
    # layout's line breaks become one space.
    tasks = run(
        blocks(
            "III. NỘI DUNG PHỐI HỢP",
            "1. Chỉ đạo Phòng Văn hóa (hoặc Trung tâm  Văn hóa) phối hợp\ntriển khai.",
        )
    )
    assert (
        tasks[0].content == "Chỉ đạo Phòng Văn hóa (hoặc Trung tâm  Văn hóa) phối hợp triển khai."
    )
    text_reader = importlib.import_module("vanban.extract.markup.text")
    path = Path(__file__).resolve().parents[1] / "samples" / "seed004" / "seed004.txt"
    layout = text_reader.read(path)
    got, _ = parse_tasks(layout, TextView.build(layout), doc_year=2021)
    assert any(
        "(hoặc Trung tâm  Văn hóa, Thông tin và Thể Thao cấp huyện)" in t.content for t in got
    )


def _scanned(*texts: str, source: str = "ocr") -> tuple[list[Task], list[str]]:
    layout = LayoutDocument(
        format="pdf", pages=[Page(number=1, items=blocks(*texts), text_source=source)]
    )
    tasks, warnings = parse_tasks(layout, TextView.build(layout), doc_year=2026)
    return tasks, [w.code for w in warnings]


def test_section_numerals_misread_on_a_scan_are_repaired_from_the_one_before() -> None:
    """Seeds 002 and 004 rendered degraded: "II." read "IH.", "III." read "HI."."""
    texts = (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Bảo đảm sự phối hợp thường xuyên.",
        "IH. NỘI DUNG PHỐI HỢP",
        "1. Phối hợp tuyên truyền chính sách, pháp luật.",
        "2. Phối hợp giám sát, phản biện xã hội.",
        "HI. TỔ CHỨC THỰC HIỆN",
        "1. Văn phòng theo dõi, tổng hợp kết quả.",
    )
    tasks, codes = _scanned(*texts)
    assert [t.no for t in tasks] == ["II.1", "II.2", "III.1"]
    assert tasks[0].group == "II. NỘI DUNG PHỐI HỢP"
    assert codes.count("ocr_number_repaired") == 2
    typed, typed_codes = _scanned(*texts, source="native")  # a typed page is never changed
    assert [t.no for t in typed] == []  # "IH." heads no section, "HI." neither
    assert "ocr_number_repaired" not in typed_codes


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_plan_with_the_three_kinds_of_owner_statement(ext: str) -> None:
    """samples/cases/case_kh_prose: owners stated in sentences, by a heading, inherited."""
    from vanban.pipeline import extract_document

    path = Path(__file__).resolve().parents[1] / "samples" / "cases" / f"case_kh_prose.{ext}"
    doc = extract_document(path)
    by_no = {t.no: t for t in doc.tasks}
    assert (by_no["II.1"].lead, by_no["II.1"].partners, by_no["II.1"].lead_source) == (
        ["Sở Khoa học và Công nghệ"],
        ["Sở Nội vụ", "các sở, ban, ngành"],
        "stated",
    )
    assert [(t.no, t.lead, t.lead_source) for t in doc.tasks if t.parent == "II.3.2"] == [
        ("II.3.2.1", ["Sở Tài chính"], "inherited"),
        ("II.3.2.2", ["Sở Tài chính"], "inherited"),
    ]
    assert (by_no["V.1.2"].lead, by_no["V.1.2"].lead_source) == (["Sở Nội vụ"], "heading")
    deadline = by_no["V.1.2"].deadline
    assert deadline is not None and deadline.end == "2026-12-20"
    assert by_no["III.1.b"].extra == {"report_to": "Sở Khoa học và Công nghệ"}
    assert [c.number for c in doc.implements] == ["05-NQ/TU"]
