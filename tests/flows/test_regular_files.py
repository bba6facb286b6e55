"""Only regular files are taken from the inbox: a symlink, a FIFO, a socket, a device or a
link to a folder is never opened; it is quarantined as ``not_a_regular_file`` (the entry
itself moved, a link's target untouched), with no JSON and nothing in the store."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.flows import badfiles as bad
from vanban.flows.folders import NotARegularFile, entry_kind, file_sha256
from vanban.flows.inbox import InboxMissing, run_batch
from vanban.store import open_store

pytestmark = pytest.mark.usefixtures("prefect_server")
LAYOUT = "tests.flows.extractors:layout_only"


def _run(inbox: Path, out: Path) -> dict:
    return run_batch(
        inbox, out, settle_seconds=0.0, settle_empty_seconds=0.0, extractor=LAYOUT, processes=1
    )


def test_a_symlink_is_quarantined_and_its_target_untouched(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    before = secret.stat()
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    (inbox / "passwd.txt").symlink_to(secret)
    bad.write(inbox, "thật.txt", "Kế hoạch\n".encode())
    summary = _run(inbox, out)
    by_name = {f["name"]: f for f in summary["files"]}
    assert by_name["thật.txt"]["status"] == "processed"
    link = by_name["passwd.txt"]
    assert link["status"] == "quarantined" and link["error"]["code"] == "not_a_regular_file"
    assert "symbolic link" in link["error"]["message"]
    moved = out / "quarantine" / "passwd.txt"
    assert moved.is_symlink() and os.readlink(moved) == str(secret)  # the link, moved
    assert not (inbox / "passwd.txt").exists() and not (inbox / "passwd.txt").is_symlink()
    assert secret.read_text().startswith("root:") and secret.stat().st_mtime == before.st_mtime
    assert not (out / "json" / "passwd.txt.json").exists()
    assert all(not p.is_symlink() for p in (out / "archive").rglob("*"))
    store = open_store(out=out)
    try:
        assert [d.source.filename for d in store.iter_documents()] == ["thật.txt"]
    finally:
        store.close()


def _special(inbox: Path, kind: str) -> str:
    """Make one special entry in ``inbox``; returns its name."""
    if kind == "fifo":
        os.mkfifo(inbox / "ống.txt")
        return "ống.txt"
    if kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(inbox / "ổ cắm.txt"))
        sock.close()
        return "ổ cắm.txt"
    if kind == "device":
        try:
            os.mknod(inbox / "thiết bị.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root")
        return "thiết bị.txt"
    target = inbox.parent / "thư mục ngoài"
    target.mkdir()
    (target / "bí mật.txt").write_text("x")
    (inbox / "liên kết thư mục").symlink_to(target, target_is_directory=True)
    return "liên kết thư mục"


@pytest.mark.parametrize("kind", ["fifo", "socket", "device", "dir_link"])
def test_special_files_are_quarantined(tmp_path: Path, kind: str) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    name = _special(inbox, kind)
    summary = _run(inbox, out)
    (entry,) = summary["files"]
    assert entry["name"] == name and entry["status"] == "quarantined"
    assert entry["error"]["code"] == "not_a_regular_file"
    assert not (out / "json").exists() or not any((out / "json").iterdir())
    if kind == "dir_link":
        assert (tmp_path / "thư mục ngoài" / "bí mật.txt").read_text() == "x"


def test_hashing_refuses_links_and_fifos(tmp_path: Path) -> None:
    real = tmp_path / "a.txt"
    real.write_text("a")
    (tmp_path / "l.txt").symlink_to(real)
    os.mkfifo(tmp_path / "f.txt")
    for name in ("l.txt", "f.txt"):
        with pytest.raises(NotARegularFile):
            file_sha256(tmp_path / name)  # never blocks on the FIFO, never follows the link
    assert entry_kind(tmp_path / "f.txt") == "FIFO"


def test_a_missing_inbox_is_refused_not_created(tmp_path: Path) -> None:
    with pytest.raises(InboxMissing, match="does not exist"):
        _run(tmp_path / "không có", tmp_path / "out")
    assert not (tmp_path / "không có").exists()


PASSWD = b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
PIPELINE = "vanban.pipeline:extract_document"


def test_a_non_document_is_named_and_kept_out_of_the_checks(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    bad.write(inbox, "passwd.txt", PASSWD)
    summary = run_batch(
        inbox,
        out,
        settle_seconds=0.0,
        settle_empty_seconds=0.0,
        extractor=PIPELINE,
        processes=1,
    )
    (entry,) = summary["files"]
    assert entry["status"] == "processed"
    doc = json.loads((out / entry["json_path"]).read_text(encoding="utf-8"))
    assert "not_an_official_document" in [w["code"] for w in doc["warnings"]]
    con = sqlite3.connect(out / "vanban.sqlite")
    try:
        assert con.execute("SELECT count(*) FROM mentions").fetchone() == (0,)
    finally:
        con.close()


def test_strict_quarantines_a_non_document(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    bad.write(inbox, "passwd.txt", PASSWD)
    bad.write(
        inbox,
        "kế hoạch.txt",
        "KẾ HOẠCH\nSố: 12/KH-UBND\nHà Nội, ngày 01 tháng 02 năm 2026\n".encode(),
    )
    summary = run_batch(
        inbox,
        out,
        settle_seconds=0.0,
        settle_empty_seconds=0.0,
        extractor=PIPELINE,
        processes=1,
        strict=True,
    )
    by_name = {f["name"]: f for f in summary["files"]}
    assert by_name["kế hoạch.txt"]["status"] == "processed"
    assert by_name["passwd.txt"]["status"] == "quarantined"
    assert by_name["passwd.txt"]["error"]["code"] == "not_an_official_document"
