"""The console's routes, to mount in the web app (`routes(console)`), and an app of its own
(`create_app`) for a server or tests without the web intake."""
from __future__ import annotations

from pathlib import Path

from compiler.web.console import admin_pages, board_pages, compile_pages, signin, wksbm_pages
from compiler.web.console.core import Console


def routes(console: Console) -> list:
    return (board_pages.routes(console) + signin.routes(console) + wksbm_pages.routes(console)
            + compile_pages.routes(console) + admin_pages.routes(console))


def create_app(data_dir: Path | str, base_url: str | None = None, upload=None, workers: int | None = None,
               clock=None):
    from starlette.applications import Starlette

    from compiler.archive import compiles
    from compiler.archive.db import Archive

    archive = Archive(data_dir)
    compiles.interrupted(archive)
    kwargs = {"clock": clock} if clock else {}
    console = Console(archive, base_url=base_url, upload=upload, workers=workers, **kwargs)
    app = Starlette(routes=routes(console))
    app.state.console = console
    return app
