"""vanban.parsers.tables: task-table recognition, column roles, stitching, merged cells, rows → tasks."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

import pytest

from vanban.models.document import Task, Warning
from vanban.models.layout import BBox, Block, Cell, LayoutDocument, Page, Table
from vanban.parsers.tables import (
    column_role,
    find_task_tables,
    is_column_number_row,
    read_header,
    split_lead_and_partners,
    split_outputs,
    table_tasks,
)

HEADER = ["Stt", "Nội dung phối hợp", "Thời gian thực hiện", "Cơ quan chủ trì", "Cơ quan phối hợp"]


def make_table(
    rows: Sequence[Sequence[str | None]],
    *,
    page: int = 1,
    spans: dict[tuple[int, int], tuple[int, int]] | None = None,
    top: float | None = None,
    borderless: bool = False,
) -> Table:
    """Rows of cell texts; ``None`` marks a position covered by a span. With ``top`` every
    cell gets a box (rows 20 pt high, columns 100 pt wide from x=50)."""
    spans = spans or {}
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            box: BBox | None = None
            if top is not None:
                box = (50 + 100 * c, top + 20 * r, 50 + 100 * (c + cs), top + 20 * (r + rs))
            cells.append(Cell(row=r, col=c, row_span=rs, col_span=cs, text=text, bbox=box))
    n_cols = max(len(r) for r in rows)
    bbox = (50.0, top, 50.0 + 100 * n_cols, top + 20 * len(rows)) if top is not None else None
    return Table(
        page=page, n_rows=len(rows), n_cols=n_cols, cells=cells, bbox=bbox, borderless=borderless
    )


def doc(*pages: list[Block | Table]) -> LayoutDocument:
    return LayoutDocument(
        format="pdf", pages=[Page(number=i + 1, items=items) for i, items in enumerate(pages)]
    )


def tasks_of(layout: LayoutDocument, year: int | None = 2026) -> tuple[list[Task], list[Warning]]:
    out: list[Task] = []
    warnings: list[Warning] = []
    for tt in find_task_tables(layout):
        t, w = table_tasks(tt, doc_year=year)
        out += t
        warnings += w
    return out, warnings


# -- header vocabulary -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Stt", "no"),
        ("TT", "no"),
        ("STT", "no"),
        ("Số TT", "no"),
        ("Nội dung", "content"),
        ("Nội dung phối hợp", "content"),
        ("Nội dung công việc", "content"),
        ("Tên nhiệm vụ", "content"),
        ("Tên đề án, nhiệm vụ", "content"),
        ("Nhiệm vụ", "content"),
        ("Chương trình", "group"),
        ("Nhóm nhiệm vụ", "group"),
        ("Thời gian thực hiện", "timeframe"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời hạn", "deadline"),
        ("Thời hạn trình, ban hành", "deadline"),
        ("Tiến độ", "deadline"),
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Chủ trì", "lead"),
        ("Cơ quan phối hợp", "partners"),
        ("Đơn vị phối hợp", "partners"),
        ("Đơn vị chủ trì/phối hợp", "lead_and_partners"),
        ("Đơn vị đầu mối (tham mưu)", "focal_units"),
        ("Đơn vị đầu mối tham mưu", "focal_units"),
        ("Sản phẩm/Kết quả", "outputs"),
        ("Kết quả", "outputs"),
        ("Sản phẩm", "outputs"),
        ("Hình thức văn bản", "outputs"),
        # line breaks and words split by layout
        ("Sản\nphẩm/Kế\nt quả", "outputs"),
        ("Cơ quan\nchủ trì", "lead"),
        ("THỜI GIAN\nHOÀN THÀNH", "deadline"),
        ("Tên luật", "group"),
        ("Tên văn bản quy định chi tiết", "content"),
        ("v Tên văn bản\nquy định chi tiết", "content"),  # an OCR speck before the header
        ("Ghi chú", None),
        ("Địa điểm", None),
        ("Tên TTHC", None),
        ("", None),
    ],
)
def test_column_role(header: str, role: str | None) -> None:
    assert column_role(header) == role


def test_header_in_any_column_order_and_unknown_columns_in_extra() -> None:
    t = make_table(
        [
            ["Cơ quan phối hợp", "Ghi chú", "Nội dung", "TT", "Cơ quan chủ trì"],
            ["Sở Nội vụ", "Ưu tiên", "Tuyên truyền pháp luật", "1", "Sở Tư pháp"],
        ]
    )
    (task,), _ = tasks_of(doc([t]))
    assert task.no == "1"
    assert task.content == "Tuyên truyền pháp luật"
    assert task.lead == ["Sở Tư pháp"]
    assert task.partners == ["Sở Nội vụ"]
    assert task.extra == {"Ghi chú": "Ưu tiên"}
    assert (task.source, task.table, task.page, task.pages) == ("table", 0, 1, [1])


def test_two_row_header_with_merged_cells() -> None:
    t = make_table(
        [
            ["TT", "Nội dung", "Cơ quan thực hiện", None, "Thời gian"],
            [None, None, "Chủ trì", "Phối hợp", None],
            ["1", "Rà soát văn bản", "Sở Tư pháp", "Sở Nội vụ; Sở Tài chính", "Quý II/2026"],
        ],
        spans={(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2), (0, 4): (2, 1)},
    )
    header = read_header(t)
    assert header is not None and (header.start, header.end) == (0, 2)
    assert [c.role for c in header.columns] == ["no", "content", "lead", "partners", "timeframe"]
    (task,), _ = tasks_of(doc([t]))
    assert (task.lead, task.partners) == (["Sở Tư pháp"], ["Sở Nội vụ", "Sở Tài chính"])
    assert task.timeframe is not None
    assert (task.timeframe.start, task.timeframe.end) == ("2026-04-01", "2026-06-30")


@pytest.mark.parametrize(
    "rows",
    [
        # the borderless header block
        [
            ["ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["Số: 115/KH-UBND", "Sơn La, ngày 23 tháng 6 năm 2026"],
        ],
        # a numeric annex
        [["STT", "Đối tượng", "Mức trợ cấp"], ["1", "Thương binh hạng 1/4", "5.000.000"]],
        # a list of administrative procedures
        [
            ["STT", "Tên TTHC", "Thời hạn giải quyết", "Địa điểm", "Phí, lệ phí", "Căn cứ pháp lý"],
            [
                "1",
                "Cấp giấy chứng nhận đầu tư",
                "15 ngày",
                "Bộ phận một cửa",
                "Không",
                "Luật Đầu tư",
            ],
        ],
    ],
)
def test_tables_that_are_not_task_tables_give_no_tasks(
    rows: Sequence[Sequence[str | None]],
) -> None:
    assert find_task_tables(doc([make_table(rows)])) == []


def test_lead_and_partners_column() -> None:
    t = make_table(
        [
            ["TT", "Nội dung công việc", "Thời gian thực hiện", "Đơn vị chủ trì/phối hợp"],
            ["1", "Xây dựng kế hoạch", "Tháng 6/2026", "Phòng Đào tạo/Các khoa, Phòng Tài chính"],
            ["2", "Khảo sát", "Tháng 7/2026", "Phòng Khảo thí; Các đơn vị"],
            ["3", "Báo cáo", "Tháng 8/2026", "Các khoa, Phòng Khảo thí (chủ trì)"],
        ]
    )
    tasks, _ = tasks_of(doc([t]))
    assert (tasks[0].lead, tasks[0].partners) == (
        ["Phòng Đào tạo"],
        ["Các khoa", "Phòng Tài chính"],
    )
    assert (tasks[1].lead, tasks[1].partners) == (["Phòng Khảo thí"], ["Các đơn vị"])
    assert (tasks[2].lead, tasks[2].partners) == (["Phòng Khảo thí (chủ trì)"], ["Các khoa"])
    assert split_lead_and_partners("Sở Y tế") == (["Sở Y tế"], [])


def test_outputs_split_on_semicolons_only() -> None:
    assert split_outputs("Kế hoạch; tin, bài, tài liệu tuyên truyền.") == [
        "Kế hoạch",
        "tin, bài, tài liệu tuyên truyền",
    ]


# -- merged cells and sections -----------------------------------------------------------------


def test_vertically_merged_content_gives_tasks_sharing_no_and_group() -> None:
    t = make_table(
        [
            ["TT", "Chương trình", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
            ["1", "Chương trình chuyển đổi số", "Số hóa hồ sơ", "Sở Nội vụ", "Quý I/2026"],
            [None, None, "Đào tạo kỹ năng số", "Sở Giáo dục và Đào tạo", "Quý II/2026"],
            [None, None, "Xây dựng cơ sở dữ liệu", "Sở Khoa học và Công nghệ", "Quý III/2026"],
            ["2", "Chương trình cải cách hành chính", "Rà soát thủ tục", "Sở Tư pháp", "2026"],
        ],
        spans={(1, 0): (3, 1), (1, 1): (3, 1)},
    )
    tasks, warnings = tasks_of(doc([t]))
    assert [(t.no, t.group, t.content) for t in tasks] == [
        ("1", "Chương trình chuyển đổi số", "Số hóa hồ sơ"),
        ("1", "Chương trình chuyển đổi số", "Đào tạo kỹ năng số"),
        ("1", "Chương trình chuyển đổi số", "Xây dựng cơ sở dữ liệu"),
        ("2", "Chương trình cải cách hành chính", "Rà soát thủ tục"),
    ]
    assert [t.lead for t in tasks][:2] == [["Sở Nội vụ"], ["Sở Giáo dục và Đào tạo"]]
    assert warnings == []


def test_merged_content_cell_with_several_leads() -> None:
    t = make_table(
        [
            ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp"],
            ["1", "Tổ chức hội nghị quán triệt", "Ban Tuyên giáo", "Sở Văn hóa"],
            [None, None, "Ủy ban MTTQ Việt Nam tỉnh", "Các tổ chức chính trị - xã hội"],
        ],
        spans={(1, 0): (2, 1), (1, 1): (2, 1)},
    )
    tasks, _ = tasks_of(doc([t]))
    assert [(t.no, t.content, t.lead) for t in tasks] == [
        ("1", "Tổ chức hội nghị quán triệt", ["Ban Tuyên giáo"]),
        ("1", "Tổ chức hội nghị quán triệt", ["Ủy ban MTTQ Việt Nam tỉnh"]),
    ]


def test_section_rows_become_groups_and_hierarchy_stays_in_no() -> None:
    t = make_table(
        [
            [
                "STT",
                "Tên đề án, nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian thực hiện",
            ],
            ["I", "NHIỆM VỤ CHUNG", "", "", ""],
            ["1", "Tuyên truyền Nghị quyết", "Sở Văn hóa", "Các sở, ngành", "2026"],
            ["II. NHIỆM VỤ CỤ THỂ", None, None, None, None],
            ["1", "Hoàn thiện thể chế", "", "", ""],
            ["1.1", "Sửa đổi quy chế", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2026"],
            ["1.2", "Ban hành quy định", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2026"],
            ["A.", "PHỤ LỤC NHIỆM VỤ", "", "", ""],
            ["1", "Tổng kết", "Văn phòng", "", "Cuối năm 2026"],
        ],
        spans={(3, 0): (1, 5)},
    )
    tasks, warnings = tasks_of(doc([t]))
    assert [(t.no, t.group) for t in tasks] == [
        ("1", "I. NHIỆM VỤ CHUNG"),
        ("1.1", "1. Hoàn thiện thể chế"),
        ("1.2", "1. Hoàn thiện thể chế"),
        ("1", "A. PHỤ LỤC NHIỆM VỤ"),
    ]
    assert warnings == []


# -- stitching -----------------------------------------------------------------------------


def test_row_split_by_a_page_break_is_one_task_on_two_pages() -> None:
    p1 = make_table(
        [
            HEADER,
            ["1", "Tuyên truyền", "Cả năm", "Sở Tư pháp", "Sở Nội vụ"],
            [
                "2",
                "Phối hợp triển khai chuyển đổi số trong công tác tuyên giáo,",
                "Cả năm",
                "Ban Tuyên giáo và",
                "Ủy ban MTTQ Việt",
            ],
        ],
        top=600,
    )
    p2 = make_table(
        [
            HEADER,
            ["", "dân vận và hoạt động của MTTQ", "", "Dân vận Tỉnh ủy", "Nam tỉnh"],
            ["3", "Tổng kết", "Cuối năm 2026", "Sở Nội vụ", "Sở Tư pháp"],
        ],
        page=2,
        top=60,
    )
    page_no = Block(page=2, text="2")
    layout = doc([Block(page=1, text="II. NỘI DUNG"), p1], [page_no, p2])
    tables = find_task_tables(layout)
    assert len(tables) == 1 and len(tables[0].parts) == 2
    tasks, warnings = tasks_of(layout)
    assert [t.no for t in tasks] == ["1", "2", "3"]
    split = tasks[1]
    assert split.content == (
        "Phối hợp triển khai chuyển đổi số trong công tác tuyên giáo, dân vận và hoạt động của MTTQ"
    )
    assert split.lead == ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]
    assert split.partners == ["Ủy ban MTTQ Việt Nam tỉnh"]
    assert (split.page, split.pages) == (1, [1, 2])
    assert split.bbox == (50.0, 640.0, 550.0, 660.0)  # the row's box on its first page
    assert tasks[2].page == 2 and tasks[2].bbox == (50.0, 100.0, 550.0, 120.0)
    assert {t.table for t in tasks} == {0}
    assert warnings == []


def test_continuation_without_header_after_a_column_number_row() -> None:
    numbers = ["(1)", "(2)", "(3)", "(4)", "(5)"]
    p1 = make_table([HEADER, numbers, ["1", "Tuyên truyền", "2026", "Sở Tư pháp", ""]])
    p2 = make_table([numbers, ["2", "Tổng kết", "2026", "Sở Nội vụ", "Sở Tư pháp"]], page=2)
    tasks, warnings = tasks_of(doc([p1], [p2]))
    assert [(t.no, t.page) for t in tasks] == [("1", 1), ("2", 2)]
    assert warnings == []
    assert is_column_number_row([Cell(row=0, col=i, text=str(i + 1)) for i in range(4)])
    assert not is_column_number_row(
        [Cell(row=0, col=0, text="1"), Cell(row=0, col=1, text="Nội dung")]
    )


def test_tables_separated_by_a_heading_or_with_other_columns_are_not_stitched() -> None:
    first = make_table([HEADER, ["1", "Tuyên truyền", "2026", "Sở Tư pháp", ""]])
    other = make_table([["1", "Thương binh", "5.000.000"]], page=2)
    assert len(find_task_tables(doc([first], [other]))[0].parts) == 1
    same = make_table([["2", "Tổng kết", "2026", "Sở Nội vụ", ""]], page=2)
    heading = Block(page=2, text="PHỤ LỤC II")
    assert len(find_task_tables(doc([first], [heading, same]))[0].parts) == 1
    far = make_table([["2", "Tổng kết", "2026", "Sở Nội vụ", ""]], page=3)
    assert len(find_task_tables(doc([first], [], [far]))[0].parts) == 1


def test_continuation_with_other_x_positions_is_not_stitched() -> None:
    first = make_table([HEADER, ["1", "Tuyên truyền", "2026", "Sở Tư pháp", ""]], top=600)
    moved = make_table([["2", "Tổng kết", "2026", "Sở Nội vụ", ""]], page=2, top=60)
    moved = moved.model_copy(update={"bbox": (150.0, 60.0, 650.0, 80.0)})
    assert len(find_task_tables(doc([first], [moved]))[0].parts) == 1


def test_scanned_continuation_shifted_on_the_page_is_stitched() -> None:
    """Scans shift each page by more than 20 pt; two OCR parts of the same width are one
    table, while typed parts (or OCR parts of another width) still are not."""
    first = make_table([HEADER, ["1", "Tuyên truyền", "2026", "Sở Tư pháp", ""]], top=600)
    first = first.model_copy(update={"finder": "ocr"})
    bbox = first.bbox
    assert bbox is not None
    shifted = make_table([["2", "Tổng kết", "2026", "Sở Nội vụ", ""]], page=2, top=60)
    shifted = shifted.model_copy(
        update={"finder": "ocr", "bbox": (bbox[0] + 45, 60.0, bbox[2] + 45, 80.0)}
    )
    assert len(find_task_tables(doc([first], [shifted]))[0].parts) == 2
    typed = shifted.model_copy(update={"finder": "ruling"})
    assert len(find_task_tables(doc([first], [typed]))[0].parts) == 1
    narrower = shifted.model_copy(update={"bbox": (bbox[0] + 45, 60.0, bbox[2] - 30, 80.0)})
    assert len(find_task_tables(doc([first], [narrower]))[0].parts) == 1


# -- odd source data: kept as printed, with warnings ---------------------------------------------


def test_warnings_for_odd_rows() -> None:
    t = make_table(
        [
            HEADER,
            ["1", "Tuyên truyền", "2026", "Sở Tư pháp", "Sở Tư pháp"],
            ["2", "Tập huấn", "2026", "", "Sở Nội vụ"],
            ["4", "Kiểm tra", "2026", "Sở Nội vụ", ""],
            ["4", "Tổng kết", "2026", "Sở Nội vụ", ""],
        ]
    )
    tasks, warnings = tasks_of(doc([t]))
    assert tasks[0].partners == ["Sở Tư pháp"]  # kept as printed
    assert tasks[1].lead == []
    codes = [(w.code, w.field, w.page) for w in warnings]
    assert ("cell_repeats_column", "tasks[id=T1.1].partners", 1) in codes
    assert ("empty_lead", "tasks[id=T1.2].lead", 1) in codes
    assert ("numbering_gap", "tasks[id=T1.4].no", 1) in codes
    assert ("numbering_repeat", "tasks[id=T1.4#2].no", 1) in codes
    assert len(warnings) == 4


# -- the seeds ---------------------------------------------------------------------------------


def seed_layout(path: Path) -> LayoutDocument:
    """The seed as the text reader lays it out: a run of tab lines is one Table, other
    paragraphs are Blocks (built here so this test does not depend on the reader)."""
    items: list[Block | Table] = []
    run: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and (run or line.count("\t") >= 2):
            run.append(line.split("\t"))
        elif line.strip() and run and not line.startswith(("I", "Nơi")):
            continue
        elif line.strip():
            if run:
                items.append(_run_table(run))
                run = []
            items.append(Block(page=1, text=line))
    return LayoutDocument(format="txt", pages=[Page(number=1, physical=False, items=items)])


def _run_table(run: list[list[str]]) -> Table:
    n = max(len(r) for r in run)
    cells = [Cell(row=r, col=c, text=t) for r, row in enumerate(run) for c, t in enumerate(row)]
    return Table(page=1, n_rows=len(run), n_cols=n, cells=cells)


def expected_seed_rows(path: Path) -> dict[str, list[str]]:
    """Rows of the seed's table straight from the file: no → printed cells."""
    rows: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 7 and cells[0].isdigit():
            rows[cells[0]] = cells
    return rows


def _semi(text: str) -> list[str]:
    return [p.strip() for p in text.split(";")]


def check_seed_000(tasks: list[Task], path: Path) -> None:
    table = [t for t in tasks if t.source == "table"]
    assert [t.no for t in table] == [str(i) for i in range(1, 16)]
    rows = expected_seed_rows(path)
    for task in table:
        assert task.no is not None
        _, content, when, lead, partners, focal, outputs = rows[task.no]
        if task.no == "11":
            continue  # the split row, checked below
        assert task.content == content
        assert task.timeframe is not None and task.timeframe.raw == when
        assert task.lead == [lead]
        assert task.partners == [partners]
        if task.no == "10":
            # ONE printed cell naming TWO bodies: the office and the specialised
            # departments of both agencies (split_bodies splits before "Các …").
            assert focal == "Văn phòng, Các phòng chuyên môn hai cơ quan"
            assert task.focal_units == ["Văn phòng", "Các phòng chuyên môn hai cơ quan"]
        else:
            assert task.focal_units == _semi(focal)
        assert task.outputs == _semi(outputs)
        assert task.extra == {}
    row11 = table[10]
    assert row11.content == (
        "Phối hợp triển khai chuyển đổi số trong công tác tuyên giáo, dân vận và hoạt động của MTTQ"
    )
    assert row11.timeframe is not None and row11.timeframe.raw == "Cả năm"
    assert row11.lead == ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]
    assert row11.partners == ["Ủy ban MTTQ Việt Nam tỉnh"]
    assert row11.focal_units == ["Văn phòng hai cơ quan"]
    assert row11.outputs == ["Ứng dụng nền tảng số", "báo cáo kết quả"]
    # spot checks written out in full
    assert table[0].focal_units == [
        "Phòng Lý luận chính trị, Lịch sử Đảng",
        "Các phòng ban liên quan",
    ]
    assert table[0].outputs == ["Kế hoạch tuyên truyền", "hội nghị quán triệt", "báo cáo kết quả"]
    assert table[12].focal_units == ["Phòng Đoàn thể và các Hội", "Các phòng", "Đơn vị liên quan"]
    assert table[14].timeframe is not None
    assert (table[14].timeframe.start, table[14].timeframe.end) == ("2026-10-01", "2026-12-31")
    assert table[3].timeframe is not None
    assert table[3].timeframe.recurrence == "half_yearly_and_yearly"


def test_seed_000_table(seeds: Path) -> None:
    path = next(seeds.glob("000_*.txt"))
    tasks, warnings = tasks_of(seed_layout(path))
    check_seed_000(tasks, path)
    assert warnings == []


def test_seed_000_through_the_text_reader(seeds: Path) -> None:
    text_reader = importlib.import_module("vanban.extract.markup.text")
    path = next(seeds.glob("000_*.txt"))
    tasks, _ = tasks_of(text_reader.read(path))
    check_seed_000(tasks, path)


# -- a real PDF: a long table laid out by LibreOffice over ten pages -----------------------------


def test_stitching_a_long_table_in_a_typed_pdf(tmp_path: Path) -> None:
    """A DOCX task table of 40 rows, converted to PDF by LibreOffice (rows split by page
    breaks, no repeated header), read back by extract.pdf: one table, 40 tasks."""
    import shutil
    import subprocess

    pdf_reader = importlib.import_module("vanban.extract.pdf.reader")
    docx = pytest.importorskip("docx")
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    document = docx.Document()
    document.add_paragraph("II. NỘI DUNG PHỐI HỢP")
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    contents = [
        f"Phối hợp triển khai nhiệm vụ số {i} về công tác tuyên giáo, dân vận và hoạt động "
        "của Mặt trận Tổ quốc Việt Nam tỉnh trong năm 2026"
        for i in range(1, 41)
    ]
    for i, content in enumerate(contents, 1):
        row = table.add_row().cells
        for cell, text in zip(
            row,
            [
                str(i),
                content,
                "Quý II/2026",
                "Ban Tuyên giáo và Dân vận Tỉnh ủy",
                "Ủy ban MTTQ Việt Nam tỉnh; Sở Nội vụ",
            ],
            strict=True,
        ):
            cell.text = text
    source = tmp_path / "long.docx"
    document.save(str(source))
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    layout = pdf_reader.read(tmp_path / "long.pdf")
    assert len(layout.pages) > 2
    (stitched,) = find_task_tables(layout)
    assert len(stitched.parts) == len(layout.pages)
    tasks, warnings = table_tasks(stitched, doc_year=2026)
    assert warnings == []
    assert [t.no for t in tasks] == [str(i) for i in range(1, 41)]
    assert [t.content for t in tasks] == contents
    assert all(t.lead == ["Ban Tuyên giáo và Dân vận Tỉnh ủy"] for t in tasks)
    assert all(t.partners == ["Ủy ban MTTQ Việt Nam tỉnh", "Sở Nội vụ"] for t in tasks)
    split = [t for t in tasks if len(t.pages) > 1]
    assert split, "some rows are cut by a page break"
    for t in split:
        assert t.pages == [t.pages[0], t.pages[0] + 1] and t.page == t.pages[0]
        assert t.bbox is not None


def test_unnumbered_rows_are_separate_tasks() -> None:
    t = make_table(
        [
            ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
            ["", "Tuyên truyền pháp luật", "Sở Tư pháp", "Quý I/2026"],
            ["", "Tập huấn cán bộ", "Sở Nội vụ", ""],
            ["1", "Kiểm tra", "Thanh tra tỉnh", "Quý II/2026"],
            ["", "- Kiểm tra các sở", "Thanh tra tỉnh", ""],
        ]
    )
    tasks, _ = tasks_of(doc([t]))
    assert [(t.no, t.content) for t in tasks] == [
        (None, "Tuyên truyền pháp luật"),
        (None, "Tập huấn cán bộ"),
        ("1", "Kiểm tra"),
        (None, "- Kiểm tra các sở"),
    ]


def test_cell_wrapped_after_an_attached_hyphen_joins_without_space() -> None:
    """seed000 PDF: the lead cell prints "Báo chí-" / "Xuất bản" (layout line break)."""
    from vanban.parsers.tables import cell_text

    assert (
        cell_text("Phòng Tuyên truyền, Báo chí-\nXuất bản")
        == "Phòng Tuyên truyền, Báo chí-Xuất bản"
    )
    assert cell_text("giai đoạn 2021 -\n2025") == "giai đoạn 2021 - 2025"  # spaced dash
    pdf_reader = importlib.import_module("vanban.extract.pdf.reader")
    pdf = next((Path(__file__).resolve().parents[1] / "samples" / "seed000").glob("*.pdf"))
    layout = pdf_reader.read(pdf)
    tasks = [t for tt in find_task_tables(layout) for t in table_tasks(tt)[0]]
    cells = [" ".join([t.content, *t.lead, *t.partners, *t.focal_units]) for t in tasks]
    assert any("Báo chí-Xuất bản" in c for c in cells)
    assert not any("Báo chí- Xuất bản" in c for c in cells)


def test_scanned_rows_with_misread_numbers_are_repaired_and_keep_the_reading() -> None:
    rows = [HEADER] + [[n, f"Việc {k}", "2026", "Sở Tư pháp", ""] for k, n in enumerate("12845")]
    scanned = make_table(rows).model_copy(update={"finder": "ocr"})
    tasks, warnings = tasks_of(doc([scanned]))
    assert [t.no for t in tasks] == ["1", "2", "3", "4", "5"]
    assert [t.no_raw for t in tasks] == [None, None, "8", None, None]
    assert [(w.code, w.field) for w in warnings if w.code == "ocr_number_repaired"] == [
        ("ocr_number_repaired", "tasks[id=T1.3].no")
    ]
    assert scanned.grid()[3][0].text == "8"  # the layout keeps what OCR read
    typed, _ = tasks_of(doc([make_table(rows)]))
    assert [t.no for t in typed] == ["1", "2", "8", "4", "5"]  # print is never changed


def test_scanned_continuation_after_a_speck_and_a_misread_header_is_stitched() -> None:
    """A scanned page may start with a speck ("\\") and repeat the header with a cell OCR
    misread ("Cơ quân phốhợẹp"): still one table. A real paragraph still separates."""
    first = make_table([HEADER, ["1", "Tuyên truyền", "2026", "Sở Tư pháp", ""]], top=600)
    first = first.model_copy(update={"finder": "ocr"})
    misread = [*HEADER[:4], "Cơ quân phốhợẹp"]
    nxt = make_table([misread, ["2", "Tổng kết", "2026", "Sở Nội vụ", ""]], page=2, top=60)
    nxt = nxt.model_copy(update={"finder": "ocr"})
    speck = Block(page=2, text="\\")
    tables = find_task_tables(doc([first], [speck, nxt]))
    assert len(tables) == 1 and len(tables[0].parts) == 2
    assert [t.no for t in tasks_of(doc([first], [speck, nxt]))[0]] == ["1", "2"]
    prose = Block(page=2, text="Phụ lục II")
    assert len(find_task_tables(doc([first], [prose, nxt]))[0].parts) == 1
    typed = [p.model_copy(update={"finder": "ruling"}) for p in (first, nxt)]
    assert len(find_task_tables(doc([typed[0]], [typed[1]]))[0].parts) == 1


@pytest.mark.parametrize(
    ("header", "typed", "scanned"),
    [
        ("Đơn vị chủ trì/phối\nbụp", "lead", "lead_and_partners"),  # bold "hợp" misread
        ("Đơn vị chủ trì/phối\như", "lead", "lead_and_partners"),
        ("Cơ quan chủ trì", "lead", "lead"),
        ("Đơn vị chủ trì thực hiện", "lead", "lead"),
        ("Thời gian\nthưc hiện", "timeframe", "timeframe"),
        ("Ghi chú", None, None),
    ],
)
def test_a_misread_scanned_header_takes_the_longer_phrase_it_nearly_spells(
    header: str, typed: str | None, scanned: str | None
) -> None:
    assert column_role(header) == typed
    assert column_role(header, ocr=True) == scanned


def test_a_scanned_lead_and_partners_header_read_with_a_misread_word_splits_the_bodies() -> None:
    rows = [
        ["TT", "Nội dung công việc", "Thời gian thực hiện", "Đơn vị chủ trì/phối\nbụp"],
        ["1", "Ban hành kế hoạch", "Trước ngày 27/6/2026", "Phòng Đào tạo; Trung\ntâm QLCL"],
    ]
    scanned = make_table(rows).model_copy(update={"finder": "ocr"})
    tasks, _ = tasks_of(doc([scanned]))
    assert (tasks[0].lead, tasks[0].partners) == (["Phòng Đào tạo"], ["Trung tâm QLCL"])
    typed, _ = tasks_of(doc([make_table(rows)]))  # printed so, it is read as printed
    assert (typed[0].lead, typed[0].partners) == (["Phòng Đào tạo", "Trung tâm QLCL"], [])
