"""Adversarial text for the parsers: the fragments fuzzing is built from, and the
worst-case inputs whose cost ``python -m bench --only fuzz`` measures as the input grows.

The fragments are what breaks pattern-based parsers: numbers and slashes, "Số:", dates
with impossible parts, unbalanced parentheses, deep numbering, repeated "Căn cứ ", type
words and bodies, bullets, tabs and line breaks.

>>> len(worst_case("repeated_can_cu", 10)) > len(worst_case("repeated_can_cu", 5))
True
"""

from __future__ import annotations

from collections.abc import Callable

FRAGMENTS: tuple[str, ...] = (
    "Số:",
    "Số ",
    "số ",
    "/",
    "-",
    ".",
    ",",
    ";",
    ":",
    "(",
    ")",
    "((",
    "))",
    "\n",
    "\n\n",
    "\t",
    " ",
    "1",
    "12",
    "2026",
    "30/2020/NĐ-CP",
    "21-NQ/TU",
    "115/KH-MTTQ-UB",
    "QĐ-UBND",
    "/TT-",
    "ngày ",
    "ngày 31 tháng 02 năm 20210",
    "tháng ",
    "năm ",
    "08/6/20210",
    "Căn cứ ",
    "Thực hiện ",
    "Theo đề nghị của ",
    "Quyết định ",
    "Nghị quyết ",
    "Luật ",
    "Kế hoạch",
    "KẾ HOẠCH",
    "V/v ",
    "Kính gửi:",
    "của ",
    "Ủy ban nhân dân tỉnh",
    "Bộ Chính trị, Ban Bí thư",
    "(MTTQ)",
    "chủ trì, phối hợp với ",
    "I.",
    "II.",
    "1.1.1.1.",
    "a)",
    "- ",
    "+ ",
    "•",
    "Nơi nhận:",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Stt\tNội dung\tĐơn vị chủ trì\tThời gian",
    "trước ngày 30/6/2026",
    "Quý IV/2030",
    "hằng năm",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "\u00a0",
    "\u200b",
    "Ð",
)


def _repeated_can_cu(n: int) -> str:
    return "".join(
        f"Căn cứ Quyết định số {i}/QĐ-UBND ngày 01/02/2026 của Ủy ban;\n" for i in range(n)
    )


def _deep_numbering(n: int) -> str:
    return "\n".join(".".join(["1"] * (i % 40 + 1)) + ". Nhiệm vụ phối hợp" for i in range(n))


def _long_line(n: int) -> str:
    return ("Số: 12/QĐ-UBND (của (Ủy ban " * n)[: n * 30]


def _slashes_and_digits(n: int) -> str:
    return "/".join(str(i % 97) for i in range(n * 4))


def _unbalanced(n: int) -> str:
    return "(" * n + "Bộ Chính trị, Ban Bí thư về " * (n // 10 + 1)


WORST_CASES: dict[str, Callable[[int], str]] = {
    "repeated_can_cu": _repeated_can_cu,
    "deep_numbering": _deep_numbering,
    "long_line": _long_line,
    "slashes_and_digits": _slashes_and_digits,
    "unbalanced_parentheses": _unbalanced,
}


def worst_case(name: str, n: int) -> str:
    """The ``name`` input at size ``n`` (lines, repetitions or a line of ~30·n chars)."""
    return WORST_CASES[name](n)
