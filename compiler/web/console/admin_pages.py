"""Admin: import or update the registry, add a WKSBM or stop one, replace a link, set a
quarter's deadline, manage accounts; and the audit log. Every change is in the audit log."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse
from starlette.routing import Route

from compiler.archive import accounts, audit, roster
from compiler.archive.roster import last_quarters
from compiler.intake.registry import RegistryError
from compiler.model import period
from compiler.web.console.core import page, secure

ADMIN = ("admin",)


def routes(console) -> list[Route]:
    archive = console.archive

    @page(console, ADMIN)
    async def admin(request, user, problem: str = "", notice: str = ""):
        tahun, triwulan = console.quarter(request)
        kap = request.query_params.get("kapanewon", "")
        shown = [w for w in archive.all_wksbm() if w.kapanewon == kap] if kap else []
        ends = last_quarters(archive)
        return console.render(request, "admin.html", status_code=400 if problem else 200, problem=problem,
                              notice=notice or request.query_params.get("pesan", "")[:300],
                              users=accounts.users(archive), kapanewon=accounts.kapanewon_names(), kap=kap,
                              shown=shown, ends={k: (v // 4, period.TRIWULAN[v % 4]) for k, v in ends.items()},
                              tahun=tahun, triwulan=triwulan, tenggat=archive.deadline(tahun, triwulan),
                              now=console.clock())

    def done(message: str, kap: str = ""):
        from urllib.parse import urlencode

        query = {"pesan": message, **({"kapanewon": kap} if kap else {})}
        return secure(RedirectResponse(f"/konsol/admin?{urlencode(query)}", status_code=303))

    async def fail(request, user, message):
        return await admin.__wrapped__(request, user, problem=message)

    @page(console, ADMIN)
    async def registry(request, user, form):
        berkas = form.get("berkas")
        if berkas is None or not hasattr(berkas, "read") or not berkas.filename:
            return await fail(request, user, "Pilih berkas daftar_wksbm.csv yang akan diimpor.")
        data = await berkas.read(5 * 1024 * 1024 + 1)
        if len(data) > 5 * 1024 * 1024:
            return await fail(request, user, "Berkas daftar terlalu besar (batasnya 5 MB).")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "daftar_wksbm.csv"
            path.write_bytes(data)
            try:
                imported, updated = roster.import_registry(archive, path, user["name"])
            except RegistryError as exc:
                return await fail(request, user, str(exc))
        skipped = "; ".join(f"baris {line}: {why}" for line, why in imported.skipped[:5])
        return done(f"Daftar diimpor: {len(imported.added)} WKSBM baru, {len(imported.kept)} sudah ada "
                    f"({updated} namanya diperbarui)." +
                    (f" Dilewati {len(imported.skipped)} baris ({skipped})." if imported.skipped else ""))

    @page(console, ADMIN)
    async def add(request, user, form):
        try:
            imported = roster.add_wksbm(archive, str(form.get("kode_kalurahan", "")), str(form.get("kalurahan", "")),
                                        str(form.get("padukuhan", "")), str(form.get("nama_wksbm", "")), user["name"])
        except RegistryError as exc:
            return await fail(request, user, str(exc))
        if imported.skipped:
            return await fail(request, user, f"WKSBM tidak ditambahkan: {imported.skipped[0][1]}.")
        if not imported.added:
            return await fail(request, user, "WKSBM itu sudah terdaftar.")
        return done("WKSBM ditambahkan, dengan tautannya sendiri.", archive.wksbm(imported.added[0]).kapanewon)

    def wksbm(request):
        try:
            return archive.wksbm(int(request.path_params["id"]))
        except (KeyError, ValueError):
            return None

    @page(console, ADMIN)
    async def stop(request, user, form):
        w = wksbm(request)
        if w is None:
            return console.not_found(request)
        if form.get("aktif"):
            roster.stop(archive, w.id, None, None, user["name"])
            return done(f"{w.padukuhan} kembali diharapkan melapor.", w.kapanewon)
        try:
            tahun = int(form.get("tahun", ""))
            triwulan = period.TRIWULAN[period.number(form.get("triwulan", "")) - 1]
        except ValueError:
            return await fail(request, user, "Isi tahun dan triwulan terakhir WKSBM itu melapor.")
        roster.stop(archive, w.id, tahun, triwulan, user["name"])
        return done(f"{w.padukuhan} tidak diharapkan melapor sesudah triwulan {triwulan} {tahun}.", w.kapanewon)

    @page(console, ADMIN)
    async def new_link(request, user, form):
        w = wksbm(request)
        if w is None:
            return console.not_found(request)
        roster.replace_link(archive, w.id, user["name"])
        # shown on this answer only: a link never travels in an address (history, logs)
        link = console.link(request, archive.token_of(w.id))
        return await admin.__wrapped__(request, user, notice=f"Tautan baru untuk {w.padukuhan}: {link} "
                                       "(tautan lama tidak berlaku lagi).")

    @page(console, ADMIN)
    async def deadline(request, user, form):
        try:
            tahun = int(form.get("tahun", ""))
            triwulan = period.TRIWULAN[period.number(form.get("triwulan", "")) - 1]
            tenggat = dt.date.fromisoformat(str(form.get("tenggat", "")))
        except ValueError:
            return await fail(request, user, "Isi tahun, triwulan dan tanggal tenggat (misalnya 2026-10-10).")
        roster.set_deadline(archive, tahun, triwulan, tenggat, user["name"])
        return done(f"Tenggat triwulan {triwulan} {tahun}: {tenggat.isoformat()}.")

    @page(console, ADMIN)
    async def account_add(request, user, form):
        if form.get("sandi", "") != form.get("sandi2", ""):
            return await fail(request, user, "Kedua kata sandi tidak sama. Ketik lagi.")
        try:
            await run_in_threadpool(accounts.add_user, archive, str(form.get("nama", "")), str(form.get("peran", "")),
                                    str(form.get("sandi", "")), str(form.get("kapanewon", "")) or None,
                                    by=user["name"])
        except accounts.AccountError as exc:
            return await fail(request, user, str(exc))
        return done("Akun ditambahkan.")

    @page(console, ADMIN)
    async def account_change(request, user, form):
        try:
            target = int(request.path_params["id"])
            if accounts.user(archive, target) is None:
                return console.not_found(request)
            what = form.get("ubah")
            if what == "nonaktif":
                accounts.set_active(archive, target, False, user["name"])
            elif what == "aktif":
                accounts.set_active(archive, target, True, user["name"])
            elif what == "buka":
                accounts.unlock(archive, target, user["name"])
            elif what == "sandi":
                await run_in_threadpool(accounts.set_password, archive, target, str(form.get("sandi", "")),
                                        user["name"])
            else:
                return await fail(request, user, "Perubahan akun tidak dikenal.")
        except (accounts.AccountError, ValueError) as exc:
            return await fail(request, user, str(exc))
        return done("Akun diubah.")

    @page(console, ADMIN)
    async def log(request, user):
        try:
            before = int(request.query_params.get("sebelum", "0")) or None
        except ValueError:
            before = None
        action = request.query_params.get("kegiatan", "")[:40] or None
        rows = audit.entries(archive, limit=200, before=before, action=action)
        return console.render(request, "log.html", rows=rows, more=rows[-1]["id"] if len(rows) == 200 else None,
                              action=action or "", actions=audit.actions(archive))

    post = {"methods": ["POST"]}
    return [Route("/konsol/admin", admin), Route("/konsol/admin/log", log),
            Route("/konsol/admin/daftar", registry, **post), Route("/konsol/admin/wksbm", add, **post),
            Route("/konsol/admin/wksbm/{id}/berhenti", stop, **post),
            Route("/konsol/admin/wksbm/{id}/tautan", new_link, **post),
            Route("/konsol/admin/tenggat", deadline, **post), Route("/konsol/admin/akun", account_add, **post),
            Route("/konsol/admin/akun/{id}", account_change, **post)]
