"""Borderless tables found from text alignment (``Table(finder="text", borderless=False)``).

Small constructed rows for the algorithm, LibreOffice-made PDFs (the same task table with
and without borders must give the same tasks), and the real corpus as negatives.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, SAMPLES

from vanban.extract.pdf.reader import read
from vanban.extract.pdf.regions import Row, text_regions
from vanban.extract.pdf.tables import find_text_tables, text_table_model
from vanban.extract.pdf.words import Fragment, PdfWord
from vanban.models.layout import LayoutDocument, Table

# -- constructed rows ----------------------------------------------------------------------


def frag(text: str, x0: float, top: float, *, bold: bool = False) -> Fragment:
    """Words 6 pt per letter, 3 pt apart, 12 pt high."""
    words: list[PdfWord] = []
    x = x0
    for w in text.split():
        words.append(PdfWord(w, x, top, x + 6 * len(w), top + 12, "Times", 12, bold, False, False))
        x += 6 * len(w) + 3
    return Fragment(words).finish()


def row(top: float, *cells: tuple[str, float], bold: bool = False) -> Row:
    frags = [frag(text, x, top, bold=bold) for text, x in cells]
    return Row(frags, top, top + 12)


COLS = (85.0, 120.0, 280.0, 350.0, 450.0)


def task_rows(start: float = 100.0, *, spacing: float = 10.0) -> list[Row]:
    """Header + three tasks, the first with wrapped cells, rows ``spacing`` pt apart."""
    x = COLS
    rows = [
        row(
            start,
            ("Stt", x[0]),
            ("Nội dung", x[1]),
            ("Thời gian", x[2]),
            ("Chủ trì", x[3]),
            ("Phối hợp", x[4]),
            bold=True,
        )
    ]
    y = start + 12 + spacing
    rows.append(
        row(
            y,
            ("1", x[0]),
            ("Tuyên truyền phổ biến", x[1]),
            ("Quý I", x[2]),
            ("Sở Tư pháp", x[3]),
            ("Công an tỉnh;", x[4]),
        )
    )
    rows.append(row(y + 15, ("Chương trình", x[1]), ("Sở Nội vụ", x[4])))
    y += 30 + spacing
    rows.append(
        row(
            y,
            ("2", x[0]),
            ("Tổ chức sơ kết", x[1]),
            ("Tháng 6", x[2]),
            ("Ban Dân vận", x[3]),
            ("Sở Nội vụ", x[4]),
        )
    )
    y += 12 + spacing
    rows.append(
        row(
            y,
            ("3", x[0]),
            ("Kiểm tra giám sát", x[1]),
            ("Hằng năm", x[2]),
            ("Thanh tra", x[3]),
            ("Sở Tư pháp", x[4]),
        )
    )
    return rows


def test_task_rows_become_one_text_table_with_wrapped_cells() -> None:
    rows = task_rows()
    found = find_text_tables(rows)
    assert len(found) == 1 and len(found[0].rows) == len(rows)
    t = text_table_model(found[0], 1)
    assert (t.finder, t.borderless, t.n_rows, t.n_cols) == ("text", False, 4, 5)
    cells = {(c.row, c.col): c.text for c in t.cells}
    assert cells[(0, 1)] == "Nội dung"
    assert cells[(1, 1)] == "Tuyên truyền phổ biến\nChương trình"
    assert cells[(1, 4)] == "Công an tỉnh;\nSở Nội vụ"
    assert (1, 2) in cells and cells[(3, 0)] == "3"
    assert len(t.row_bboxes) == 4 and t.bbox is not None and t.bbox[0] == COLS[0]


def test_rows_without_spacing_are_cut_at_the_numbers() -> None:
    rows = task_rows(spacing=3.0)  # wrapped lines and rows equally spaced
    t = text_table_model(find_text_tables(rows)[0], 1)
    assert t.n_rows == 4
    assert {(c.row, c.col): c.text for c in t.cells}[
        (1, 1)
    ] == "Tuyên truyền phổ biến\nChương trình"


def test_table_without_number_column_uses_the_row_gaps() -> None:
    x = (85.0, 250.0, 400.0)
    rows = [
        row(100, ("Nhiệm vụ", x[0]), ("Chủ trì", x[1]), ("Thời hạn", x[2])),
        row(125, ("Tuyên truyền phổ biến", x[0]), ("Sở Tư pháp", x[1]), ("Quý I", x[2])),
        row(140, ("pháp luật", x[0]), ("tỉnh", x[1])),
        row(165, ("Sơ kết", x[0]), ("Sở Nội vụ", x[1]), ("Tháng 6", x[2])),
        row(190, ("Tổng kết", x[0]), ("Ban Dân vận", x[1]), ("Tháng 12", x[2])),
    ]
    t = text_table_model(find_text_tables(rows)[0], 1)
    assert t.n_rows == 4
    assert {(c.row, c.col): c.text for c in t.cells}[(1, 0)] == "Tuyên truyền phổ biến\npháp luật"


def test_cells_set_closer_than_a_column_gap_are_cut_at_the_gutter() -> None:
    rows = task_rows()
    # "Quý I" and "Sở Tư pháp" of task 1 arrive as one fragment (gap under the column gap)
    r = rows[1]
    joined = Fragment(r.frags[2].words + r.frags[3].words).finish()
    r.frags[2:4] = [joined]
    t = text_table_model(find_text_tables(rows)[0], 1)
    cells = {(c.row, c.col): c.text for c in t.cells}
    assert cells[(1, 2)] == "Quý I" and cells[(1, 3)] == "Sở Tư pháp"


def test_two_level_header_splits_its_band_into_sub_columns() -> None:
    x = (85.0, 120.0, 280.0, 360.0, 450.0)
    rows = [
        row(100, ("Stt", x[0]), ("Nội dung", x[1]), ("Thời gian", x[2]),
            ("Cơ quan thực hiện", 380.0), bold=True),
        row(115, ("Chủ trì", x[3]), ("Phối hợp", x[4]), bold=True),
        row(137, ("1", x[0]), ("Tuyên truyền", x[1]), ("Quý I", x[2]),
            ("Sở Tư pháp", x[3]), ("Công an tỉnh", x[4])),
        row(159, ("2", x[0]), ("Sơ kết", x[1]), ("Tháng 6", x[2]),
            ("Sở Nội vụ", x[3]), ("Sở Tài chính", x[4])),
        row(181, ("3", x[0]), ("Tổng kết", x[1]), ("Tháng 12", x[2]), ("Ban Dân vận", x[3])),
    ]  # fmt: skip
    t = text_table_model(find_text_tables(rows)[0], 1)
    assert (t.n_rows, t.n_cols) == (5, 5)
    head = next(c for c in t.cells if c.text == "Cơ quan thực hiện")
    assert (head.row, head.col, head.col_span) == (0, 3, 2)
    cells = {(c.row, c.col): c.text for c in t.cells}
    assert (cells[(1, 3)], cells[(1, 4)]) == ("Chủ trì", "Phối hợp")
    assert (cells[(2, 3)], cells[(2, 4)]) == ("Sở Tư pháp", "Công an tỉnh")
    assert (3, 4) in cells and (4, 4) not in cells


def test_paragraph_after_the_table_stays_out() -> None:
    rows = task_rows()
    last = rows[-1].bottom
    rows.append(row(last + 10, ("Hai cơ quan giao Văn phòng theo dõi đôn đốc thực hiện", 85)))
    rows.append(row(last + 25, ("Chương trình", 120)))  # fits one column, but a paragraph away
    found = find_text_tables(rows)
    assert len(found[0].rows) == len(rows) - 2


def test_running_text_and_lists_are_not_tables() -> None:
    text = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    rows = [row(100 + 15 * k, (text, 85)) for k in range(6)]
    # a numbered list: marker and text cut apart by a tab
    rows += [row(200 + 15 * k, (f"{k + 1}.", 85), ("Tuyên truyền phổ biến", 110)) for k in range(4)]
    # justified lines whose stretched gaps cut them in three, at different places
    rows += [
        row(300, ("Ủy ban nhân dân", 85), ("các huyện thành phố", 200), ("triển khai", 400)),
        row(315, ("Sở Tư pháp chủ trì phối hợp", 85), ("với các", 300), ("cơ quan", 470)),
        row(330, ("thực hiện", 85), ("nghiêm túc các nội dung", 160), ("trên", 500)),
    ]
    assert find_text_tables(rows) == []


def test_header_and_signature_regions_are_left_to_the_region_finder() -> None:
    header = [
        row(50, ("ỦY BAN NHÂN DÂN", 100), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300), bold=True),
        row(65, ("TỈNH SƠN LA", 110), ("Độc lập - Tự do - Hạnh phúc", 330), bold=True),
        row(80, ("Số: 254/QĐ-UBND", 100), ("Sơn La, ngày 17 tháng 02 năm 2023", 320)),
    ]
    signers = [  # three signature blocks side by side (a joint programme)
        row(
            600,
            ("TM. BAN THƯỜNG VỤ", 85),
            ("TM. ỦY BAN", 250),
            ("TM. BAN CHẤP HÀNH", 400),
            bold=True,
        ),
        row(615, ("BÍ THƯ", 100), ("CHỦ TỊCH", 265), ("CHỦ TỊCH", 420), bold=True),
        row(680, ("Nguyễn Văn An", 90), ("Lê Thị Bình", 260), ("Trần Văn Cường", 410), bold=True),
    ]
    assert find_text_tables(header + signers) == []
    assert len(text_regions(header + signers, page_height=842)) == 2


def test_a_table_ending_the_page_continues_on_the_next() -> None:
    found = find_text_tables(task_rows())
    bands = found[0].bands
    nxt = [
        row(60, ("sơ kết năm", COLS[1]), ("Sở Tài chính", COLS[4])),  # the row cut by the break
        row(
            80,
            ("4", COLS[0]),
            ("Tổng kết", COLS[1]),
            ("Tháng 12", COLS[2]),
            ("Ban Dân vận", COLS[3]),
            ("Các sở", COLS[4]),
        ),
        row(110, ("Hai cơ quan giao Văn phòng theo dõi đôn đốc thực hiện", 85)),
    ]
    cont = find_text_tables(nxt, carry=bands)
    assert len(cont) == 1 and cont[0].continued and len(cont[0].rows) == 2
    t = text_table_model(cont[0], 2)
    assert t.n_cols == 5 and t.n_rows == 2
    assert not any(c.row == 0 and c.col == 0 for c in t.cells)  # empty Stt: a continuation
    assert find_text_tables(nxt) == []  # without the carried bands: too short to be a table


# -- LibreOffice-made PDFs -----------------------------------------------------------------

TASKS = [
    (
        "1",
        "Tuyên truyền, phổ biến Chương trình phối hợp đến cán bộ, đoàn viên, hội viên và "
        "Nhân dân trên địa bàn tỉnh",
        "Quý I/2026",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Ủy ban MTTQ Việt Nam tỉnh; các tổ chức chính trị - xã hội tỉnh",
    ),
    ("2", "Tổ chức hội nghị sơ kết", "Tháng 6/2026", "Ủy ban MTTQ Việt Nam tỉnh", "Sở Nội vụ"),
    (
        "3",
        "Kiểm tra, giám sát việc thực hiện quy chế dân chủ ở cơ sở",
        "Hằng năm",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Thanh tra tỉnh; Sở Tư pháp",
    ),
    (
        "4",
        "Xây dựng chuyên mục trên Báo và Đài Phát thanh - Truyền hình tỉnh",
        "Thường xuyên",
        "Báo Sơn La",
        "Đài Phát thanh và Truyền hình tỉnh",
    ),
    (
        "5",
        "Tập huấn nghiệp vụ công tác dân vận cho cán bộ cấp xã",
        "Quý III/2026",
        "Sở Nội vụ",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    ),
    (
        "6",
        "Đánh giá, khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong thực hiện "
        "Chương trình",
        "Tháng 12/2026",
        "Ủy ban MTTQ Việt Nam tỉnh",
        "Sở Nội vụ; Ban Thi đua - Khen thưởng tỉnh",
    ),
    (
        "7",
        "Báo cáo kết quả thực hiện",
        "Trước ngày 15/12/2026",
        "Văn phòng Tỉnh ủy",
        "Các sở, ban, ngành",
    ),
    (
        "8",
        "Phối hợp giải quyết đơn thư khiếu nại, tố cáo của công dân",
        "Thường xuyên",
        "Thanh tra tỉnh",
        "Công an tỉnh; Sở Tư pháp",
    ),
]
HEADS = ("Stt", "Nội dung", "Thời gian", "Cơ quan chủ trì", "Cơ quan phối hợp")
WIDTHS_MM = (12, 55, 25, 35, 38)
BODY = (
    "Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XV, nhiệm kỳ 2020 - 2025; "
    "căn cứ tình hình thực tế, hai cơ quan thống nhất ban hành Chương trình phối hợp như sau:"
)


def _borders(table: Any, val: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), val)
        if val != "nil":
            e.set(qn("w:sz"), "4")
            e.set(qn("w:color"), "000000")
        edges.append(e)
    table._tbl.tblPr.append(edges)


def _task_docx(path: Path, *, ruled: bool, tight: bool, repeat_header: bool = False) -> None:
    """A programme whose task table starts on page 2 and has a row cut by a page break
    (``tight``: no spacing under the cells' paragraphs, so rows are as close as lines;
    ``repeat_header``: the header row is repeated on the new page)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    doc.add_paragraph("CHƯƠNG TRÌNH PHỐI HỢP").runs[0].bold = True
    for _ in range(19 if tight else 18):  # so that a row is cut by the page break
        doc.add_paragraph(BODY).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    table = doc.add_table(rows=1 + len(TASKS), cols=len(HEADS))
    _borders(table, "single" if ruled else "nil")
    table.autofit = False
    if repeat_header:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(flag)
    for k, mm in enumerate(WIDTHS_MM):
        table.columns[k].width = Mm(mm)
    for r, texts in enumerate([HEADS, *TASKS]):
        for c, text in enumerate(texts):
            cell = table.cell(r, c)
            cell.width = Mm(WIDTHS_MM[c])
            cell.text = text
            para = cell.paragraphs[0]
            if tight:
                para.paragraph_format.space_after = Pt(0)
                para.paragraph_format.line_spacing = 1.0
            for run in para.runs:
                run.font.size = Pt(12)
                run.bold = r == 0
    doc.add_paragraph("Hai cơ quan giao Văn phòng theo dõi, đôn đốc việc thực hiện Chương trình.")
    doc.save(str(path))


def _two_level_docx(path: Path, *, ruled: bool) -> None:
    """The task table under a two-row header: "Cơ quan thực hiện" over "Chủ trì | Phối hợp"."""
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    doc.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    table = doc.add_table(rows=2 + len(TASKS), cols=len(HEADS))
    _borders(table, "single" if ruled else "nil")
    table.autofit = False
    for k, mm in enumerate(WIDTHS_MM):
        table.columns[k].width = Mm(mm)
    for c, text in enumerate(HEADS[:3]):
        table.cell(0, c).merge(table.cell(1, c)).text = text
    table.cell(0, 3).merge(table.cell(0, 4)).text = "Cơ quan thực hiện"
    table.cell(1, 3).text, table.cell(1, 4).text = "Chủ trì", "Phối hợp"
    for r, texts in enumerate(TASKS):
        for c, text in enumerate(texts):
            table.cell(r + 2, c).text = text
    for r, trow in enumerate(table.rows):
        for cell in trow.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(12)
                    run.bold = r < 2
    doc.add_paragraph("Các cơ quan tổ chức thực hiện Kế hoạch này.")
    doc.save(str(path))


def _negative_docx(path: Path) -> None:
    """Header, justified paragraphs, a numbered list (tab after the number, lines wrapping
    to the margin), three signers side by side."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    header = doc.add_table(rows=1, cols=2)
    _borders(header, "nil")
    for cell, lines in zip(
        header.rows[0].cells,
        (
            ("BAN TUYÊN GIÁO VÀ DÂN VẬN", "TỈNH ỦY SƠN LA", "Số: 15-CTr/BTGDVTU"),
            ("ĐẢNG CỘNG SẢN VIỆT NAM", "Sơn La, ngày 13 tháng 02 năm 2026"),
        ),
        strict=True,
    ):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(2):
        doc.add_paragraph(BODY * 2).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for k, text in enumerate(("Tuyên truyền, phổ biến", "Kiểm tra, giám sát", "Sơ kết, tổng kết")):
        item = doc.add_paragraph(f"{k + 1}.\t{text} {BODY}\tQuý {k + 1}")
        item.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    signers = doc.add_table(rows=1, cols=3)
    _borders(signers, "nil")
    for cell, lines in zip(
        signers.rows[0].cells,
        (
            ("TM. BAN THƯỜNG VỤ", "BÍ THƯ", "", "", "Nguyễn Văn An"),
            ("TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "", "", "Lê Thị Bình"),
            ("TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "", "", "Trần Văn Cường"),
        ),
        strict=True,
    ):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in p.runs:
                run.bold = True
    doc.save(str(path))


def _to_pdf(docx: Path) -> Path:
    profile = docx.parent / f"lo_{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = docx.with_suffix(".pdf")
    if not out.exists():
        pytest.skip("LibreOffice did not produce a PDF")
    return out


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    pytest.importorskip("docx")
    folder = tmp_path_factory.mktemp("text_tables")
    docs = {
        "ruled": folder / "ruled.docx",
        "plain": folder / "plain.docx",
        "ruled_tight": folder / "ruled_tight.docx",
        "tight": folder / "tight.docx",
        "repeat": folder / "repeat.docx",
        "two_level_ruled": folder / "two_level_ruled.docx",
        "two_level": folder / "two_level.docx",
        "negative": folder / "negative.docx",
    }
    _task_docx(docs["ruled"], ruled=True, tight=False)
    _task_docx(docs["plain"], ruled=False, tight=False)
    _task_docx(docs["ruled_tight"], ruled=True, tight=True)
    _task_docx(docs["tight"], ruled=False, tight=True)
    _task_docx(docs["repeat"], ruled=False, tight=False, repeat_header=True)
    _two_level_docx(docs["two_level_ruled"], ruled=True)
    _two_level_docx(docs["two_level"], ruled=False)
    _negative_docx(docs["negative"])
    return {name: _to_pdf(path) for name, path in docs.items()}


def test_header_repeated_on_the_new_page_is_its_own_row(made: dict[str, Path]) -> None:
    parts = _text_tables(read(made["repeat"]))
    assert len(parts) == 2
    cells = {(c.row, c.col): c.text for c in parts[1].cells}
    assert cells[(0, 0)] == "Stt" and cells[(0, 4)] == "Cơ quan phối hợp"
    assert (1, 0) not in cells and (1, 1) in cells  # the cut row, its Stt on the page before


def test_two_level_header_gives_the_tasks_of_the_bordered_table(made: dict[str, Path]) -> None:
    from vanban.pipeline import extract_document

    found = _text_tables(read(made["two_level"]))
    assert len(found) == 1 and found[0].n_cols == 5
    head = next(c for c in found[0].cells if c.text == "Cơ quan thực hiện")
    assert (head.row, head.col, head.col_span) == (0, 3, 2)

    def tasks(path: Path) -> list[tuple[Any, ...]]:
        return [
            (t.no, t.content, t.lead, t.partners, t.timeframe) for t in extract_document(path).tasks
        ]

    ruled = tasks(made["two_level_ruled"])
    assert len(ruled) == len(TASKS) and tasks(made["two_level"]) == ruled
    assert ruled[1][2:4] == (["Ủy ban MTTQ Việt Nam tỉnh"], ["Sở Nội vụ"])


def _text_tables(doc: LayoutDocument) -> list[Table]:
    return [
        it
        for _, it in doc.items()
        if isinstance(it, Table) and it.finder == "text" and not it.borderless
    ]


@pytest.mark.parametrize("name", ["plain", "tight"])
def test_borderless_task_table_is_read_across_the_page_break(
    made: dict[str, Path], name: str
) -> None:
    doc = read(made[name])
    found = _text_tables(doc)
    assert len(found) == 2 and [t.page for t in found] == [found[0].page, found[0].page + 1]
    assert all(t.n_cols == 5 for t in found)
    heads = [c.text for c in found[0].cells if c.row == 0]
    assert heads == list(HEADS)
    assert not any(c.row == 0 and c.col == 0 for c in found[1].cells)  # the cut row goes on
    text = "\n".join(b.text for _, b in doc.items() if not isinstance(b, Table))
    assert "Công an tỉnh" not in text and "Quý I/2026" not in text
    assert "Hai cơ quan giao Văn phòng" in text


@pytest.mark.parametrize("name", ["plain", "tight", "repeat"])
def test_borderless_task_table_gives_the_tasks_of_the_bordered_one(
    made: dict[str, Path], name: str
) -> None:
    from vanban.pipeline import extract_document

    def tasks(path: Path) -> list[dict[str, Any]]:
        keep = ("no", "content", "lead", "partners", "timeframe", "pages", "group")
        return [
            {k: v for k, v in t.model_dump().items() if k in keep}
            for t in extract_document(path).tasks
        ]

    ruled = tasks(made["ruled_tight" if name == "tight" else "ruled"])
    plain = tasks(made[name])
    assert len(ruled) == len(TASKS)
    assert plain == ruled
    assert any(len(t["pages"]) == 2 for t in plain)  # one task crosses the page break
    assert plain[5]["partners"] == ["Sở Nội vụ", "Ban Thi đua - Khen thưởng tỉnh"]


def test_made_negatives_keep_their_layout(made: dict[str, Path]) -> None:
    doc = read(made["negative"])
    assert _text_tables(doc) == []
    layout = [it for _, it in doc.items() if isinstance(it, Table) and it.borderless]
    assert layout[0].n_cols == 2 and layout[0].cells[0].text == "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    signers = [t for t in layout if t.n_cols == 3]  # the three signers side by side
    assert signers and signers[0].cells[0].text.startswith("TM. BAN THƯỜNG")
    numbered = [b.text for _, b in doc.items() if not isinstance(b, Table) and b.text[:2] == "2."]
    assert len(numbered) == 1 and "Quý 2" in numbered[0]
    ruled = read(made["ruled"])
    assert _text_tables(ruled) == [] and all(
        it.finder == "ruling" for _, it in ruled.items() if isinstance(it, Table)
    )


# -- the real corpus: no unruled data table there, so nothing may change -------------------

EXPECTED_RULED = {  # file → ruled tables (as read before text tables were added)
    "congbot/pdf/55 ND_CP_21072023_2_signed.pdf": 0,
    "congbot/pdf/55 nd PL_21072023_3_signed.pdf": 12,
    "mineru-vietocr/e.pdf": 2,
    "mineru-vietocr/1.pdf": 0,
    "seed000": 3,
    "seed002": 0,
    "seed004": 0,
}


def _typed_pdfs() -> list[Path]:
    found = sorted(CORPUS.rglob("*.pdf")) if CORPUS.exists() else []
    return found + sorted(SAMPLES.glob("seed*/*.pdf"))


def test_corpus_pdfs_have_no_text_tables_and_keep_their_ruled_ones() -> None:
    files = _typed_pdfs()
    if not files:
        pytest.skip("no typed PDFs available")
    seen = 0
    for path in files:
        doc = read(path)
        assert _text_tables(doc) == [], path.name
        key = path.stem if path.is_relative_to(SAMPLES) else str(path.relative_to(CORPUS))
        if key in EXPECTED_RULED:
            seen += 1
            ruled = [t for _, t in doc.items() if isinstance(t, Table) and t.finder == "ruling"]
            assert len(ruled) == EXPECTED_RULED[key], path.name
    assert seen >= 3
