"""A small, long-lived pool of isolated worker processes that check one upload at a time.

The web server must outlive any upload: a parser that aborts, hangs or eats memory takes down
only its worker, which is replaced, and the upload gets a `file-unsafe` finding, as a batch
does (`compiler.run.isolation`, whose limits and words are used here). Workers are forked from
the server after it has imported pandas and pandera and built the schemas once (`warm`), so a
new worker starts warm in milliseconds; each serves a number of uploads before it is replaced,
so that memory stays flat. A worker only ever runs this module's loop, which takes no lock that
a thread of the server could hold at the fork.
"""
from __future__ import annotations

import datetime as dt
import gc
import multiprocessing as mp
import queue
import threading
import time
from pathlib import Path

from compiler.model import findings as F
from compiler.model.results import FileResult
from compiler.run.isolation import CHUNK_SECONDS, FILE_SECONDS, MEMORY_LIMIT, ROW_SECONDS
from compiler.run.isolation import _WHY as WHY, _silence

SERVES = 200          # uploads a worker checks before it is replaced
COPY_SECONDS = 30.0   # time allowed for making a correction copy


def _worker(conn) -> None:
    gc.freeze()
    _silence()
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform without limits
        pass
    from compiler.correction.copies import write_copy
    from compiler.run.pipeline import finish, read_chunk

    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            if request[0] == "check":
                _, path, file, today = request
                reads = read_chunk([(path, file)], started=lambda i: conn.send(("beat", i)))
                wb = reads[0][3]
                result = finish(reads, False, today)[0]
                cells = {k: wb.identity_cells.get(k) for k in ("tahun", "triwulan")}
                conn.send(("done", (result, cells, wb.identity_sheet)))
            else:
                _, path, findings, out = request
                conn.send(("done", write_copy(path, findings, Path(out))))
        except MemoryError:
            conn.send(("memory", None))
        gc.collect()


def warm() -> None:
    """pandas, pandera, the schemas, the reader and the copier: loaded once, before any fork."""
    from compiler.check.validate import warm as schemas
    from compiler.correction import copies  # noqa: F401
    from compiler.read import reader  # noqa: F401
    from compiler.screen import gate  # noqa: F401

    schemas()


class _Proc:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.served = 0

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(timeout=1)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class Checker:
    """`check` and `copy` block until a worker is free; safe to call from many threads."""

    def __init__(self, workers: int | None = None):
        from compiler.run.workers import default_workers

        self.size = workers or default_workers()
        self._ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        self._idle: queue.Queue = queue.Queue()
        self._started = threading.Event()
        self._closed = False

    def start(self, wait: bool = False) -> None:
        """Start the workers in the background (the server answers meanwhile)."""
        def run():
            warm()
            for _ in range(self.size):
                self._idle.put(self._spawn())
            self._started.set()
        thread = threading.Thread(target=run, name="wksbm-checker-start", daemon=True)
        thread.start()
        if wait:
            thread.join()

    def ready(self, timeout: float | None = None) -> bool:
        return self._started.wait(timeout)

    def _spawn(self) -> _Proc | None:
        try:
            return _Proc(self._ctx)
        except (OSError, MemoryError):
            return None

    def _call(self, request, reading: float, then: float):
        """(outcome, payload): outcome "done", or a key of WHY when the worker failed."""
        w = self._idle.get()
        try:
            if w is None or not w.proc.is_alive():
                if w is not None:
                    w.stop()
                w = self._spawn()
                if w is None:
                    return "no-worker", None
            w.served += 1
            try:
                w.conn.send(request)
            except OSError:
                w.stop()
                w = self._spawn()
                return "crash", None
            deadline = time.monotonic() + reading
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    outcome = "time"
                    break
                if w.conn.poll(min(left, 0.5)):
                    try:
                        kind, payload = w.conn.recv()
                    except (EOFError, OSError):
                        outcome = "crash"
                        break
                    if kind == "beat":      # -1: every file read, validating
                        deadline = time.monotonic() + (then if payload == -1 else reading)
                        continue
                    if kind == "done":
                        if w.served >= SERVES:
                            w.stop()
                            w = self._spawn()
                        return "done", payload
                    outcome = kind
                    break
                if not w.proc.is_alive() and not w.conn.poll():
                    outcome = "crash"
                    break
            w.proc.kill()
            w.stop()
            w = self._spawn()
            return outcome, None
        finally:
            self._idle.put(w)

    def check(self, path: str, file: str, today: dt.date) -> tuple[FileResult, dict, str]:
        """Screen, read and check one file: its result, the Identitas cells of Tahun and
        Triwulan, the Identitas sheet's name."""
        outcome, payload = self._call(("check", path, file, today), FILE_SECONDS, CHUNK_SECONDS + ROW_SECONDS)
        if outcome == "done":
            return payload
        return FileResult(path, file, [F.file_problem("file-unsafe", file, WHY[outcome])]), {}, ""

    def copy(self, path: str, findings: list, out: Path) -> bool:
        """Write the correction copy to `out`; False when none could be made."""
        outcome, payload = self._call(("copy", path, findings, str(out)), COPY_SECONDS, COPY_SECONDS)
        return outcome == "done" and bool(payload)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                return
            if w is not None:
                w.stop()
