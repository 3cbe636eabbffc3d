"""A WKSBM's page for operators: every upload (time, sender, status, findings), the original
and the correction copy to download, setting an upload aside (with a reason, undoable), and
uploading on a WKSBM's behalf (a workbook that came by e-mail)."""
from __future__ import annotations

import re
from urllib.parse import quote

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from compiler.archive import asides
from compiler.web.console.core import MAX_UPLOAD, STAFF, page, secure, sees

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(data: bytes, name: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "berkas.xlsx"
    if not safe.lower().endswith(".xlsx"):
        safe += ".xlsx"
    return secure(Response(data, media_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(name)}"}))


def routes(console) -> list[Route]:
    archive = console.archive

    def wksbm_of(request, user, wksbm_id):
        try:
            w = archive.wksbm(int(wksbm_id))
        except (KeyError, ValueError):
            return None
        return w if sees(user, w.kapanewon) else None

    def upload_of(request, user):
        """(upload, its WKSBM) when the user may see it; None otherwise (answered as not found)."""
        try:
            upload_id = int(request.path_params["id"])
        except ValueError:
            return None
        row = archive.db().execute("SELECT wksbm_id FROM uploads WHERE id = ?", (upload_id,)).fetchone()
        w = wksbm_of(request, user, row[0]) if row else None
        return (archive.upload(upload_id, w.id), w) if w else None

    @page(console)
    async def wksbm_page(request, user, problem: str = "", notice: str = ""):
        w = wksbm_of(request, user, request.path_params["id"])
        if w is None:
            return console.not_found(request)
        uploads = archive.uploads_of(w.id)
        for u in uploads:
            u["findings"] = sorted(u["findings"], key=lambda f: (f.get("tingkat") != "error",))
        return console.render(request, "wksbm.html", status_code=400 if problem else 200, w=w, uploads=uploads,
                              history=asides.history(archive, w.id),
                              can_change=user["role"] in STAFF, can_upload=console.upload is not None,
                              link=console.link(request, archive.token_of(w.id)), problem=problem,
                              notice=notice or request.query_params.get("pesan", "")[:200],
                              max_mb=MAX_UPLOAD // (1024 * 1024))

    @page(console)
    async def original(request, user):
        found = upload_of(request, user)
        if not found:
            return console.not_found(request)
        u, _ = found
        return download(archive.files.get(u["sha256"]), u["original_name"])

    @page(console)
    async def correction(request, user):
        found = upload_of(request, user)
        if not found or not found[0]["copy_sha256"]:
            return console.not_found(request)
        u, _ = found
        return download(archive.files.get(u["copy_sha256"]), "perbaikan_" + u["original_name"])

    async def _change(request, user, form, change):
        found = upload_of(request, user)
        if not found:
            return console.not_found(request)
        u, w = found
        try:
            change(u)
        except asides.AsideError as exc:
            request.path_params["id"] = w.id
            return await _show(request, str(exc))
        return secure(RedirectResponse(f"/konsol/wksbm/{w.id}#u{u['id']}", status_code=303))

    async def _show(request, problem):
        return (await wksbm_page.__wrapped__(request, request.state.user, problem=problem))

    @page(console, STAFF)
    async def set_aside(request, user, form):
        return await _change(request, user, form,
                             lambda u: asides.set_aside(archive, u["id"], str(form.get("alasan", "")), user["name"]))

    @page(console, STAFF)
    async def restore(request, user, form):
        return await _change(request, user, form, lambda u: asides.restore(archive, u["id"], user["name"]))

    @page(console, STAFF)
    async def upload(request, user, form):
        w = wksbm_of(request, user, request.path_params["id"])
        if w is None:
            return console.not_found(request)
        request.path_params["id"] = w.id
        if console.upload is None:
            return await _show(request, "Unggah atas nama WKSBM belum tersedia di server ini.")
        berkas = form.get("berkas")
        if berkas is None or not hasattr(berkas, "read") or not berkas.filename:
            return await _show(request, "Pilih berkas laporan (.xlsx) yang akan diunggah.")
        data = await berkas.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return await _show(request, f"Berkas terlalu besar: batasnya {MAX_UPLOAD // (1024 * 1024)} MB.")
        if not berkas.filename.lower().endswith(".xlsx"):
            return await _show(request, "Berkas harus buku kerja Excel .xlsx (templat WKSBM).")
        from starlette.concurrency import run_in_threadpool

        upload_id = await run_in_threadpool(console.upload, w, data, berkas.filename, user["name"])
        return secure(RedirectResponse(f"/konsol/wksbm/{w.id}#u{upload_id}", status_code=303))

    return [Route("/konsol/wksbm/{id}", wksbm_page), Route("/konsol/wksbm/{id}/unggah", upload, methods=["POST"]),
            Route("/konsol/unggahan/{id}/asli", original), Route("/konsol/unggahan/{id}/salinan", correction),
            Route("/konsol/unggahan/{id}/sisihkan", set_aside, methods=["POST"]),
            Route("/konsol/unggahan/{id}/pulihkan", restore, methods=["POST"])]
