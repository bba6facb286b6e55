"""``vanban review``: the self-contained page, its boxes, the index, an inbox output folder."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from tests.conftest import SAMPLES
from vanban.cli import main
from vanban.review.build import build_review
from vanban.review.history import keep_history
from vanban.review.html import ReviewInput, render_review_page
from vanban.review.render import PageImage

SEED_PDF = SAMPLES / "seed000" / "seed000.pdf"
SEED_DOCX = SAMPLES / "seed000" / "seed000.docx"
# a 1×1 grey PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c6360000000020001e221bc330000000049454e44ae426082"
)


def _tree(text: str) -> Any:
    return lxml_html.fromstring(text)


def _no_external_assets(text: str) -> None:
    tree = _tree(text)
    assert not tree.xpath("//link|//script[@src]|//iframe")
    for src in tree.xpath("//img/@src"):
        assert src.startswith("data:image/"), src[:40]
    assert not re.search(r"url\((?!data:)", text)
    assert "http://" not in text and "https://" not in text


# --- the page from constructed inputs --------------------------------------------------


def _doc() -> dict[str, Any]:
    return {
        "extractor_version": "0.1.0",
        "source": {"filename": "kh115.pdf", "sha256": "ab" * 32, "format": "pdf", "pages": 1},
        "doc_type": "Kế hoạch",
        "number": {"raw": "Số: 115/KH-MTTQ-UB", "canonical": "115/KH-MTTQ-UB"},
        "date": "2026-02-13",
        "date_raw": "ngày 13 tháng 02 năm 2026",
        "sources": {"date": {"page": 1, "bbox": [300, 80, 500, 100], "span": [10, 30]}},
        "legal_basis": [
            {
                "raw": "Quyết định số 720-QĐ/TU ngày 13/2/2026 của Ban Thường vụ Tỉnh ủy",
                "number": "720-QĐ/TU",
                "doc_type": "Quyết định",
                "verb": "Căn cứ",
                "page": 1,
                "bbox": [85, 200, 550, 230],
            }
        ],
        "tasks": [
            {"no": "1", "content": "Tuyên truyền <Nghị quyết>", "lead": ["Ban Tuyên giáo"]},
            {
                "no": "2",
                "content": "Giám sát",
                "lead": ["Ủy ban MTTQ"],
                "page": 1,
                "bbox": [59.53, 421.0, 297.65, 505.13],
            },
        ],
        "warnings": [{"code": "numbering_gap", "message": "table 0: 3 follows 1", "page": 1}],
    }


def test_page_boxes_marks_and_escaping() -> None:
    page = PageImage(1, 595.3, 841.89, 1, 1, "image/png", PNG)
    diff = {
        "changes": [{"path": "tasks[no=2].lead", "kind": "added", "new": "Sở Y tế"}],
        "meta": [],
    }
    finding = {
        "kind": "number_mismatch",
        "severity": "warning",
        "key": "P|QĐ|720|TU",
        "documents": ["kh115.pdf", "qd720.pdf"],
        "message": "720-QĐ/TU is dated 12/2/2026 in qd720.pdf",
        "evidence": [{"document": "kh115.pdf", "page": 1, "text": "720-QĐ/TU ngày 13/2/2026"}],
    }
    other = dict(finding, documents=["x.pdf"], evidence=[{"document": "x.pdf", "text": "1"}])
    from vanban.review.html import findings_for

    doc = _doc()
    text = render_review_page(
        ReviewInput(
            doc=doc,
            pages=[page],
            findings=findings_for(doc, [finding, other]),
            diff=diff,
            reviewed=[{"field": "tasks[no=1].lead", "by": "Lan"}],
        )
    )
    _no_external_assets(text)
    tree = _tree(text)
    rows = tree.xpath("//table[@id='task-table']//tr[contains(@class,'task-row')]")
    assert [r.get("data-ref") for r in rows] == ["task-0", "task-1"]
    assert "is-changed" in rows[1].get("class") and "is-reviewed" in rows[0].get("class")
    assert "is-unplaced" in rows[0].get("class")  # no box for task 1
    assert "Tuyên truyền <Nghị quyết>" in rows[0].text_content()  # escaped, shown as printed
    box = tree.get_element_by_id("box-task-1")
    assert box.get("style") == "left:10.0%;top:50.01%;width:40.0%;height:9.99%"
    assert tree.get_element_by_id("box-lb-0").get("data-kind") == "citation"
    assert tree.get_element_by_id("box-hdr-date") is not None
    cit = tree.get_element_by_id("rec-lb-0")
    assert "is-finding" in cit.get("class")
    assert "number_mismatch" in tree.get_element_by_id("findings").text_content()
    assert "Cross-document findings (1)" in text
    assert "numbering_gap" in tree.get_element_by_id("warnings").text_content()
    assert "tasks[no=2].lead" in tree.get_element_by_id("diff").text_content()


def test_page_without_images_says_why() -> None:
    text = render_review_page(ReviewInput(doc=_doc(), notes=[".txt has no page images"]))
    tree = _tree(text)
    assert not tree.xpath("//img") and not tree.xpath("//div[contains(@class,'box')]")
    assert ".txt has no page images" in tree.get_element_by_id("pages").text_content()


# --- real documents ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pdf_doc() -> dict[str, Any]:
    if not SEED_PDF.exists():
        pytest.skip("samples/seed000/seed000.pdf not built")
    from vanban.pipeline import extract_document

    return json.loads(extract_document(SEED_PDF).model_dump_json())


def test_review_of_seed_000_pdf(seed_pdf_doc: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "review"
    written = build_review([SEED_PDF], out, dpi=40)
    assert [p.name for p in written] == ["seed000.pdf.html", "index.html"]
    text = written[0].read_text(encoding="utf-8")
    _no_external_assets(text)
    tree = _tree(text)
    assert len(tree.xpath("//figure[@class='page']//img")) == 5
    tasks = seed_pdf_doc["tasks"]
    rows = tree.xpath("//tr[contains(@class,'task-row')]")
    assert len(rows) == len(tasks) >= 15
    boxed = [t for t in tasks if t.get("bbox")]
    assert len(tree.xpath("//div[contains(@class,'box-task')]")) == len(boxed) >= 15
    # each task box sits on the page the JSON names
    for i, t in enumerate(tasks):
        if t.get("bbox"):
            figure = tree.get_element_by_id(f"box-task-{i}").getparent().getparent()
            assert figure.get("data-page") == str(t["page"])
    assert len(tree.xpath("//div[contains(@class,'box-citation')]")) == len(
        [c for c in seed_pdf_doc["legal_basis"] if c.get("bbox")]
    )
    assert tree.xpath("//div[@id='box-hdr-number']")
    index = _tree(written[1].read_text(encoding="utf-8"))
    row = index.xpath("//tr[contains(@class,'doc-row')]")[0]
    assert row.xpath(".//a/@href") == ["seed000.pdf.html"]
    assert row.xpath(".//td[contains(@class,'c-tasks')]")[0].text == str(len(tasks))


def test_review_of_an_inbox_output_folder(seed_pdf_doc: dict[str, Any], tmp_path: Path) -> None:
    """json/, archive/, findings.json, corrections/ and the history of a re-extraction."""
    out = tmp_path / "out"
    sha = seed_pdf_doc["source"]["sha256"]
    (out / "archive" / sha[:2]).mkdir(parents=True)
    shutil.copyfile(SEED_PDF, out / "archive" / sha[:2] / f"{sha}.pdf")
    (out / "json").mkdir()
    json_path = out / "json" / "seed000.json"
    previous = json.loads(json.dumps(seed_pdf_doc))
    previous["tasks"][3]["lead"] = ["Văn phòng Tỉnh ủy"]
    previous["tasks"].pop()
    json_path.write_text(json.dumps(seed_pdf_doc, ensure_ascii=False), encoding="utf-8")
    keep_history(json_path, json.dumps(previous, ensure_ascii=False), seed_pdf_doc)
    (out / "findings.json").write_text(
        json.dumps(
            {
                "findings": [
                    {
                        "kind": "cites_unknown_document",
                        "severity": "info",
                        "key": "P|QĐ|329|TW@XIII",
                        "documents": ["seed000.pdf"],
                        "message": "329-QĐ/TW is not in the corpus",
                        "evidence": [{"document": "seed000.pdf", "text": "329-QĐ/TW"}],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    (out / "corrections").mkdir()
    (out / "corrections" / "seed000.corrections.json").write_text(
        json.dumps(
            {
                "document": {"number": seed_pdf_doc["number"]["canonical"]},
                "reviewer": "Lan",
                "corrections": [
                    {"field": "tasks[no=1].outputs[+]", "value": "Kế hoạch năm"},
                    {"field": "legal_basis[number=301-QĐ/TW].issuer", "value": "Ban Bí thư TW"},
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    (out / "quarantine").mkdir()
    (out / "quarantine" / "mã hóa.pdf.error.json").write_text(
        json.dumps({"original_name": "mã hóa.pdf", "code": "encrypted", "message": "password"}),
        encoding="utf-8",
    )
    review = tmp_path / "review"
    assert main(["review", str(out), "--out", str(review), "--dpi", "30"]) == 0
    assert sorted(p.name for p in review.iterdir()) == ["index.html", "seed000.html"]
    tree = _tree((review / "seed000.html").read_text(encoding="utf-8"))
    assert len(tree.xpath("//figure[@class='page']")) == 5  # the archived original was found
    diff_text = tree.get_element_by_id("diff").text_content()
    assert "tasks[no=4].lead" in diff_text and "3 changes" in diff_text
    assert "is-changed" in tree.get_element_by_id("rec-task-3").get("class")
    assert "is-finding" in tree.get_element_by_id("rec-lb-0").get("class")
    assert "is-reviewed" in tree.get_element_by_id("rec-task-0").get("class")
    assert "Kế hoạch năm" in tree.get_element_by_id("rec-task-0").text_content()
    lb1 = tree.get_element_by_id("rec-lb-1")
    assert lb1.get("data-path") == "legal_basis[number=301-QĐ/TW]"
    assert "is-reviewed" in lb1.get("class") and "Ban Bí thư TW" in lb1.text_content()
    assert tree.get_element_by_id("rec-task-0").get("data-path") == "tasks[no=1]"
    template = json.loads(tree.xpath("//section[@id='corrections']//pre")[0].text)
    assert template["document"]["sha256"] == sha
    index = _tree((review / "index.html").read_text(encoding="utf-8"))
    cells = {
        c: index.xpath(f"//td[contains(@class,'c-{c}')]")[0].text
        for c in ("tasks", "citations", "warnings", "findings", "changes", "reviewed")
    }
    assert cells == {
        "tasks": str(len(seed_pdf_doc["tasks"])),
        "citations": str(len(seed_pdf_doc["legal_basis"]) + len(seed_pdf_doc["references"])),
        "warnings": str(len(seed_pdf_doc["warnings"])),
        "findings": "1",
        "changes": "3",
        "reviewed": "2",
    }
    error = index.xpath("//tr[contains(@class,'is-error')]")[0].text_content()
    assert "mã hóa.pdf" in error and "encrypted" in error


def test_docx_boxes_are_located_on_the_libreoffice_rendering(tmp_path: Path) -> None:
    if not SEED_DOCX.exists() or shutil.which("soffice") is None:
        pytest.skip("needs samples/seed000/seed000.docx and LibreOffice")
    written = build_review([SEED_DOCX], tmp_path, dpi=30)
    tree = _tree(written[0].read_text(encoding="utf-8"))
    assert len(tree.xpath("//figure[@class='page']")) >= 4
    rows = tree.xpath("//tr[contains(@class,'task-row')]")
    task_boxes = tree.xpath("//div[contains(@class,'box-task')]")
    assert len(rows) >= 15 and len(task_boxes) >= len(rows) - 2
    assert "LibreOffice" in tree.xpath("//p[@class='note']")[0].text_content()


def test_cli_single_json_with_previous(seed_pdf_doc: dict[str, Any], tmp_path: Path) -> None:
    new = tmp_path / "new.json"
    old = tmp_path / "old.json"
    new.write_text(json.dumps(seed_pdf_doc, ensure_ascii=False), encoding="utf-8")
    changed = json.loads(json.dumps(seed_pdf_doc))
    changed["legal_basis"][0]["date"] = "2025-06-14"
    old.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    args = ["review", str(new), "--out", str(tmp_path / "r"), "--dpi", "20"]
    assert main([*args, "--previous", str(old), "--source", str(SEED_PDF)]) == 0
    tree = _tree((tmp_path / "r" / "new.html").read_text(encoding="utf-8"))
    assert "legal_basis[329-QĐ/TW].date" in tree.get_element_by_id("diff").text_content()
    assert (
        main(["review", str(tmp_path), "--previous", str(old), "--out", str(tmp_path / "x")]) == 2
    )


def test_text_formats_show_the_text_with_spans_marked(tmp_path: Path) -> None:
    seed_txt = SAMPLES / "seed000" / "seed000.txt"
    if not seed_txt.exists():
        pytest.skip("samples/seed000/seed000.txt not built")
    from vanban.pipeline import extract_document

    doc = json.loads(extract_document(seed_txt).model_dump_json())
    written = build_review([seed_txt], tmp_path)
    tree = _tree(written[0].read_text(encoding="utf-8"))
    assert not tree.xpath("//img")
    for i, citation in enumerate(doc["legal_basis"]):
        mark = tree.get_element_by_id(f"box-lb-{i}")
        assert mark.tag == "mark" and mark.get("data-ref") == f"lb-{i}"
        assert mark.text_content() == citation["raw"]  # the span points at the printed text
    number = tree.get_element_by_id("box-hdr-number")
    assert number.text_content() == doc["number"]["raw"]


def test_a_needs_review_finding_shows_both_readings_with_their_confidence_and_place() -> None:

    doc = {"source": {"filename": "47-cp.pdf", "format": "pdf", "pages": 1}, "warnings": []}
    finding = {
        "kind": "needs_review",
        "severity": "info",
        "suspected": "issuer_mismatch",
        "key": "P|KL|57|TW",
        "documents": ["47-cp.pdf"],
        "message": "attributed to different issuers",
        "evidence": [
            {
                "document": "47-cp.pdf",
                "page": 1,
                "text": "của Bộ Chính frị",
                "confidence": 0.4,
                "unsure": ["issuer"],
                "bbox": [95.3, 342.7, 541.9, 390.0],
            },
            {"document": "47-cp.pdf", "page": 1, "text": "của Bộ Chính trị"},
        ],
    }
    html = render_review_page(ReviewInput(doc=doc, findings=[finding]))
    assert "(issuer_mismatch?)" in html
    assert "của Bộ Chính frị (OCR 0.40; unsure: issuer; p. 1 [95, 343, 542, 390])" in html
    assert "<li>của Bộ Chính trị</li>" in html


HOSTILE = "<script>alert(1)</script>\"'&"


def test_every_section_escapes_document_text() -> None:
    """Autoescape does the escaping: document text never becomes markup, in any section."""
    doc = {
        "source": {"filename": HOSTILE, "format": "pdf", "pages": 1},
        "doc_type": HOSTILE,
        "title": HOSTILE,
        "number": {"canonical": HOSTILE, "raw": HOSTILE},
        "issuers": [HOSTILE],
        "legal_basis": [{"raw": HOSTILE, "number": HOSTILE, "verb": HOSTILE, "issuer": HOSTILE}],
        "references": [{"raw": HOSTILE, "name": HOSTILE}],
        "tasks": [
            {
                "no": HOSTILE,
                "content": HOSTILE,
                "lead": [HOSTILE],
                "group": HOSTILE,
                "timeframe": {"raw": HOSTILE, "end": HOSTILE},
            }
        ],  # fmt: skip
        "signers": [{"name": HOSTILE, "position": HOSTILE}],
        "warnings": [{"code": HOSTILE, "message": HOSTILE, "field": HOSTILE}],
    }
    findings = [{"kind": HOSTILE, "severity": "error", "message": HOSTILE, "documents": [HOSTILE],
                 "evidence": [{"document": HOSTILE, "text": HOSTILE, "confidence": 0.5}]}]  # fmt: skip
    diff = {"old": HOSTILE, "changes": [{"kind": "changed", "path": HOSTILE, "old": HOSTILE,
                                         "new": HOSTILE}]}  # fmt: skip
    page = render_review_page(
        ReviewInput(
            doc=doc,
            findings=findings,
            diff=diff,
            text=HOSTILE,
            notes=[HOSTILE],
            reviewed=[{"field": HOSTILE, "note": HOSTILE}],
            failed_corrections=[{"field": HOSTILE, "reason": HOSTILE}],
        )  # fmt: skip
    )
    assert "<script>alert(1)" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 20
    from vanban.review.html import IndexEntry, render_index

    index = render_index([IndexEntry(href=HOSTILE, filename=HOSTILE, title=HOSTILE)], title=HOSTILE)
    assert "<script>alert(1)" not in index and 'href="&lt;script' in index


def test_templates_mark_nothing_safe() -> None:
    """No template switches escaping off: only the package's own CSS and JS are markup."""
    from importlib import resources

    folder = resources.files("vanban.review").joinpath("templates")
    for entry in folder.iterdir():
        text = entry.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), entry.name
        assert "autoescape false" not in text, entry.name


def test_an_output_folder_with_a_store_gets_the_graph_and_the_register(tmp_path: Path) -> None:
    """Issue 13: each page has a "cites / cited by" panel linking the other pages, and the
    index links a register page listing every task under each body."""
    from tests.register_docs import write_output_folder
    from vanban.review.build import build_review

    out = tmp_path / "out"
    write_output_folder(out)
    review = tmp_path / "review"
    build_review([out], review)
    page = lxml_html.parse(str(review / "nd75.txt.html")).getroot()
    cited_by = page.xpath("//section[@id='links']/table[2]//a")
    assert [(a.text, a.get("href")) for a in cited_by] == [
        ("Nghị định 55/2023/NĐ-CP (2023-07-21)", "nd55.txt.html")
    ]
    plan = lxml_html.parse(str(review / "kh40.txt.html")).getroot()
    (row,) = plan.xpath("//section[@id='links']/table[1]//tr[contains(@class, 'rel-implements')]")
    assert row.xpath(".//a/@href") == ["ctr15.txt.html"]
    index = lxml_html.parse(str(review / "index.html")).getroot()
    assert index.xpath("//a[@class='register-link']/@href") == ["register.html"]
    register = lxml_html.parse(str(review / "register.html")).getroot()
    rows = register.xpath("//table[@id='doc-table']/tbody/tr")
    assert len(rows) == 7  # six tasks, one of them under its lead and its partner
    assert {r.xpath("string(td[3]/a/@href)") for r in rows} == {"ctr15.txt.html", "kh40.txt.html"}
