"""The web intake (STANDARD 7): a WKSBM's link, its page, and the API for other programs.

Routes stay thin: they parse the request, call the archive or `compiler.jobs.upload`, and
present the answer. Nothing of one WKSBM is ever reachable from another WKSBM's link or cookie;
a wrong or replaced token is answered 404 and nothing else; no error shows a stack trace.
"""
from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from compiler.archive import tokens
from compiler.archive.db import WIB, Archive, utc_now
from compiler.web import body, words
from compiler.web.console.app import console_routes
from compiler.web.headers import Headers

log = logging.getLogger("wksbm.web")
COOKIE = "wksbm_tautan"
COOKIE_DAYS = 180
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HERE = Path(__file__).parent


def create_app(data_dir: Path | str, *, checker=None, limit: int = body.LIMIT, workers: int | None = None,
               clock=utc_now) -> Starlette:
    """The application over the archive in `data_dir`. The checker's workers start with the
    application (warm, in the background); a test may pass its own checker."""
    archive = Archive(data_dir, sweep=True)   # the server's start: a crash's half files go
    owned = checker is None
    if owned:
        from compiler.jobs.checker import Checker
        checker = Checker(workers)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(words=words, size_text=body.size_text, limit=limit)
    site = _Site(archive, checker, env, limit, clock)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if owned:
            checker.start()
        try:
            yield
        finally:
            if owned:
                checker.close()
            archive.close()

    routes = console_routes(archive, checker, clock) + [   # the console has "/" (sign-in, the board)
        Route("/lapor/{token}", site.link, methods=["GET"]),
        Route("/wksbm", site.page, methods=["GET"]),
        Route("/wksbm/unggah", site.upload_form, methods=["POST"]),
        Route("/wksbm/unggahan/{number:int}/perbaikan", site.copy, methods=["GET"]),
        Route("/wksbm/unggahan/{number:int}/asli", site.original, methods=["GET"]),
        Route("/wksbm/templat", site.template, methods=["GET"]),
        Route("/gaya.css", site.style, methods=["GET"]),
        Route("/lapor.js", site.script, methods=["GET"]),
        Route("/api/lapor/{token}", site.api, methods=["POST"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: site.http_error, Exception: site.crash})
    app.add_middleware(Headers)
    app.state.archive, app.state.checker = archive, checker
    return app


class _Site:
    def __init__(self, archive: Archive, checker, env: Environment, limit: int, clock):
        self.archive, self.checker, self.env, self.limit, self.clock = archive, checker, env, limit, clock
        self._template = None
        self._template_lock = threading.Lock()

    # --- presenting ---------------------------------------------------------------------------
    def html(self, name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status)

    def missing(self, request: Request) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"galat": "Tautan tidak ditemukan."}, status_code=404)
        return self.html("galat.html.j2", 404, judul="Halaman tidak ditemukan",
                         pesan="Alamat ini tidak ada, atau tautannya sudah diganti. Buka tautan terbaru yang "
                               "dikirim Dinas Sosial untuk WKSBM Anda.")

    async def http_error(self, request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return self.missing(request)
        pesan = {405: "Cara membuka halaman ini tidak didukung. Buka halaman WKSBM Anda dari tautan Dinas Sosial."}
        if request.url.path.startswith("/api/"):
            return JSONResponse({"galat": pesan.get(exc.status_code, "Permintaan tidak dapat dilayani.")},
                                status_code=exc.status_code)
        return self.html("galat.html.j2", exc.status_code, judul="Permintaan tidak dapat dilayani",
                         pesan=pesan.get(exc.status_code, "Permintaan tidak dapat dilayani. Coba lagi."))

    async def crash(self, request: Request, exc: Exception) -> Response:
        log.exception("galat tak terduga pada %s %s", request.method, request.url.path)
        pesan = ("Maaf, terjadi gangguan di server. Laporan yang sudah diterima tetap tersimpan. Coba lagi "
                 "beberapa menit lagi; bila tetap gagal, hubungi operator Dinas Sosial.")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"galat": pesan}, status_code=500)
        return self.html("galat.html.j2", 500, judul="Terjadi gangguan", pesan=pesan)

    # --- who is asking ---------------------------------------------------------------------------
    def visitor(self, request: Request):
        """(WKSBM, token hash) of the cookie, or None."""
        tok = request.cookies.get(COOKIE, "")
        w = self.archive.by_token(tok) if tok else None
        return (w, tokens.token_hash(tok)) if w else None

    # --- routes ---------------------------------------------------------------------------------
    def home(self, request: Request) -> Response:
        return self.html("beranda.html.j2")

    def link(self, request: Request) -> Response:
        tok = request.path_params["token"]
        w = self.archive.by_token(tok)
        if w is None:
            log.info("ditolak tautan-tidak-dikenal (halaman)")   # never the token: it may be a near miss
            return self.missing(request)
        response = RedirectResponse("/wksbm", status_code=303)
        response.set_cookie(COOKIE, tok, max_age=COOKIE_DAYS * 86400, path="/", httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")
        return response

    def page(self, request: Request, refusal: body.Refused | None = None, status: int = 200) -> Response:
        who = self.visitor(request)
        if who is None:
            return self.missing(request)
        w, tok_hash = who
        uploads = self.archive.uploads_of(w.id)
        chosen = None
        wanted = request.query_params.get("unggahan", "")
        if wanted.isdigit():
            chosen = next((u for u in uploads if u["id"] == int(wanted)), None)
        elif uploads and refusal is None:
            chosen = uploads[0]
        today = self.clock().astimezone(WIB).date()
        tahun, tw = self.archive.collected(today)
        tenggat = self.archive.deadline(tahun, tw)
        response = self.html("wksbm.html.j2", status, w=w, uploads=uploads, chosen=chosen, tahun=tahun, tw=tw,
                             tenggat=tenggat, lewat=today > tenggat, refusal=refusal,
                             again=request.query_params.get("sama") == "1",
                             csrf=tokens.csrf(self.archive.secret, tok_hash))
        return response

    async def upload_form(self, request: Request) -> Response:
        who = await run_in_threadpool(self.visitor, request)
        if who is None:
            return self.missing(request)
        w, tok_hash = who
        try:
            data, name, fields = await body.upload(request, self.limit)
            if not tokens.same(fields.get("csrf", ""), tokens.csrf(self.archive.secret, tok_hash)):
                raise body.Refused(403, "csrf", "Formulir ini sudah kedaluwarsa atau bukan dari halaman ini. Muat "
                                   "ulang halaman WKSBM Anda, lalu kirim lagi.")
        except body.Refused as refusal:
            log.info("ditolak wksbm=%s alasan=%s", w.id, refusal.reason)
            return await run_in_threadpool(self.page, request, refusal, refusal.status)
        got = await run_in_threadpool(self._receive, w, data, name)
        return RedirectResponse(f"/wksbm?unggahan={got.upload['id']}{'&sama=1' if got.again else ''}#hasil",
                                status_code=303)

    async def api(self, request: Request) -> Response:
        w = await run_in_threadpool(self.archive.by_token, request.path_params["token"])
        if w is None:
            log.info("ditolak tautan-tidak-dikenal (api)")
            return self.missing(request)
        try:
            data, name, _ = await body.upload(request, self.limit)
        except body.Refused as refusal:
            log.info("ditolak wksbm=%s alasan=%s (api)", w.id, refusal.reason)
            return JSONResponse({"galat": refusal.words}, status_code=refusal.status)
        got = await run_in_threadpool(self._receive, w, data, name, "api")
        u = got.upload
        now = next((x for x in self.archive.uploads_of(w.id) if x["id"] == u["id"]), u)
        return JSONResponse({"status": now.get("status_now", u["status"]), "unggahan": u["id"],
                             "kesalahan": u["errors"], "peringatan": u["warnings"], "temuan": u["findings"]})

    def _receive(self, w, data: bytes, name: str, via: str = "halaman"):
        from compiler.jobs.upload import receive

        got = receive(self.archive, self.checker, w, data, name, sender=f"tautan ({via})", now=self.clock())
        u = got.upload
        log.info("unggahan wksbm=%s nomor=%s status=%s kesalahan=%s peringatan=%s ukuran=%s%s", w.id, u["id"],
                 u["status"], u["errors"], u["warnings"], u["size"], " (sama dengan sebelumnya)" if got.again else "")
        return got

    def _own(self, request: Request):
        who = self.visitor(request)
        if who is None:
            return None
        return self.archive.upload(request.path_params["number"], who[0].id)

    def copy(self, request: Request) -> Response:
        u = self._own(request)
        if u is None or not u["copy_sha256"]:
            return self.missing(request)
        from compiler.jobs.upload import copy_download_name
        return _download(self.archive.files.get(u["copy_sha256"]), copy_download_name(u))

    def original(self, request: Request) -> Response:
        u = self._own(request)
        if u is None:
            return self.missing(request)
        return _download(self.archive.files.get(u["sha256"]), u["original_name"])

    def template(self, request: Request) -> Response:
        who = self.visitor(request)
        if who is None:
            return self.missing(request)
        w = who[0]
        from compiler.files.atomic import workbook_bytes
        from compiler.intake.registry import file_slug
        from compiler.template.workbook import build, fill

        with self._template_lock:   # one workbook, re-filled per WKSBM: its layout is the same
            if self._template is None:
                self._template = build()
            wb, cells = self._template
            fill(wb, cells, {"kapanewon": w.kapanewon, "kalurahan": w.kalurahan, "padukuhan": w.padukuhan,
                             "nama_wksbm": w.nama_wksbm or None})
            data = workbook_bytes(wb)
        return _download(data, f"wksbm_{w.kode_kalurahan}_{file_slug(w.padukuhan)}.xlsx")

    def style(self, request: Request) -> Response:
        return _asset("gaya.css", "text/css")

    def script(self, request: Request) -> Response:
        return _asset("lapor.js", "text/javascript")


def _asset(name: str, kind: str) -> Response:
    return Response((HERE / "templates" / name).read_bytes(), media_type=kind,
                    headers={"Cache-Control": "public, max-age=3600"})


def _download(data: bytes, name: str) -> Response:
    from urllib.parse import quote

    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name)
    return Response(data, media_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store"})
