"""`wksbm serve`: the application on uvicorn, with a log of every upload and refusal (time,
WKSBM, outcome; never a file's content) beside the archive."""
from __future__ import annotations

import logging
import time
from pathlib import Path


def run_server(data: Path, host: str, port: int, ready=None, workers: int | None = None) -> None:
    import uvicorn

    from compiler.web.app import create_app

    _log_to(data / "log" / "web.log")
    app = create_app(data, workers=workers)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            server_header=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    if ready:
        original = server.startup

        async def startup(sockets=None):
            await original(sockets)
            ready()
        server.startup = startup
    server.run()


def _log_to(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    formatter = logging.Formatter("%(asctime)sZ %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    logger = logging.getLogger("wksbm.web")
    logger.setLevel(logging.INFO)
    for handler in (logging.FileHandler(path, encoding="utf-8"), logging.StreamHandler()):
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    logger.propagate = False
