"""Documents written for header and citation cases that the seeds do not show.

Each case is a short, complete document in the real Party or State layout (NĐ 30/2020,
Hướng dẫn 36-HD/VPTW), typed here as data and written as DOCX (python-docx, the same
layout helpers as the seed samples) and PDF (LibreOffice from that DOCX). The texts are
invented for the project; their bodies and numbers are plausible, not real documents.

    python -m samples.build_cases            # writes samples/cases/<name>.docx and .pdf

>>> sorted(CASES)
['case_cv_vv', 'case_kh_prose', 'case_kh_title']
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from samples.build_samples import MANIFEST, convert_to_pdf, pin_pdf, record_hashes
from samples.docx_writer import (
    TEXT_WIDTH_MM,
    _first_empty,
    _no_borders,
    _page_setup,
    _para,
    _widths,
    save_deterministic,
)
from samples.sample_specs import PARTY_MOTTO, STATE_MOTTO

OUT = Path(__file__).resolve().parent / "cases"
CENTER = WD_ALIGN_PARAGRAPH.CENTER


@dataclass(frozen=True)
class Case:
    """One case document: header columns, type and title, body, signature, Nơi nhận."""

    name: str
    when: dt.date
    bodies: tuple[str, ...]
    party: bool
    number_line: str
    place_date: str
    subject_lines: tuple[str, ...]  # "V/v …" lines of a công văn, in the left column
    type_line: str | None
    title_lines: tuple[str, ...]
    addressees: tuple[str, ...]  # "Kính gửi: …" lines
    body: tuple[str, ...]
    signature: tuple[str, ...]  # authority / position lines, then the name
    recipients: tuple[str, ...]


CASES: dict[str, Case] = {
    "case_kh_prose": Case(
        name="case_kh_prose",
        when=dt.date(2026, 3, 25),
        bodies=("ỦY BAN NHÂN DÂN", "TỈNH ĐIỆN BIÊN"),
        party=False,
        number_line="Số: 142/KH-UBND",
        place_date="Điện Biên, ngày 25 tháng 3 năm 2026",
        subject_lines=(),
        type_line="KẾ HOẠCH",
        title_lines=(
            "Triển khai thực hiện Nghị quyết số 05-NQ/TU ngày 12/3/2026 của Ban Chấp hành "
            "Đảng bộ tỉnh về đẩy mạnh chuyển đổi số trong hệ thống chính trị",
        ),
        addressees=(),
        body=(
            "Thực hiện Nghị quyết số 05-NQ/TU ngày 12/3/2026 của Ban Chấp hành Đảng bộ tỉnh về "
            "đẩy mạnh chuyển đổi số trong hệ thống chính trị giai đoạn 2026 - 2030;",
            "Căn cứ Quyết định số 215/QĐ-UBND ngày 20/02/2026 của Ủy ban nhân dân tỉnh ban hành "
            "Chương trình công tác năm 2026;",
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "- Cụ thể hóa các nhiệm vụ của Nghị quyết số 05-NQ/TU phù hợp với điều kiện của tỉnh.",
            "2. Yêu cầu",
            "- Xác định rõ nhiệm vụ, thời hạn và trách nhiệm của từng cơ quan, đơn vị.",
            "II. NHIỆM VỤ TRỌNG TÂM",
            "1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ và các sở, ban, ngành "
            "xây dựng Đề án chuyển đổi số trong các cơ quan nhà nước của tỉnh, trình Ủy ban nhân "
            "dân tỉnh trước ngày 30/6/2026.",
            "2. Giao Văn phòng Ủy ban nhân dân tỉnh nâng cấp Hệ thống quản lý văn bản và điều "
            "hành, hoàn thành trong quý III/2026.",
            "3. Sở Tài chính có trách nhiệm thực hiện các nội dung sau:",
            "- Tham mưu bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số năm 2026;",
            "- Hướng dẫn các cơ quan, đơn vị lập dự toán kinh phí, hoàn thành trước ngày "
            "31/10/2026;",
            "+ Tổng hợp dự toán của các sở, ban, ngành;",
            "+ Thẩm định dự toán của Ủy ban nhân dân các huyện, thành phố.",
            "4. Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh tuyên "
            "truyền, vận động Nhân dân sử dụng các nền tảng số; định kỳ 6 tháng báo cáo kết quả "
            "về Ủy ban nhân dân tỉnh.",
            "III. NHIỆM VỤ CHỦ YẾU",
            "1. Về hạ tầng số",
            "a) Sở Khoa học và Công nghệ phối hợp với Viễn thông Điện Biên phát triển hạ tầng "
            "mạng 5G tại các khu công nghiệp trong năm 2026.",
            "b) Ủy ban nhân dân các huyện, thành phố rà soát các điểm chưa có sóng di động, báo "
            "cáo kết quả về Sở Khoa học và Công nghệ trước ngày 15/12 hằng năm.",
            "2. Về dữ liệu số",
            "Các sở, ban, ngành cập nhật dữ liệu chuyên ngành lên Kho dữ liệu dùng chung của "
            "tỉnh, thực hiện thường xuyên.",
            "IV. KINH PHÍ THỰC HIỆN",
            "Kinh phí thực hiện Kế hoạch từ nguồn ngân sách nhà nước theo phân cấp hiện hành.",
            "V. TỔ CHỨC THỰC HIỆN",
            "1. Sở Nội vụ:",
            "- Theo dõi, đôn đốc việc triển khai Kế hoạch này;",
            "- Tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 20/12/2026.",
            "2. Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố:",
            "- Xây dựng kế hoạch thực hiện của cơ quan, đơn vị mình trong quý II/2026;",
            "- Định kỳ hằng quý báo cáo tiến độ thực hiện về Sở Nội vụ.",
            "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh "
            "về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, quyết định./.",
        ),
        signature=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Thành"),
        recipients=(
            "- Thường trực Tỉnh ủy (b/c);",
            "- Thường trực HĐND tỉnh;",
            "- Các sở, ban, ngành tỉnh;",
            "- UBND các huyện, thành phố;",
            "- Lưu: VT, KGVX.",
        ),
    ),
    "case_kh_title": Case(
        name="case_kh_title",
        when=dt.date(2026, 7, 14),
        bodies=("ỦY BAN MTTQ VIỆT NAM", "TỈNH ĐIỆN BIÊN"),
        party=False,
        number_line="Số: 86/KH-MTTQ-BTT",
        place_date="Điện Biên, ngày 14 tháng 7 năm 2026",
        subject_lines=(),
        type_line="KẾ HOẠCH",
        title_lines=(
            "Triển khai thực hiện Quy chế phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy "
            "với Ủy ban MTTQ Việt Nam tỉnh năm 2026",
        ),
        addressees=(),
        body=(
            "Thực hiện Kế hoạch số 12/KH-MTTW-UB ngày 08/6/2026 của Ủy ban Trung ương "
            "Mặt trận Tổ quốc (MTTQ) Việt Nam về ban hành Kế hoạch giám sát, phản biện xã hội "
            "năm 2026;",
            "Căn cứ Kết luận số 118-KL/TW ngày 18/01/2026 của Bộ Chính trị, Ban Bí thư về "
            "tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc;",
            "Căn cứ Nghị quyết số 43-NQ/TW ngày 24/11/2023 của Bộ Chính trị về tiếp tục phát "
            "huy truyền thống, sức mạnh khối đại đoàn kết toàn dân tộc;",
            "Căn cứ Quy chế phối hợp số 15-QC/BTGDVTU-UBMTTQ ngày 20/3/2026 giữa Ban Tuyên "
            "giáo và Dân vận Tỉnh ủy với Ủy ban MTTQ Việt Nam tỉnh (sau đây gọi tắt là "
            "Quy chế phối hợp);",
            "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh xây dựng Kế hoạch thực hiện như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Nâng cao hiệu quả phối hợp giữa hai cơ quan trong công tác dân vận, giám sát "
            "và phản biện xã hội.",
            "2. Việc phối hợp bảo đảm đúng chức năng, nhiệm vụ của mỗi cơ quan.",
            "II. NỘI DUNG THỰC HIỆN",
            "1. Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh chủ trì, phối hợp với Ban Tuyên "
            "giáo và Dân vận Tỉnh ủy tổ chức hội nghị sơ kết 6 tháng, hoàn thành trước ngày "
            "30/9/2026.",
            "2. Văn phòng Ủy ban MTTQ Việt Nam tỉnh tổng hợp, báo cáo kết quả thực hiện về "
            "Ban Thường trực trước ngày 15/12/2026.",
        ),
        signature=("TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Lò Văn Minh"),
        recipients=(
            "- Ban Thường trực UBTW MTTQ Việt Nam;",
            "- Ban Tuyên giáo và Dân vận Tỉnh ủy;",
            "- Lưu: VT.",
        ),
    ),
    "case_cv_vv": Case(
        name="case_cv_vv",
        when=dt.date(2026, 8, 5),
        bodies=("TỈNH ỦY ĐIỆN BIÊN", "BAN TUYÊN GIÁO VÀ DÂN VẬN"),
        party=True,
        number_line="Số 125-CV/BTGDVTU",
        place_date="Điện Biên, ngày 05 tháng 8 năm 2026",
        subject_lines=("V/v triển khai Quy chế phối hợp với", "Ủy ban MTTQ Việt Nam tỉnh"),
        type_line=None,
        title_lines=(),
        addressees=("Kính gửi: Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",),
        body=(
            "Thực hiện Kết luận số 118-KL/TW ngày 18/01/2026 của Bộ Chính trị, Ban Bí thư về "
            "tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc, Ban Tuyên "
            "giáo và Dân vận Tỉnh ủy đề nghị Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh phối hợp "
            "triển khai Quy chế phối hợp năm 2026, báo cáo kết quả trước ngày 30/11/2026.",
            "Ban Tuyên giáo và Dân vận Tỉnh ủy đề nghị quý cơ quan quan tâm, phối hợp thực hiện.",
        ),
        signature=("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Hoa"),
        recipients=(
            "- Như kính gửi;",
            "- Thường trực Tỉnh ủy (b/c);",
            "- Lưu Văn phòng Ban.",
        ),
    ),
}


def _header(doc: DocxDocument, case: Case) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (75, TEXT_WIDTH_MM - 75))
    left, right = table.rows[0].cells
    for body in case.bodies:
        _para(left, body, size=13, bold=True, align=CENTER)
    if case.party:
        _para(left, "*", size=13, align=CENTER)
    _para(left, case.number_line, size=13, align=CENTER)
    for line in case.subject_lines:
        _para(left, line, size=12, align=CENTER)
    motto = PARTY_MOTTO if case.party else STATE_MOTTO
    for i, line in enumerate(motto):
        p = _para(right, line, size=13 if i == 0 else 14, bold=True, align=CENTER)
        if line == motto[-1]:
            for run in p.runs:
                run.underline = True
    _para(right, "", size=13)
    _para(right, case.place_date, size=14, italic=True, align=CENTER)
    _first_empty(left)
    _first_empty(right)


def build_document(case: Case) -> DocxDocument:
    doc = new_docx()
    _page_setup(doc)
    _header(doc, case)
    _para(doc, "", size=14)
    if case.type_line:
        _para(doc, case.type_line, size=14, bold=True, align=CENTER)
    for line in case.title_lines:
        _para(doc, line, size=14, bold=True, align=CENTER, after=12)
    for line in case.addressees:
        _para(doc, line, size=14, align=CENTER, after=6)
    for text in case.body:
        heading = text[:3].rstrip(".").isupper() and text.isupper()
        _para(
            doc,
            text,
            size=14,
            bold=heading,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            after=6,
            indent_mm=10,
            line_spacing=1.3,
        )
    sig = doc.add_table(rows=1, cols=2)
    _no_borders(sig)
    _widths(sig, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2))
    left, right = sig.rows[0].cells
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in case.recipients:
        _para(left, line, size=11)
    *top, name = case.signature
    for line in top:
        _para(right, line, size=14, bold=True, align=CENTER)
    for _ in range(3):
        _para(right, "", size=14)
    _para(right, name, size=14, bold=True, align=CENTER)
    _first_empty(left)
    _first_empty(right)
    return doc


def build(case: Case, out: Path = OUT) -> tuple[Path, Path]:
    """Write ``<name>.docx`` and ``<name>.pdf`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    when = dt.datetime(case.when.year, case.when.month, case.when.day, tzinfo=dt.UTC)
    docx = out / f"{case.name}.docx"
    save_deterministic(build_document(case), docx, when)
    with tempfile.TemporaryDirectory(prefix="vanban_cases_") as tmp:
        pdf = convert_to_pdf(docx, Path(tmp))
        target = out / f"{case.name}.pdf"
        target.write_bytes(pin_pdf(pdf.read_bytes(), case.name))
    return docx, target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=sorted(CASES), action="append")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    for name in args.only or sorted(CASES):
        for path in build(CASES[name], args.out):
            print(path)
    if args.out.resolve() == OUT and MANIFEST.exists():
        record_hashes(MANIFEST, OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
