r"""The Tesseract engine: one loaded ``vie`` model per process, page images → TSV words.

Tesseract runs in-process through `tesserocr` (the C++ API): the model is loaded once
per worker process instead of once per image, and the wheel's Tesseract 5.5 reads a
page in about 60% of the time of Debian's ``tesseract`` 5.3 CLI (measured by
``python -m bench --only ocr``). The language data is Debian's ``tesseract-ocr-vie``
(``/usr/share/tesseract-ocr/5/tessdata``, or ``TESSDATA_PREFIX``).

``OMP_THREAD_LIMIT=1`` is set before the library loads: pages run in parallel
processes, one per core, and OpenMP threads inside each would fight over the cores.

A page image gives its words with their boxes and confidences (``run_tesseract`` needs
the Vietnamese language data; ``parse_tsv`` reads Tesseract's TSV):

>>> tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth"
...        "\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\t120\t80\t60\t30\t93\tỦY\n")
>>> word = parse_tsv(tsv)[0]
>>> word.text, word.conf, (word.left, word.top)
('ỦY', 93.0, (120, 80))
"""

from __future__ import annotations

import csv
import ctypes
import io
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from vanban.extract.errors import ExtractionError

LANG = "vie"
PSM = 3
DPI = 300
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)
TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
    "left\ttop\twidth\theight\tconf\ttext\n"
)


class OcrError(ExtractionError):
    """Tesseract or its Vietnamese language data is missing, or it failed on a page."""


@dataclass(slots=True)
class OcrWord:
    """One word of Tesseract's TSV, in image pixels."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int
    speck: bool = False
    """Noise (see ``vanban.extract.scan.ocr.is_speck``): not text, but it still occupies its place."""
    verified: bool | None = None
    """Verification re-reads agreed (True) or not (False); None: not re-read
    (:mod:`vanban.extract.scan.verify`)."""
    rereads: tuple[str, ...] = ()
    ocr_text: str | None = None
    """The first reading, when agreeing re-reads or the word repair replaced it."""
    repaired: bool = False
    """A hat or tone misread put right from context (:mod:`vanban.extract.scan.word_repair`)."""
    handwritten: bool = False
    """Read from a header blank's handwriting (:mod:`vanban.extract.scan.handwriting`)."""

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.block, self.par, self.line)


def lines_of(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped by Tesseract line (in first-seen order), each line left to right."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        lines.setdefault(w.key, []).append(w)
    return [sorted(line, key=lambda w: w.left) for line in lines.values()]


def tessdata_dir() -> str:
    """The folder holding ``vie.traineddata`` (``TESSDATA_PREFIX`` first)."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    for folder in candidates:
        if folder and (Path(folder) / f"{LANG}.traineddata").is_file():
            return folder
    raise OcrError(
        f"no {LANG}.traineddata in TESSDATA_PREFIX or {', '.join(TESSDATA_DIRS)} "
        "(apt-get install tesseract-ocr-vie)"
    )


_ENGINE: dict[tuple[int, int], Any] = {}
"""(process id, thread id) → loaded API: a forked worker must not use its parent's
instance, and one instance serves one thread at a time."""


def engine() -> Any:
    """This thread's Tesseract API, loaded on first use."""
    key = (os.getpid(), threading.get_ident())
    api = _ENGINE.get(key)
    if api is None:
        os.environ["OMP_THREAD_LIMIT"] = "1"  # before the library starts OpenMP
        try:
            import tesserocr
        except ImportError as e:  # pragma: no cover - a dependency in pyproject
            raise OcrError("tesserocr is not installed (pip install tesserocr)") from e
        _silence_leptonica(Path(tesserocr.__file__))
        try:
            api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=LANG)
        except RuntimeError as e:
            raise OcrError(f"Tesseract could not load {LANG}: {e}") from e
        for stale in [k for k in _ENGINE if k[0] != key[0]]:
            del _ENGINE[stale]  # inherited from the parent process by fork
        _ENGINE[key] = api
    return api


LEPTONICA_SEVERITY_NONE = 6


def _silence_leptonica(module: Path) -> None:
    """Leptonica prints "Error in boxClipToRectangle …" to stderr for crops near an
    edge, harmless, alarming in a batch log: set its message severity to none (the
    CLI's stderr was captured and dropped the same way)."""
    for lib in sorted(module.parent.glob("tesserocr.libs/libleptonica*.so*")) or sorted(
        module.parent.parent.glob("tesserocr.libs/libleptonica*.so*")
    ):
        try:
            ctypes.CDLL(str(lib)).setMsgSeverity(LEPTONICA_SEVERITY_NONE)
        except (OSError, AttributeError):
            continue
        return


def run_tesseract(
    img: Image.Image,
    *,
    dpi: int = DPI,
    psm: int = PSM,
    config: Sequence[str] = (),
) -> str:
    """Tesseract's TSV (with its header row) for one image; ``config``: ``name=value``
    variables for this image only (e.g. a character whitelist)."""
    api = engine()
    names = []
    try:
        for c in config:
            name, _, value = c.partition("=")
            if not api.SetVariable(name, value):
                raise OcrError(f"unknown Tesseract variable {name!r}")
            names.append(name)
        api.SetPageSegMode(psm)
        api.SetImage(img if img.mode in ("L", "RGB") else img.convert("L"))
        api.SetSourceResolution(dpi)
        if not api.Recognize():
            raise OcrError("Tesseract failed to recognise a page")
        tsv: str = api.GetTSVText(0)
    finally:
        for name in names:
            api.SetVariable(name, "")  # every variable we set defaults to empty
        api.Clear()
    return TSV_HEADER + tsv


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Level-5 rows of Tesseract TSV → words (empty texts dropped).

    >>> parse_tsv("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\t"
    ...           "width\\theight\\tconf\\ttext\\n5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t40\\t91.5\\tSố:")[0].text
    'Số:'
    """
    words: list[OcrWord] = []
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if len(row) < 12 or row[0] != "5":
            continue
        text = row[11].strip()
        if not text:
            continue
        words.append(
            OcrWord(
                text=text,
                conf=float(row[10]),
                left=int(row[6]),
                top=int(row[7]),
                width=int(row[8]),
                height=int(row[9]),
                block=int(row[2]),
                par=int(row[3]),
                line=int(row[4]),
            )
        )
    return words
