"""Compiling the quarter from the archive with one button, and the compiles kept: each in its
own folder with its time and who ran it, downloadable as a zip, its HTML recaps viewable.
A kapanewon account sees only its own kapanewon's recap of each compile."""
from __future__ import annotations

import mimetypes

from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, RedirectResponse
from starlette.routing import Route

from compiler.archive import compiles
from compiler.jobs import console_compile
from compiler.model import period
from compiler.web.console.core import STAFF, page, secure

KINDS = {".html": "text/html; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".zip": "application/zip",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def allowed(user: dict, name: str) -> bool:
    """Which output files an account may open: staff every one; a kapanewon account only the
    recaps of its kapanewon (rekap_<kode>_<nama>.html/.xlsx)."""
    if user["role"] in STAFF:
        return True
    from schemas.reference import KAPANEWON_KODE

    code = KAPANEWON_KODE.get(user["kapanewon"], "?")
    return "/" not in name and name.startswith(f"rekap_{code}_") and name.endswith((".html", ".xlsx"))


def routes(console) -> list[Route]:
    archive = console.archive

    @page(console)
    async def list_page(request, user, problem: str = ""):
        tahun, triwulan = console.quarter(request)
        return console.render(request, "kompilasi.html", status_code=409 if problem else 200,
                              compiles=compiles.all_compiles(archive), tahun=tahun, triwulan=triwulan,
                              can_run=user["role"] in STAFF, problem=problem)

    @page(console, STAFF)
    async def start(request, user, form):
        try:
            tahun = int(form.get("tahun", ""))
            triwulan = period.TRIWULAN[period.number(form.get("triwulan", "")) - 1]
        except ValueError:
            return await list_page.__wrapped__(request, user, problem="Pilih tahun dan triwulan yang benar.")
        try:
            compile_id = await run_in_threadpool(console_compile.start, archive, tahun, triwulan, user["name"],
                                                 workers=console.workers, now=console.clock())
        except console_compile.Busy as exc:
            return await list_page.__wrapped__(request, user, problem=str(exc))
        except OSError as exc:
            return await list_page.__wrapped__(request, user, problem=f"Kompilasi tidak dapat dimulai: folder "
                                               f"kompilasinya tidak dapat dibuat ({exc.strerror or exc}).")
        return secure(RedirectResponse(f"/konsol/kompilasi/{compile_id}", status_code=303))

    def record_of(request):
        try:
            return compiles.get(archive, int(request.path_params["id"]))
        except ValueError:
            return None

    @page(console)
    async def one(request, user):
        record = record_of(request)
        if record is None:
            return console.not_found(request)
        names = [p.as_posix() for p in console_compile.files(archive, record)]
        names = [n for n in names if allowed(user, n)]
        recaps = [n for n in names if n.endswith(".html") and "/" not in n]
        shown = request.query_params.get("rekap")
        if shown not in recaps:
            shown = "rekap_kabupaten.html" if "rekap_kabupaten.html" in recaps else (recaps[0] if recaps else None)
        zip_name = f"kompilasi_{period.folder_name(record['tahun'], record['triwulan'])}.zip"
        response = console.render(request, "kompilasi_satu.html", c=record, names=names, recaps=recaps, shown=shown,
                                  zip_name=zip_name if user["role"] in STAFF and record["state"] == "selesai" else None)
        if record["state"] == "berjalan":
            response.headers["Refresh"] = "3"   # the page follows the compile without JavaScript
        return response

    @page(console)
    async def output(request, user):
        record = record_of(request)
        name = request.path_params["nama"]
        if record is None or record["state"] != "selesai" or not allowed(user, name):
            return console.not_found(request)
        folder = archive.dir / record["folder"]
        zip_name = f"kompilasi_{period.folder_name(record['tahun'], record['triwulan'])}.zip"
        if name == zip_name:
            path = folder / zip_name
        else:
            known = {p.as_posix() for p in console_compile.files(archive, record)}
            if name not in known:
                return console.not_found(request)
            path = folder / period.folder_name(record["tahun"], record["triwulan"]) / name
        suffix = path.suffix.lower()
        kind = KINDS.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        response = FileResponse(path, media_type=kind, filename=None if suffix == ".html" else path.name)
        if suffix == ".html":   # a recap shown in the console's frame: its own styles, no script, nothing else
            response.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'unsafe-inline'; "
                                                           "img-src data:; frame-ancestors 'self'")
        return secure(response)

    return [Route("/konsol/kompilasi", list_page), Route("/konsol/kompilasi/mulai", start, methods=["POST"]),
            Route("/konsol/kompilasi/{id}", one), Route("/konsol/kompilasi/{id}/berkas/{nama:path}", output)]
