"""What each bundled sample adds to its seed: header data and the signature blocks.

The seeds (/work/shared/seeds) carry the body text but almost no header: seed 000 has
only its number, seeds 002 and 004 have no number, place, date or issuer lines. The
values below are invented to be consistent with each seed's own text (its bodies, its
year, its signers) and are documented in samples/README.md. Signature lines are copied
from the seed and checked against it by the builder.

>>> SPECS["seed000"].header.place_date
'Điện Biên, ngày 25 tháng 02 năm 2026'
"""

from __future__ import annotations

from dataclasses import dataclass

PARTY_MOTTO = ("ĐẢNG CỘNG SẢN VIỆT NAM",)
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class HeaderSpec:
    """The header table: left = bodies (+ "*" for Party) and number; right = motto, place-date."""

    bodies: tuple[str, ...]
    party: bool
    number_line: str | None  # None: the seed's own number line is used
    place_date: str


@dataclass(frozen=True)
class SignatureLine:
    text: str
    bold: bool = True
    italic: bool = False


@dataclass(frozen=True)
class SampleSpec:
    name: str
    seed_file: str
    header: HeaderSpec
    signatures: tuple[tuple[SignatureLine, ...], ...]


def _block(*lines: str, signed: bool = False) -> tuple[SignatureLine, ...]:
    """Authority/organisation/position lines (bold), optional "(Đã ký)", then the name."""
    *top, name = lines
    out = [SignatureLine(t) for t in top]
    if signed:
        out.append(SignatureLine("(Đã ký)", bold=False, italic=True))
    out.append(SignatureLine(name))
    return tuple(out)


SPECS: dict[str, SampleSpec] = {
    "seed000": SampleSpec(
        name="seed000",
        seed_file="000_45cfaa8f22359735.txt",
        header=HeaderSpec(
            bodies=("BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "ỦY BAN MTTQ VIỆT NAM TỈNH"),
            party=True,
            number_line=None,
            place_date="Điện Biên, ngày 25 tháng 02 năm 2026",
        ),
        signatures=(
            _block("BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "TRƯỞNG BAN", "Vừ A Bằng"),
            _block("ỦY BAN MTTQ VIỆT NAM TỈNH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "Lò Thị Minh Phượng"),
        ),
    ),
    "seed002": SampleSpec(
        name="seed002",
        seed_file="002_f54b8a74f0f95ab3.txt",
        header=HeaderSpec(
            bodies=(
                "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ TAM KỲ",
                "BAN TUYÊN GIÁO THÀNH ỦY TAM KỲ",
            ),
            party=False,
            number_line="Số: 08/CTrPH-MTTQ-BTGTU",
            place_date="Tam Kỳ, ngày 15 tháng 3 năm 2023",
        ),
        signatures=(
            _block(
                "T/M BAN TUYÊN GIÁO THÀNH ỦY",
                "K/T TRƯỞNG BAN",
                "PHÓ TRƯỞNG BAN",
                "Phạm Thị Thanh Xuân",
            ),
            _block(
                "TM. BAN THƯỜNG TRỰC",
                "ỦY BAN MTTQ VIỆT NAM TP",
                "PHÓ CHỦ TỊCH",
                "Nguyễn Thị Vũ Hòa",
            ),
        ),
    ),
    "seed004": SampleSpec(
        name="seed004",
        seed_file="004_f5e8ff49677ca30b.txt",
        header=HeaderSpec(
            bodies=(
                "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM TỈNH YÊN BÁI",
                "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH YÊN BÁI",
            ),
            party=False,
            number_line="Số: 215/CTrPH-MTTQ-STTTT",
            place_date="Yên Bái, ngày 20 tháng 5 năm 2021",
        ),
        signatures=(
            _block("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "GIÁM ĐỐC", "Vũ Văn Tuấn", signed=True),
            _block(
                "TM. BTT ỦY BAN MTTQ VIỆT NAM TỈNH",
                "PHÓ CHỦ TỊCH",
                "Phan Thị Vi Vân",
                signed=True,
            ),
        ),
    ),
}
