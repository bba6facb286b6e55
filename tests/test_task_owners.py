"""Owners, deadlines and outputs read from prose task sentences (issue 12)."""

from __future__ import annotations

import pytest

from vanban.parsers.task_owners import body_list, sentence_roles
from vanban.parsers.task_times import sentence_times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sở Tư pháp chủ trì, phối hợp với các sở, ban, ngành tổ chức tập huấn.",
            {"lead": ["Sở Tư pháp"], "partners": ["các sở, ban, ngành"]},
        ),
        (
            "Giao Văn phòng Ủy ban nhân dân tỉnh nâng cấp hệ thống.",
            {"lead": ["Văn phòng Ủy ban nhân dân tỉnh"]},
        ),
        (
            "Giao Ban Phong trào Ủy ban MTTQ Việt Nam tỉnh là đầu mối theo dõi.",
            {"focal_units": ["Ban Phong trào Ủy ban MTTQ Việt Nam tỉnh"]},
        ),
        ("Đề nghị các tổ chức thành viên tuyên truyền.", {"lead": ["các tổ chức thành viên"]}),
        ("Sở Y tế có trách nhiệm hướng dẫn các địa phương.", {"lead": ["Sở Y tế"]}),
        (
            "Để thể chế hoá Nghị quyết, Đảng đoàn Quốc hội xác định các nhiệm vụ sau:",
            {"lead": ["Đảng đoàn Quốc hội"]},
        ),
        ("Ban hành Thông tư của Bộ Quốc phòng hướng dẫn công tác.", {}),
        ("Lãnh đạo, chỉ đạo rà soát pháp luật.", {}),
    ],
)
def test_owner_statements(text: str, expected: dict[str, list[str]]) -> None:
    assert sentence_roles(text) == expected


def test_both_parties_are_the_issuers_of_a_joint_programme() -> None:
    issuers = ["BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM TỈNH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]
    for subject in ("Hai bên", "Hai cơ quan", "Các bên ký kết"):
        roles = sentence_roles(f"{subject} phối hợp tổ chức sơ kết hằng năm.", issuers=issuers)
        assert roles == {"lead": issuers}
    assert sentence_roles("Hai bên phối hợp tổ chức sơ kết.") == {}  # no issuers: no guess


def test_a_heading_naming_several_bodies_gives_one_entry_each() -> None:
    assert body_list(
        "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh và Sở Thông tin và Truyền thông"
    ) == [
        "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",
        "Sở Thông tin và Truyền thông",
    ]


@pytest.mark.parametrize(
    ("text", "deadline", "end"),
    [
        ("trình Ủy ban nhân dân tỉnh trước ngày 30/6/2026.", "trước ngày 30/6/2026", "2026-06-30"),
        (
            "nâng cấp hệ thống, hoàn thành trong quý III/2026.",
            "hoàn thành trong quý III/2026",
            "2026-09-30",
        ),
        ("thực hiện cơ bản hoàn thành trong năm 2025.", "hoàn thành trong năm 2025", "2025-12-31"),
        (
            "Thời gian: Hoàn thành trước ngày 31 tháng 10 năm 2025.",
            "Hoàn thành trước ngày 31 tháng 10 năm 2025",
            "2025-10-31",
        ),
    ],
)
def test_deadlines_in_sentences(text: str, deadline: str, end: str) -> None:
    found = sentence_times(text).deadline
    assert found is not None and (found.raw, found.end) == (deadline, end)


def test_timeframes_recurrences_and_reports() -> None:
    t = sentence_times("Định kỳ 6 tháng báo cáo kết quả về Ủy ban nhân dân tỉnh.")
    assert t.timeframe is not None and t.timeframe.recurrence == "half_yearly"
    assert (t.outputs, t.report_to) == (["báo cáo kết quả"], "Ủy ban nhân dân tỉnh")
    t = sentence_times("báo cáo kết quả về Ban Thường trực trước ngày 15/12 hằng năm.")
    assert t.deadline is not None and t.deadline.recurrence == "yearly"
    assert t.deadline.end is None  # no year: no date invented
    assert sentence_times("hưởng ứng Ngày Sách Việt Nam 21/4 hàng năm.").timeframe is None
