"""Legacy Word .doc reader: LibreOffice converts it to DOCX, then :mod:`vanban.extract.markup.docx` reads it.

Each conversion runs ``soffice --headless --convert-to docx`` with its own throw-away
profile (``-env:UserInstallation=file:///tmp/lo_<unique>``: two conversions sharing a
profile fail silently) and a timeout. No LibreOffice → ``ConverterMissing``; a
conversion that fails or produces nothing → ``CorruptFile``.

>>> layout = read(Path("nghi-quyet.doc"))      # doctest: +SKIP
>>> layout.format                               # doctest: +SKIP
'doc'
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path

from vanban.extract.errors import ConverterMissing, CorruptFile, EmptyFile, TooLarge
from vanban.extract.markup import docx
from vanban.models.layout import LayoutDocument

SOFFICE_NAMES: tuple[str, ...] = ("soffice", "libreoffice")
"""Program names tried, in order, to find LibreOffice."""

CONVERT_TIMEOUT_S = 120
"""Seconds one conversion may take (about 1.5 s is usual; first start of a profile is slower)."""


FORMATS: tuple[str, ...] = ("doc",)
"""The formats this reader takes (the reader protocol, :mod:`vanban.extract.protocol`)."""


def read(path: Path) -> LayoutDocument:
    """Convert ``path`` to DOCX in a temporary folder and read it (format "doc")."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise EmptyFile("the file is empty (0 bytes)")
    check_word_file(path)
    with tempfile.TemporaryDirectory(prefix="vanban_doc_") as tmp:
        converted = convert(path, Path(tmp), target="docx")
        layout = docx.read(converted)
    layout.format = "doc"
    layout.metadata["converted_by"] = "libreoffice"
    return layout


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_RTF_MAGIC = b"{\\rtf"
MAX_DOC_BYTES = 100 * 1024 * 1024
"""Refuse .doc files above 100 MB before starting LibreOffice."""


def check_word_file(path: Path) -> None:
    """A Word 97–2003 file (OLE2 with a "WordDocument" stream) or RTF, else ``CorruptFile``.

    LibreOffice imports anything it cannot recognise as plain text, so garbage would
    come back as one paragraph of mojibake instead of an error.
    """
    size = path.stat().st_size
    if size > MAX_DOC_BYTES:
        raise TooLarge(f".doc file of {size} bytes is above the {MAX_DOC_BYTES}-byte limit")
    data = path.read_bytes()
    if data.startswith(_RTF_MAGIC):
        return
    if not data.startswith(OLE2_MAGIC):
        raise CorruptFile("not a Word .doc file (no OLE2 compound-file header)")
    if _WORD_STREAM not in data:
        raise CorruptFile("an OLE2 file without a WordDocument stream (not a Word document)")


def find_soffice() -> str:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ConverterMissing(
        "LibreOffice (soffice) is not installed: it is needed to read .doc files"
    )


def convert(src: Path, out_dir: Path, *, target: str = "docx") -> Path:
    """``src`` converted by LibreOffice into ``out_dir`` as ``target`` ("docx", "doc", "pdf")."""
    soffice = find_soffice()
    profile = Path(tempfile.gettempdir()) / f"lo_{uuid.uuid4().hex}"
    # Copy under a unique ASCII name: LibreOffice names its output after the input.
    stem = f"vanban_{uuid.uuid4().hex[:12]}"
    work = out_dir / f"in_{stem}"
    work.mkdir(parents=True)
    source = work / f"{stem}{src.suffix.lower() or '.bin'}"
    shutil.copyfile(src, source)
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(source),
    ]
    try:
        returncode, message = _run(command)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    out = out_dir / f"{stem}.{target}"
    if returncode != 0 or not out.exists() or out.stat().st_size == 0:
        detail = message.strip().splitlines()
        raise CorruptFile(
            "LibreOffice could not convert the file"
            + (f": {detail[-1]}" if detail else " (no output)")
        )
    final = out_dir / f"{src.stem}.{target}"
    if final != out:
        out.replace(final)
    return final


def _run(command: list[str]) -> tuple[int, str]:
    """Run LibreOffice in its own process group so a timeout also ends ``soffice.bin``."""
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=CONVERT_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise CorruptFile(
            f"LibreOffice did not convert the file within {CONVERT_TIMEOUT_S} s"
        ) from exc
    return proc.returncode, output or ""
