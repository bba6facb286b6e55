"""``vanban serve OUTDIR``: the review application (FastAPI, server-rendered Jinja2).

Pages: ``/login``, ``/`` (the queue), ``/doc/{id}`` (the review page with the edit form,
the decision buttons and the findings' dismiss forms), ``/static/{file}``. API (JSON):
``/api/queue``, ``/api/doc/{id}``, ``/api/doc/{id}/audit``, and the writes
``/api/doc/{id}/corrections`` and ``/api/doc/{id}/decision`` (header ``X-CSRF-Token``).

Every route needs a session (pages redirect to ``/login``, the API answers 401); every
write needs the ``reviewer`` role and the session's CSRF token (403 otherwise) and carries
the document version it was made on (409 when someone saved since, with what changed).
A document id is the name of a JSON file in ``OUTDIR/json`` as listed there: anything
else ("../", an absolute path) is 404. Nothing is fetched from the network: CSS and JS are
the package's static files.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)

from vanban.atomic import write_atomic
from vanban.review.accounts import LoginRefused, Session, can, log_in, log_out, now_text, session_of
from vanban.review.build import Item, find_source, load_findings, review_input
from vanban.review.edits import corrections_from_form, editable_fields, write_corrections
from vanban.review.history import is_document_json
from vanban.review.hooks import decision_entry, with_decision
from vanban.review.html import findings_for, render_review_page
from vanban.review.queue import QueueFilter, build_queue
from vanban.review.templates import render_template, static_text
from vanban.store.review_sql import STATUSES
from vanban.store.sql import SqlStore

COOKIE = "vanban_session"
DOC_ID = re.compile(r"^[^/\\\x00]{1,255}$")
DECISIONS = {"approve": "approved", "send_back": "needs_reextraction", "reopen": "in_review"}
Record = dict[str, Any]


def finding_id(f: Record) -> str:
    """A stable id of a finding: its kind, key and documents."""
    text = json.dumps(
        [f.get("kind"), f.get("key"), sorted(f.get("documents") or [])], ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Library:
    """The output folder's documents, read from ``json/`` (re-read when a file changes)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.json_dir = out / "json" if (out / "json").is_dir() else out
        self._cache: dict[str, tuple[float, Record]] = {}
        self._lock = threading.Lock()

    def ids(self) -> list[str]:
        return sorted(
            p.name[: -len(".json")]
            for p in self.json_dir.glob("*.json")
            if is_document_json(p) and p.name != "findings.json"
        )

    def path(self, doc_id: str) -> Path | None:
        """The JSON of ``doc_id`` when it is one of the listed documents (a regular
        document JSON file directly in ``json/``), else None."""
        if not DOC_ID.match(doc_id) or doc_id in (".", "..", "findings"):
            return None
        path = self.json_dir / f"{doc_id}.json"
        if path.is_symlink() or not path.is_file() or not is_document_json(path):
            return None
        return path

    def _load(self, doc_id: str, path: Path) -> Record:
        """The parsed JSON, cached until the file changes (shared: do not modify)."""
        mtime = path.stat().st_mtime
        with self._lock:
            cached = self._cache.get(doc_id)
            if cached and cached[0] == mtime:
                return cached[1]
        data: Record = json.loads(path.read_text(encoding="utf-8"))
        with self._lock:
            self._cache[doc_id] = (mtime, data)
        return data

    def get(self, doc_id: str) -> Record | None:
        """A copy of the document's JSON, the caller's to change."""
        path = self.path(doc_id)
        return copy.deepcopy(self._load(doc_id, path)) if path is not None else None

    def all(self) -> dict[str, Record]:
        """Every document, read only (the cached JSON, not copies)."""
        out = {}
        for doc_id in self.ids():
            doc = self._load(doc_id, self.json_dir / f"{doc_id}.json")
            if "source" in doc:
                out[doc_id] = doc
        return out

    def findings(self) -> list[Record]:
        return load_findings(self.out / "findings.json")


def create_app(out: Path, store: SqlStore, *, secure_cookies: bool = False) -> FastAPI:
    """The application over output folder ``out`` and its corpus store."""
    library = Library(out)
    app = FastAPI(title="vanban review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store

    def current(request: Request) -> Session | None:
        return session_of(store, request.cookies.get(COOKIE))

    def page_guard(request: Request) -> Session | Response:
        who = current(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        return who

    def api_guard(request: Request) -> Session | Response:
        who = current(request)
        if who is None:
            return JSONResponse({"error": "not logged in"}, status_code=401)
        return who

    def write_guard(who: Session, token: str | None) -> Response | None:
        if not can(who.role, "write"):
            return PlainTextResponse("your role may not change documents", status_code=403)
        if not token or not _same(token, who.csrf):
            return PlainTextResponse("missing or wrong CSRF token", status_code=403)
        return None

    def doc_or_404(doc_id: str) -> tuple[Record, Path] | Response:
        doc, path = library.get(doc_id), library.path(doc_id)
        if doc is None or path is None or "source" not in doc:
            return PlainTextResponse("no such document", status_code=404)
        return doc, path

    def authorised(request: Request, *, api: bool, token: str | None = None,
                   write: bool = False) -> Session | Response:  # fmt: skip
        """The session (a redirect or 401 without one); for a write, also the reviewer
        role and the CSRF token (403)."""
        who = (api_guard if api else page_guard)(request)
        if isinstance(who, Response) or not write:
            return who
        refused = write_guard(who, token)
        return refused if refused is not None else who

    def read_doc(
        request: Request, doc_id: str, *, api: bool
    ) -> tuple[Session, Record, Path] | Response:
        """The session and the document ``doc_id`` (its JSON and path), or the answer."""
        who = authorised(request, api=api)
        if isinstance(who, Response):
            return who
        found = doc_or_404(doc_id)
        if isinstance(found, Response):
            return found
        return who, found[0], found[1]

    def counts(docs: dict[str, Record]) -> dict[str, int]:
        findings = library.findings()
        dismissed = store.dismissed()
        out_counts: dict[str, int] = {}
        for doc_id, doc in docs.items():
            mine = [f for f in findings_for(doc, findings) if finding_id(f) not in dismissed]
            out_counts[doc_id] = len(mine)
        return out_counts

    def queue_filter(request: Request) -> QueueFilter:
        q = request.query_params
        return QueueFilter(
            doc_type=q.get("type") or None, issuer=q.get("issuer") or None,
            date_from=q.get("from") or None, date_to=q.get("to") or None,
            status=q.get("status") or None, search=q.get("q") or None,
        )  # fmt: skip

    # -- sessions -------------------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> Response:
        return HTMLResponse(render_template("login.html", inline_assets=False, static_prefix="/static/",
                                            error=None, name=""))  # fmt: skip

    @app.post("/login")
    def login(request: Request, name: str = Form(""), password: str = Form("")) -> Response:
        try:
            token = log_in(store, name, password)
        except LoginRefused as exc:
            code = 429 if exc.limited else 401
            html = render_template("login.html", inline_assets=False, static_prefix="/static/",
                                   error=str(exc), name=name)  # fmt: skip
            return HTMLResponse(html, status_code=code)
        response = RedirectResponse("/", status_code=303)
        secure = (
            secure_cookies
            or request.headers.get("x-forwarded-proto") == "https"
            or request.url.scheme == "https"
        )
        response.set_cookie(
            COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/"
        )
        store.audit(now_text(), name, None, None, "login")
        return response

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        who = page_guard(request)
        if isinstance(who, Response):
            return who
        if not _same(csrf, who.csrf):
            return PlainTextResponse("missing or wrong CSRF token", status_code=403)
        log_out(store, request.cookies.get(COOKIE, ""))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    # -- static files -------------------------------------------------------------------------------
    @app.get("/static/{name}")
    def static(name: str) -> Response:
        try:
            text = static_text(name)
        except KeyError:
            return PlainTextResponse("not found", status_code=404)
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(text, media_type=kind)

    # -- the queue --------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def queue_page(request: Request) -> Response:
        who = page_guard(request)
        if isinstance(who, Response):
            return who
        flt = queue_filter(request)
        docs = library.all()
        entries = build_queue(docs, store.decisions(), counts(docs), flt)
        return HTMLResponse(render_template(
            "queue.html", inline_assets=False, static_prefix="/static/", entries=entries,
            flt=flt, statuses=STATUSES, user=who, total=len(library.ids()),
        ))  # fmt: skip

    @app.get("/api/queue")
    def queue_api(request: Request) -> Response:
        who = api_guard(request)
        if isinstance(who, Response):
            return who
        docs = library.all()
        entries = build_queue(docs, store.decisions(), counts(docs), queue_filter(request))
        return JSONResponse({"queue": [e.as_json() for e in entries]})

    # -- one document ------------------------------------------------------------------------------
    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def doc_page(request: Request, doc_id: str) -> Response:
        found = read_doc(request, doc_id, api=False)
        if isinstance(found, Response):
            return found
        who, doc, path = found
        return HTMLResponse(_document_page(out, library, store, doc_id, doc, path, who))

    @app.get("/api/doc/{doc_id}")
    def doc_api(request: Request, doc_id: str) -> Response:
        found = read_doc(request, doc_id, api=True)
        if isinstance(found, Response):
            return found
        _, doc, _ = found
        status, reviewer, at, version, note = store.decision(doc["source"]["sha256"])
        return JSONResponse({"id": doc_id, "version": version, "status": status, "reviewer": reviewer,
                             "at": at, "note": note, "document": doc})  # fmt: skip

    @app.get("/api/doc/{doc_id}/audit")
    def audit_api(request: Request, doc_id: str) -> Response:
        found = read_doc(request, doc_id, api=True)
        if isinstance(found, Response):
            return found
        rows = store.audit_log(found[1]["source"]["sha256"])
        return JSONResponse({"audit": _audit_rows(rows)})

    def save(request: Request, doc_id: str, version: int, token: str | None,
             make: Callable[[Record], list[Any]], api: bool) -> Response:  # fmt: skip
        who = authorised(request, api=api, token=token, write=True)
        if isinstance(who, Response):
            return who
        found = doc_or_404(doc_id)
        if isinstance(found, Response):
            return found
        doc, path = found
        sha = doc["source"]["sha256"]
        corrections = make(doc)
        if not corrections:
            return _done(api, doc_id, store.decision(sha)[3], [])
        if not store.bump_version(
            sha, version, status="in_review", reviewer=who.name, at=now_text()
        ):
            return _conflict(api, store, doc_id, sha, version)
        before = editable_fields(doc)
        result, _file = write_corrections(out, path, doc_id, doc, corrections, who.name)
        for c in corrections:
            old = before.get(c.field)
            new = None if c.remove else c.value
            store.audit(now_text(), who.name, sha, version + 1, "remove" if c.remove else "correct",
                        c.field, _text(old), _text(new))  # fmt: skip
        return _done(api, doc_id, version + 1, result.failed)

    @app.post("/doc/{doc_id}/corrections")
    async def save_form(request: Request, doc_id: str) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        version = _int(form.pop("version", "-1"))
        token = form.pop("csrf", None)
        note = form.pop("note", "") or None
        return save(request, doc_id, version, token,
                    lambda doc: corrections_from_form(doc, form, note), api=False)  # fmt: skip

    @app.post("/api/doc/{doc_id}/corrections")
    async def save_api(request: Request, doc_id: str) -> Response:
        try:
            body = await request.json()
            version = int(body["version"])
            items = list(body["corrections"])
        except (ValueError, KeyError, TypeError):
            return JSONResponse(
                {"error": 'expected {"version": N, "corrections": [...]}'}, status_code=400
            )
        from vanban.review.corrections import Correction

        try:
            corrections = [Correction.model_validate(c) for c in items]
        except ValueError as exc:
            return JSONResponse({"error": str(exc).splitlines()[0]}, status_code=400)
        return save(request, doc_id, version, request.headers.get("x-csrf-token"),
                    lambda doc: corrections, api=True)  # fmt: skip

    def decide(request: Request, doc_id: str, version: int, token: str | None, decision: str,
               note: str | None, api: bool) -> Response:  # fmt: skip
        who = authorised(request, api=api, token=token, write=True)
        if isinstance(who, Response):
            return who
        if decision not in DECISIONS:
            return PlainTextResponse(f"decision is one of {', '.join(DECISIONS)}", status_code=400)
        found = doc_or_404(doc_id)
        if isinstance(found, Response):
            return found
        sha = found[0]["source"]["sha256"]
        old = store.decision(sha)[0]
        status = DECISIONS[decision]
        if not store.bump_version(
            sha, version, status=status, reviewer=who.name, at=now_text(), note=note
        ):
            return _conflict(api, store, doc_id, sha, version)
        store.audit(now_text(), who.name, sha, version + 1, "decision", "status", old, status)
        doc, path = found
        doc["reviewed"] = with_decision(doc.get("reviewed") or [], decision_entry(store, sha))
        write_atomic(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return _done(api, doc_id, version + 1, [])

    @app.post("/doc/{doc_id}/decision")
    def decision_form(request: Request, doc_id: str, version: str = Form("-1"), csrf: str = Form(""),
                      decision: str = Form(""), note: str = Form("")) -> Response:  # fmt: skip
        return decide(request, doc_id, _int(version), csrf, decision, note or None, api=False)

    @app.post("/api/doc/{doc_id}/decision")
    async def decision_api(request: Request, doc_id: str) -> Response:
        try:
            body = await request.json()
            version, decision = int(body["version"]), str(body["decision"])
        except (ValueError, KeyError, TypeError):
            return JSONResponse(
                {"error": 'expected {"version": N, "decision": "approve"}'}, status_code=400
            )
        return decide(request, doc_id, version, request.headers.get("x-csrf-token"), decision,
                      body.get("note"), api=True)  # fmt: skip

    @app.get("/crop/{doc_id}/{page}")
    def crop(request: Request, doc_id: str, page: int, box: str = "") -> Response:
        """A PNG of one region of a page of a PDF source (``box`` = x0,y0,x1,y1 in points
        from the top-left): the crop a finding's evidence rests on."""
        found = read_doc(request, doc_id, api=False)
        if isinstance(found, Response):
            return found
        _, doc, path = found
        try:
            bbox = tuple(float(v) for v in box.split(","))
        except ValueError:
            bbox = ()
        if len(bbox) != 4:
            return PlainTextResponse("box is x0,y0,x1,y1", status_code=400)
        source = find_source(path, doc)
        png = crop_png(source, page, bbox) if source is not None else None
        if png is None:
            return PlainTextResponse("no page image for this document", status_code=404)
        return Response(
            png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"}
        )

    @app.post("/findings/{fid}/dismiss")
    def dismiss(request: Request, fid: str, csrf: str = Form(""), reason: str = Form(""),
                back: str = Form("")) -> Response:  # fmt: skip
        who = authorised(request, api=False, token=csrf, write=True)
        if isinstance(who, Response):
            return who
        if not reason.strip():
            return PlainTextResponse("a dismissal needs a reason", status_code=400)
        store.dismiss(fid, who.name, now_text(), reason.strip())
        store.audit(now_text(), who.name, None, None, "dismiss", fid, None, reason.strip())
        target = f"/doc/{back}" if library.path(back) is not None else "/"
        return RedirectResponse(target, status_code=303)

    return app


AUDIT_KEYS = ("at", "name", "sha256", "version", "action", "field", "old", "new")
"""The columns of ``ReviewSql.audit_log`` rows."""


def _audit_rows(rows: list[tuple[Any, ...]]) -> list[Record]:
    return [dict(zip(AUDIT_KEYS, r, strict=True)) for r in rows]


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1


def _text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _done(api: bool, doc_id: str, version: int, failed: list[Any]) -> Response:
    if api:
        return JSONResponse({"id": doc_id, "version": version, "failed": failed})
    return RedirectResponse(f"/doc/{doc_id}", status_code=303)


def _conflict(api: bool, store: SqlStore, doc_id: str, sha: str, version: int) -> Response:
    """409: someone saved since ``version``; what they changed."""
    changes = _audit_rows(store.audit_log(sha, after_version=version))
    current = store.decision(sha)[3]
    if api:
        return JSONResponse({"error": "the document changed since your version", "version": current,
                             "changes": changes}, status_code=409)  # fmt: skip
    html = render_template("conflict.html", inline_assets=False, static_prefix="/static/",
                           doc_id=doc_id, version=version, current=current, changes=changes)  # fmt: skip
    return HTMLResponse(html, status_code=409)


def _document_page(out: Path, library: Library, store: SqlStore, doc_id: str, doc: Record,
                   path: Path, who: Session) -> str:  # fmt: skip
    findings = library.findings()
    dismissed = store.dismissed()
    item = Item(doc, doc_id, find_source(path, doc), path, findings, None)
    with tempfile.TemporaryDirectory(prefix="vanban_serve_") as work:
        inp = review_input(item, Path(work))
    inp.index_href = "/"
    status, reviewer, at, version, note = store.decision(doc["source"]["sha256"])
    mine = findings_for(doc, findings)
    names = ids_by_filename(library) if mine else {}
    server = {
        "csrf": who.csrf,
        "user": who.name,
        "role": who.role,
        "can_write": can(who.role, "write"),
        "version": version,
        "status": status,
        "reviewer": reviewer,
        "at": at,
        "note": note,
        "doc_id": doc_id,
        "fields": editable_fields(doc),
        "findings": [
            {
                "id": finding_id(f),
                "kind": f.get("kind"),
                "message": f.get("message"),
                "dismissed": dismissed.get(finding_id(f)),
                "evidence": evidence_views(f, names),
            }
            for f in mine
        ],
        "agencies": agency_suggestions(store),
        "reviewed": doc.get("reviewed") or [],
    }
    return render_review_page(inp, inline_assets=False, static_prefix="/static/", server=server)


def ids_by_filename(library: Library) -> dict[str, str]:
    """Source file name → document id (the first, when two share a name)."""
    by_name: dict[str, str] = {}
    for doc_id, doc in library.all().items():
        by_name.setdefault(str((doc.get("source") or {}).get("filename")), doc_id)
    return by_name


def evidence_views(finding: Record, by_name: dict[str, str]) -> list[Record]:
    """A finding's mentions with a crop URL where the document's page and box are known
    (the two OCR readings of a number side by side)."""
    out = []
    for e in finding.get("evidence") or []:
        mentioned = by_name.get(str(e.get("document")))
        bbox = e.get("bbox")
        crop = None
        if mentioned is not None and e.get("page") and bbox and len(bbox) == 4:
            crop = f"/crop/{quote(mentioned)}/{int(e['page'])}?box=" + ",".join(
                f"{float(v):.1f}" for v in bbox
            )
        out.append({"document": e.get("document"), "page": e.get("page"), "text": e.get("text"),
                    "confidence": e.get("confidence"), "unsure": e.get("unsure") or [],
                    "crop": crop, "doc_id": mentioned})  # fmt: skip
    return out


def crop_png(
    source: Path, page: int, bbox: tuple[float, float, float, float], dpi: int = 200
) -> bytes | None:
    """PNG bytes of ``bbox`` (points, top-left origin) on page ``page`` of a PDF, with a
    small margin; None when the source is not a PDF or the page does not exist."""
    import io

    import pypdfium2 as pdfium

    if source.suffix.lower() != ".pdf":
        return None
    try:
        pdf = pdfium.PdfDocument(str(source))
    except pdfium.PdfiumError:
        return None
    try:
        if not 1 <= page <= len(pdf):
            return None
        p = pdf[page - 1]
        scale = dpi / 72
        image = p.render(scale=scale).to_pil()
        p.close()
    finally:
        pdf.close()
    x0, y0, x1, y1 = bbox
    margin = 6
    region = image.crop((max(0, round((x0 - margin) * scale)), max(0, round((y0 - margin) * scale)),
                         min(image.width, round((x1 + margin) * scale)),
                         min(image.height, round((y1 + margin) * scale))))  # fmt: skip
    buf = io.BytesIO()
    region.save(buf, format="PNG")
    return buf.getvalue()


def agency_suggestions(store: SqlStore, limit: int = 2000) -> list[str]:
    """Body names to suggest while editing: the vocabulary's and the corpus's spellings."""
    from vanban.parsers.vocabulary import agency_names

    names = set(agency_names())
    with contextlib.suppress(Exception):  # a store without the register's rows: vocabulary only
        names |= {str(r[1]) for r in store.agency_counts()}
    return sorted(names, key=str.casefold)[:limit]
