"""When and producing what, read from a prose task's sentences.

:func:`sentence_times` finds, in an item's own text:

* a **deadline**: "trước ngày 30/6/2026", "chậm nhất trước ngày 15/12 hằng năm",
  "hoàn thành trong năm 2026", "hoàn thành trước quý III/2026";
* a **timeframe**: "trong quý III/2026", "trong năm 2026", "giai đoạn 2026 - 2030",
  "định kỳ 6 tháng", "hằng năm" (a recurrence, no dates invented);
* **outputs**: a report the sentence asks for ("báo cáo kết quả thực hiện về Ban Thường
  trực … trước ngày 15/12 hằng năm"): the report is an output, its recipient goes to
  ``extra["report_to"]`` and its deadline to ``deadline``.

Each phrase is parsed by :func:`vanban.parsers.timeframes.parse_timeframe`, so prose tasks
carry the same Timeframe shape as table tasks; ``raw`` is the phrase as printed.

>>> t = sentence_times("Tổ chức sơ kết, báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026.")
>>> (t.deadline.raw, t.deadline.end, t.outputs, t.report_to)
('trước ngày 15/12/2026', '2026-12-15', ['báo cáo kết quả'], 'Sở Nội vụ')
>>> sentence_times("Định kỳ 6 tháng tổ chức giao ban.").timeframe.recurrence
'half_yearly'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanban.models.document import Timeframe
from vanban.parsers.timeframes import parse_timeframe

_DATE = (
    r"ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
)
_PERIOD = (
    r"(?:quý|Quý)\s+(?:IV|III|II|I|[1-4])(?:\s*(?:/|năm)\s*\d{4})?"
    r"|tháng\s+\d{1,2}(?:\s*(?:/|-|năm)\s*\d{4})?"
    r"|(?:6 tháng (?:đầu|cuối) )?năm\s+\d{4}"
    r"|(?:đầu|giữa|cuối) năm(?:\s+\d{4})?"
)
_YEARLY = r"(?:\s*,?\s*(?:hằng|hàng)\s+năm)?"
DEADLINE = re.compile(
    r"(?:(?:[Hh]oàn thành|[Xx]ong)\s+)?(?:trước|chậm nhất(?:\s+là)?(?:\s+(?:vào|trước))?"
    r"|không muộn hơn)\s+(?:" + _DATE + "|" + _PERIOD + ")" + _YEARLY
    + r"|(?:[Hh]oàn thành|[Xx]ong)\s+(?:trong|vào)\s+(?:" + _DATE + "|" + _PERIOD + ")"
)  # fmt: skip
TIMEFRAME = re.compile(
    r"(?:[Tt]rong|[Vv]ào|[Tt]ừ)\s+(?:" + _PERIOD + r")"
    r"|[Gg]iai đoạn\s+\d{4}\s*[-–]\s*\d{4}"
    r"|[Đđ]ịnh kỳ(?:\s+(?:6 tháng|hằng năm|hàng năm|hằng quý|hàng quý|hằng tháng|hàng tháng"
    r"|hằng tuần|hàng tuần))?(?:\s*,\s*(?:1|một) năm|\s*\((?:6 tháng|quý), năm\))?"
    r"|(?:[Hh]ằng|[Hh]àng)\s+(?:năm|quý|tháng|tuần)"
)
REPORT = re.compile(
    r"(?P<what>[Bb]áo cáo(?:\s+(?:kết quả|tình hình|tiến độ|sơ kết|tổng kết))?"
    r"(?:\s+(?:thực hiện|triển khai))?)"
    r"\s+(?:về|gửi|cho)\s+(?P<to>[^,;.]+?)(?=\s+(?:trước|chậm nhất|để|theo|định kỳ|trong)\b|[,;.]|$)"
)


@dataclass
class SentenceTimes:
    """What :func:`sentence_times` read; ``None``/empty when the text states nothing."""

    deadline: Timeframe | None = None
    timeframe: Timeframe | None = None
    outputs: list[str] = field(default_factory=list)
    report_to: str | None = None


def sentence_times(text: str, *, year: int | None = None) -> SentenceTimes:
    """Deadline, timeframe and outputs stated in a prose item (see the module)."""
    out = SentenceTimes()
    d = DEADLINE.search(text)
    if d:
        out.deadline = parse_timeframe(d.group(0), year=year)
    for m in TIMEFRAME.finditer(text):
        if d and d.start() <= m.start() < d.end():
            continue  # "hoàn thành trong năm 2026": the deadline
        if re.search(r"\d", m.group(0)) is None and not _is_time_of_task(text, m):
            continue
        out.timeframe = parse_timeframe(m.group(0), year=year)
        break
    r = REPORT.search(text)
    if r:
        out.outputs = [r.group("what")]
        out.report_to = r.group("to").strip()
    return out


def _is_time_of_task(text: str, m: re.Match[str]) -> bool:
    """'Hằng năm, phối hợp …', 'định kỳ 6 tháng' say when the task recurs; 'Ngày Sách
    Việt Nam 21/4 hàng năm' names an annual day, not the task's rhythm."""
    before = text[: m.start()].rstrip()
    return not re.search(r"\d{1,2}/\d{1,2}$", before)
