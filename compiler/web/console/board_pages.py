"""The quarter's board (`/`): the kabupaten per kapanewon, a kapanewon per kalurahan and
WKSBM, with rates, bars, the deadline and the list to remind (ready to copy)."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from compiler.archive import sessions
from compiler.jobs.board import LABELS, STATES, board, tokens_of
from compiler.model import period
from compiler.web.console.core import SESSION_COOKIE, area, page, sees
from compiler.web.console.signin import signin_form
from compiler.web.console.words import tanggal


def reminder(console, request, b) -> str:
    """The text to paste into a reminder message: who, and each one's own link."""
    lines = [f"Yth. Bapak/Ibu pengurus WKSBM, laporan triwulan {b.triwulan} tahun {b.tahun} kami tunggu paling "
             f"lambat {tanggal(b.tenggat)}. Mohon unggah (atau perbaiki) melalui tautan masing-masing berikut. "
             "Terima kasih.", ""]
    remind = b.remind()
    links = tokens_of(console.archive, [r["wksbm"] for r in remind])
    for r in remind:
        w = r["wksbm"]
        what = "belum melapor" if r["state"] == "belum_melapor" else "perlu perbaikan"
        lines.append(f"- {w.padukuhan}, {w.kalurahan} ({what}): {console.link(request, links[w.id])}")
    return "\n".join(lines)


def routes(console) -> list[Route]:
    async def home(request):
        if sessions.find(console.archive, request.cookies.get(SESSION_COOKIE), console.clock()) is None:
            return signin_form(console, request)
        return await papan(request)

    @page(console)
    async def papan(request, user):
        tahun, triwulan = console.quarter(request)
        if user["role"] == "kapanewon":
            return await run_in_threadpool(_kapanewon, request, user, user["kapanewon"], tahun, triwulan)
        return await run_in_threadpool(_kabupaten, request, tahun, triwulan)

    def _kabupaten(request, tahun, triwulan):
        """Built in the thread pool (tens of ms for 933 WKSBM): the event loop goes on meanwhile."""
        b = board(console.archive, tahun, triwulan, now=console.clock())
        return console.render(request, "papan.html", b=b, STATES=STATES, LABELS=LABELS,
                              text=reminder(console, request, b),
                              prev=period.previous(tahun, triwulan), next=_next(tahun, triwulan))

    @page(console)
    async def kapanewon(request, user):
        name = request.path_params["nama"]
        if not sees(user, name):
            return console.not_found(request)
        tahun, triwulan = console.quarter(request)
        return await run_in_threadpool(_kapanewon, request, user, name, tahun, triwulan)

    def _kapanewon(request, user, name, tahun, triwulan):
        b = board(console.archive, tahun, triwulan, kapanewon=name, now=console.clock())
        if not b.total.children and area(user) is None:
            return console.not_found(request)
        k = b.total.children[0] if b.total.children else None
        return console.render(request, "kapanewon.html", b=b, k=k, name=name, STATES=STATES, LABELS=LABELS,
                              text=reminder(console, request, b), prev=period.previous(tahun, triwulan),
                              next=_next(tahun, triwulan))

    return [Route("/", home), Route("/konsol/kapanewon/{nama}", kapanewon)]


def _next(tahun: int, triwulan: str) -> tuple[int, str]:
    n = period.number(triwulan)
    return (tahun + 1, "I") if n == 4 else (tahun, period.TRIWULAN[n])
