"""Benchmark of the cross-document checks on a generated corpus (records, not files),
then the whole-corpus check from a store, the former way against ``check_all``.

A province-like corpus of N documents, each with a header and about ten printed
citations (so 100,000 documents ≈ 1,000,000 citations): 400 issuers (Party and State,
local and central), numbers that restart each year, central documents cited by many,
surface variants of the printed citation text, and one planted error in about 0.2% of
citations (wrong day, transposed serial, wrong type word, wrong issuer). Each size runs
in its own subprocess, twice: once for time, once under tracemalloc for memory (the
Python heap: the records and the check's peak above them; ru_maxrss cannot show this,
since importing the project peaks higher than a 10,000-document check). The report shows
time and memory for 10,000 → 100,000 documents and how both grow.

The second table loads generated documents (``bench.scaleout_bench.generate_documents``)
into a SQLite store and runs the whole-corpus check twice, each in a fresh process:
*old*, ``check_documents`` over every stored document (the corpus in memory), and
*new*, ``check_all`` (indexed queries on the store's ``mentions`` rows, written by
``put``, one key or block at a time; no document parsed). Memory there is the peak RSS
growth during the check.

>>> print(run(quick=True))        # doctest: +SKIP
checks (generated corpus) ...
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from sys import intern
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CITES_PER_DOC = 10
ERROR_RATE = 0.002

_WORDS = [
    "phát",
    "triển",
    "kinh",
    "tế",
    "xã",
    "hội",
    "du",
    "lịch",
    "nông",
    "nghiệp",
    "chuyển",
    "đổi",
    "số",
    "công",
    "tác",
    "dân",
    "vận",
    "tuyên",
    "giáo",
    "cải",
    "cách",
    "hành",
    "chính",
    "phòng",
    "chống",
    "tham",
    "nhũng",
    "thiên",
    "tai",
    "giáo",
    "dục",
    "y",
    "tế",
    "văn",
    "hóa",
    "an",
    "ninh",
    "quốc",
    "phòng",
    "xây",
    "dựng",
    "đảng",
    "chính",
    "quyền",
    "mặt",
    "trận",
    "đoàn",
    "thể",
    "quy",
    "chế",
    "phối",
    "hợp",
    "kiện",
    "toàn",
    "tổ",
    "chức",
    "bộ",
    "máy",
    "kiểm",
    "tra",
    "giám",
    "sát",
    "thi",
    "đua",
    "khen",
    "thưởng",
]
_TYPES = (
    ("QĐ", "Quyết định"),
    ("KH", "Kế hoạch"),
    ("NQ", "Nghị quyết"),
    ("CT", "Chỉ thị"),
    ("HD", "Hướng dẫn"),
    ("TB", "Thông báo"),
    ("BC", "Báo cáo"),
    ("CTr", "Chương trình"),
)
_DATE_FORMS = (
    "ngày {d}/{m}/{y}",
    "ngày {d:02d}/{m:02d}/{y}",
    "ngày {d} tháng {m:02d} năm {y}",
    ", ngày {d}-{m}-{y}",
)


def _issuers(rng: random.Random) -> list[tuple[str, str, str]]:
    """(system, issuer code, printed name)."""
    out = [
        ("P", "TW", "Ban Bí thư"),
        ("P", "TW", "Bộ Chính trị"),
        ("S", "CP", "Chính phủ"),
        ("S", "TTg", "Thủ tướng Chính phủ"),
    ]
    for i in range(396):
        if i % 2:
            out.append(("P", f"TU{i}", f"Ban Thường vụ Tỉnh ủy số {i}"))
        else:
            out.append(("S", f"UBND{i}", f"Ủy ban nhân dân tỉnh số {i}"))
    rng.shuffle(out)
    return out


def _plant(
    rng: random.Random,
    key: str,
    number: str,
    date: str,
    type_word: str,
    issuer: str,
    issuer_key: str,
    day: int,
    issuers: list[tuple[str, str, str]],
) -> tuple[str, str, str, str, str, str, int]:
    """One planted error: a wrong day, a transposed serial, a wrong type word or issuer."""
    from vanban.checks.identity import base_key, identity_of
    from vanban.checks.records import fold_words

    kind = rng.randrange(4)
    if kind == 0:
        day = day % 27 + 1
        date = f"{date[:8]}{day:02d}"
    elif kind == 1:
        serial = re.match(r"\d+", number)
        assert serial is not None
        swapped = serial.group()[::-1].lstrip("0") or "0"
        number = intern(swapped + number[serial.end() :])
        identity = identity_of(number)
        assert identity is not None
        key = base_key(identity)
    elif kind == 2:
        type_word = "Nghị quyết" if type_word != "Nghị quyết" else "Chỉ thị"
    else:
        issuer = rng.choice(issuers)[2]
        issuer_key = intern(fold_words(issuer))
    return key, number, date, type_word, issuer, issuer_key, day


def generate(n_docs: int, seed: int = 7) -> tuple[object, int]:
    """A :class:`vanban.checks.records.Corpus` of generated records and the planted error count."""
    from vanban.checks.identity import base_key, identity_of
    from vanban.checks.records import HEADER, LEGAL_BASIS, Corpus, DocInfo, Mention, fold_words

    rng = random.Random(seed)
    issuers = _issuers(rng)
    corpus = Corpus()
    serials: dict[tuple[str, str, int | str], int] = {}
    # (key, number, date, type word, issuer key, subject key, printed subject, issuer, type)
    cited_pool: list[tuple[str, str, str, str, str, str, str, str, str]] = []
    planted = 0
    days = [
        f"{y}-{m:02d}-{d:02d}"
        for y in range(2016, 2027)
        for m in range(1, 13)
        for d in range(1, 29)
    ]
    for i in range(n_docs):
        system, code, issuer = issuers[int(rng.paretovariate(1.2)) % len(issuers)]
        type_code, type_word = rng.choice(_TYPES)
        date = days[int(len(days) * i / n_docs)]  # never before an earlier document
        period: int | str = date[:4] if system == "S" or code != "TW" else "term"
        serial = serials[(system, code, period)] = serials.get((system, code, period), 0) + 1
        number = f"{serial}-{type_code}/{code}" if system == "P" else f"{serial}/{type_code}-{code}"
        identity = identity_of(number)
        assert identity is not None
        key = base_key(identity)
        subject = " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(6, 14)))
        skey = intern(fold_words(subject))
        tword = intern(fold_words(type_word))
        ikey = intern(fold_words(issuer))
        doc = len(corpus.docs)
        corpus.docs.append(DocInfo(name=f"doc{i:06d}.pdf", date=date, key=key))
        corpus.mentions.append(
            Mention(
                key,
                doc,
                HEADER,
                intern(number),
                date,
                None,
                tword,
                "",
                skey,
                f"{type_word.upper()} Số: {number}",
                1,
                False,
            )
        )
        for _ in range(CITES_PER_DOC if cited_pool else 0):
            c = cited_pool[-1 - int(rng.expovariate(1 / 2000)) % len(cited_pool)]
            ckey, cnum, cdate, cword, cikey, cskey, csubj, cissuer, ctype = c
            y, m, d = (int(x) for x in cdate.split("-"))
            if rng.random() < ERROR_RATE:
                planted += 1
                ckey, cnum, cdate, ctype, cissuer, cikey, d = _plant(
                    rng, ckey, cnum, cdate, ctype, cissuer, cikey, d, issuers
                )
                cword = intern(fold_words(ctype))
            raw = (
                f"{ctype} số {cnum} "
                + rng.choice(_DATE_FORMS).format(d=d, m=m, y=y)
                + f" của {cissuer} về {csubj}"
            )
            corpus.mentions.append(
                Mention(
                    ckey,
                    doc,
                    LEGAL_BASIS,
                    cnum,
                    intern(cdate),
                    None,
                    cword,
                    cikey,
                    cskey,
                    raw,
                    1,
                    False,
                )
            )
        cited_pool.append(
            (key, intern(number), date, tword, ikey, skey, subject, issuer, type_word)
        )
    return corpus, planted


def measure(n_docs: int, trace: bool = False) -> dict[str, Any]:
    """Generate and check ``n_docs`` documents in this process; time, or (``trace``)
    traced heap memory: the records, and the peak while checking."""
    import tracemalloc

    from vanban.checks.run import run_checks

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    corpus, planted = generate(n_docs)
    t1 = time.perf_counter()
    records_mb = tracemalloc.get_traced_memory()[0] / 2**20 if trace else 0.0
    if trace:
        tracemalloc.reset_peak()
    findings = run_checks(corpus)  # type: ignore[arg-type]
    t2 = time.perf_counter()
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    if trace:
        tracemalloc.stop()
    kinds: dict[str, int] = {}
    for f in findings:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    return {
        "kinds": kinds,
        "documents": n_docs,
        "citations": len(corpus.mentions) - len(corpus.docs),  # type: ignore[attr-defined]
        "planted": planted,
        "findings": len(findings),
        "generate_s": round(t1 - t0, 2),
        "check_s": round(t2 - t1, 2),
        "records_mb": round(records_mb, 1),
        "peak_mb": round(peak_mb, 1),
    }


def _in_subprocess(n_docs: int, trace: bool = False) -> dict[str, Any]:
    code = (
        "import json, bench.checks_bench as b; "
        f"print(json.dumps(b.measure({n_docs}, trace={trace})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(quick: bool = False) -> str:
    """Run the benchmark and return the report text."""
    sizes = (2_000, 10_000) if quick else (10_000, 30_000, 100_000)
    rows = []
    for n in sizes:
        row = _in_subprocess(n)
        traced = _in_subprocess(n, trace=True)
        row["records_mb"], row["peak_mb"] = traced["records_mb"], traced["peak_mb"]
        rows.append(row)
    lines = [
        f"checks (generated corpus, {CITES_PER_DOC} citations/document; memory = traced "
        "Python heap: records, and the peak while checking):",
        f"{'documents':>10} {'citations':>10} {'planted':>8} {'findings':>8} "
        f"{'generate s':>10} {'check s':>8} {'records MB':>10} {'check peak MB':>13}",
    ]
    for r in rows:
        lines.append(
            f"{r['documents']:>10,} {r['citations']:>10,} {r['planted']:>8} {r['findings']:>8} "
            f"{r['generate_s']:>10} {r['check_s']:>8} {r['records_mb']:>10.0f} "
            f"{r['peak_mb']:>13.0f}"
        )
    lines.append(
        "findings by kind at the largest size: "
        + ", ".join(f"{k} {v}" for k, v in sorted(rows[-1]["kinds"].items()))
    )
    first, last = rows[0], rows[-1]
    scale = last["documents"] / first["documents"]
    lines.append(
        f"growth ×{scale:.0f} documents: check time ×{last['check_s'] / max(first['check_s'], 1e-9):.1f}, "
        f"check peak memory ×{last['peak_mb'] / max(first['peak_mb'], 1e-9):.1f}, "
        f"records ×{last['records_mb'] / max(first['records_mb'], 1e-9):.1f} "
        "(linear would be ×{:.0f})".format(scale)
    )
    lines += store_rows((2_000, 10_000) if quick else (10_000, 30_000))
    return "\n".join(lines)


def store_rows(sizes: tuple[int, ...]) -> list[str]:
    """The whole-corpus check from a SQLite store: in memory (old) against ``check_all``."""
    import shutil
    import tempfile

    from bench.scaleout_bench import check_in_subprocess, load_documents
    from vanban.store.sqlite import SQLiteStore

    lines = [
        "whole-corpus check from a SQLite store (old: every document in memory; new: "
        "check_all, indexed queries on the mentions rows; each in its own process, memory = peak RSS growth):",
        f"{'documents':>10} {'old s':>7} {'old MiB':>8} {'new s':>7} {'new MiB':>8} "
        f"{'findings':>9} {'identical':>9}",
    ]
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix="vanban-checks-bench-"))
        try:
            store = SQLiteStore(work / "bench.sqlite")
            load_documents(store, n)
            store.close()
            old = check_in_subprocess(str(work / "bench.sqlite"), "old")
            new = check_in_subprocess(str(work / "bench.sqlite"), "new")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        lines.append(
            f"{n:>10,} {old['seconds']:>7} {old['peak_growth_mib']:>8.0f} {new['seconds']:>7} "
            f"{new['peak_growth_mib']:>8.0f} {new['findings']:>9} "
            f"{str(old['digest'] == new['digest']):>9}"
        )
    return lines


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
