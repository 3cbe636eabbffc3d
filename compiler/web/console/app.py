"""The console's routes, mounted by the web app (`console_routes`): "/" is the console's
(the sign-in form, or the quarter's board), the rest under /konsol/."""
from __future__ import annotations

import logging

from compiler.web.console import admin_pages, board_pages, compile_pages, signin, wksbm_pages
from compiler.web.console.core import Console

log = logging.getLogger("wksbm.web")


def routes(console: Console) -> list:
    return (board_pages.routes(console) + signin.routes(console) + wksbm_pages.routes(console)
            + compile_pages.routes(console) + admin_pages.routes(console))


def console_routes(archive, checker, clock, workers: int | None = None) -> list:
    """The console over the web app's archive; it uploads on a WKSBM's behalf through the web
    intake's own job (`receive`), with the operator as the sender."""
    from compiler.archive import compiles

    def upload(w, data: bytes, name: str, sender: str) -> int:
        from compiler.jobs.upload import receive

        got = receive(archive, checker, w, data, name, sender=sender, sender_kind="operator", now=clock())
        log.info("unggahan wksbm=%s nomor=%s status=%s oleh operator", w.id, got.upload["id"], got.upload["status"])
        return got.upload["id"]

    compiles.interrupted(archive)
    return routes(Console(archive, upload=upload, workers=workers, clock=clock))
