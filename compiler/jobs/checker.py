"""A small, long-lived pool of isolated worker processes that check uploads as they come.

The web server must outlive any upload: a parser that aborts, hangs or eats memory takes down
only its worker, which is replaced, and the upload gets a `file-unsafe` finding, as a batch
does (`compiler.run.isolation`, whose limits and words are used here). Workers are forked from
the server after it has imported pandas and pandera and built the schemas once (`warm`), so a
new worker starts warm in milliseconds; each serves a number of uploads before it is replaced,
so that memory stays flat. A worker only ever runs this module's loop.

Uploads that arrive together are checked together: a worker reads the waiting ones one by one
and validates them in one pandera call per sheet, whose fixed cost (~50 ms) would otherwise be
paid by each (`compiler.run.batch` does the same for a folder). When a worker dies or overruns
reading a file, that file gets the finding and the others are checked again; when it dies
validating, each is checked again by itself, so that only the culprit is blamed.
"""
from __future__ import annotations

import collections
import datetime as dt
import gc
import multiprocessing as mp
import threading
import time
from pathlib import Path

from compiler.model import findings as F
from compiler.model.results import FileResult
from compiler.run.isolation import CHUNK_SECONDS, FILE_SECONDS, MEMORY_LIMIT, ROW_SECONDS
from compiler.run.isolation import _WHY as WHY, _silence

SERVES = 300          # uploads a worker checks before it is replaced
BATCH = 12            # uploads a worker takes at once, at most
COPY_SECONDS = 30.0   # time allowed for making a correction copy
VALIDATING = -1


def warm() -> None:
    """pandas, pandera, the schemas, the reader and the copier: loaded once, before any fork."""
    from compiler.check.validate import warm as schemas
    from compiler.correction import copies  # noqa: F401
    from compiler.read import reader  # noqa: F401
    from compiler.screen import gate  # noqa: F401

    schemas()


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
                _, items, today = request
                reads = read_chunk(items, started=lambda i: conn.send(("beat", i)))
                results = finish(reads, False, today)
                conn.send(("done", [(res, {k: wb.identity_cells.get(k) for k in ("tahun", "triwulan")},
                                     wb.identity_sheet) for res, (_, _, _, wb) in zip(results, reads)]))
            else:
                made = []
                for i, (path, findings, out) in enumerate(request[1]):
                    conn.send(("beat", i))
                    made.append(write_copy(path, findings, Path(out)))
                conn.send(("done", made))
        except MemoryError:
            conn.send(("memory", None))
        gc.collect()


class _Job:
    def __init__(self, kind: str, args: tuple, today: dt.date | None = None):
        self.kind, self.args, self.today = kind, args, today
        self.alone = False        # checked by itself (a worker died validating it with others)
        self.retries = 0
        self.result = None
        self.done = threading.Event()

    def finish(self, result) -> None:
        self.result = result
        self.done.set()


class _Proc:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.served = 0

    def stop(self, kill: bool = False) -> None:
        """Ask it to end (or kill it); safe to call twice, from two threads."""
        try:
            if not kill:
                self.conn.send(None)
                self.proc.join(timeout=1)
        except (OSError, ValueError):
            pass
        try:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join()
        except (OSError, ValueError, AssertionError):
            pass
        self.conn.close()


class Checker:
    """`check` and `copy` block until done; safe to call from many threads at once."""

    def __init__(self, workers: int | None = None, batch: int = BATCH):
        from compiler.run.workers import default_workers

        self.size = workers or default_workers()
        self.batch = batch
        self._ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        self._jobs: collections.deque = collections.deque()
        self._cv = threading.Condition()
        self._started = threading.Event()
        self._closed = False
        self._procs: list = []      # for close() to kill; each is closed by its own supervisor
        self._threads: list = []

    # --- the outside ----------------------------------------------------------------------------
    def start(self, wait: bool = False) -> None:
        """Warm up and start the workers in the background (the server answers meanwhile)."""
        def run():
            warm()
            for i in range(self.size):
                thread = threading.Thread(target=self._supervise, name=f"wksbm-checker-{i}", daemon=True)
                self._threads.append(thread)
                thread.start()
            self._started.set()
        thread = threading.Thread(target=run, name="wksbm-checker-start", daemon=True)
        thread.start()
        if wait:
            thread.join()

    def ready(self, timeout: float | None = None) -> bool:
        return self._started.wait(timeout)

    def check(self, path: str, file: str, today: dt.date) -> tuple[FileResult, dict, str]:
        """Screen, read and check one file: its result, the Identitas cells of Tahun and
        Triwulan (Excel row, 0-based column), the Identitas sheet's name."""
        return self._submit(_Job("check", (path, file), today))

    def copy(self, path: str, findings: list, out: Path) -> bool:
        """Write the correction copy to `out`; False when none could be made."""
        return bool(self._submit(_Job("copy", (path, findings, str(out)))))

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify_all()
            left = list(self._jobs)
            self._jobs.clear()
        self._fail(left, "no-worker")   # nobody waits for ever
        for p in list(self._procs):     # each supervisor then sees its worker gone and closes it
            try:
                p.proc.kill()
            except (OSError, ValueError, AttributeError):
                pass
        for thread in self._threads:
            thread.join(timeout=5)

    def _submit(self, job: _Job):
        """Copies go first: each finishes an upload whose check is done, and someone waits."""
        with self._cv:
            if job.kind == "copy":
                self._jobs.appendleft(job)
            else:
                self._jobs.append(job)
            self._cv.notify()
        job.done.wait()
        return job.result

    # --- the inside -------------------------------------------------------------------------------
    def _take(self) -> list[_Job] | None:
        with self._cv:
            while not self._jobs and not self._closed:
                self._cv.wait()
            if self._closed:
                return None
            first = self._jobs.popleft()
            taken = [first]
            if not first.alone:
                for job in list(self._jobs):
                    if len(taken) >= self.batch:
                        break
                    if job.kind == first.kind and not job.alone and job.today == first.today:
                        self._jobs.remove(job)
                        taken.append(job)
            return taken

    def _again(self, jobs: list[_Job], alone: bool = False) -> None:
        with self._cv:
            if self._closed:          # closing: nobody will take them
                self._fail(jobs, "no-worker")
                return
            for job in reversed(jobs):
                job.alone = job.alone or alone
                self._jobs.appendleft(job)
            self._cv.notify_all()

    def _spawn(self) -> _Proc | None:
        try:
            p = _Proc(self._ctx)
        except (OSError, MemoryError):
            return None
        self._procs.append(p)
        return p

    def _retire(self, p: _Proc | None, kill: bool = False) -> None:
        if p is not None:
            p.stop(kill)
            try:
                self._procs.remove(p)
            except ValueError:            # close() took it already
                pass

    def _supervise(self) -> None:
        p = None
        while True:
            jobs = self._take()
            if jobs is None:
                self._retire(p)
                return
            if p is None or not p.proc.is_alive():
                self._retire(p, kill=True)
                p = self._spawn()
                if p is None:      # no process can start now: said as the batch says it
                    self._fail(jobs, "no-worker")
                    time.sleep(1)
                    continue
            outcome, payload, current = self._run(p, jobs)
            if outcome == "done":
                for job, result in zip(jobs, payload):
                    job.finish(result)
                p.served += len(jobs)
                if p.served >= SERVES:
                    self._retire(p)
                    p = None
                continue
            self._retire(p, kill=True)
            p = None
            self._blame(jobs, current, outcome)

    def _run(self, p: _Proc, jobs: list[_Job]):
        """(outcome, payload, index being read or VALIDATING or None) of one request."""
        if jobs[0].kind == "check":
            request = ("check", [job.args for job in jobs], jobs[0].today)
            reading, then = FILE_SECONDS, CHUNK_SECONDS + ROW_SECONDS * len(jobs)
        else:
            request = ("copy", [job.args for job in jobs])
            reading = then = COPY_SECONDS
        try:
            p.conn.send(request)
        except OSError:
            return "crash", None, None
        current = None
        deadline = time.monotonic() + reading
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "time", None, current
            try:
                kind, payload = p.conn.recv() if p.conn.poll(min(left, 0.5)) else (None, None)
            except (EOFError, OSError):   # it died, or the checker is closing
                return "crash", None, current
            if kind is not None:
                if kind == "beat":
                    current = payload
                    deadline = time.monotonic() + (then if payload == VALIDATING else reading)
                    continue
                return kind, payload, current
            if not p.proc.is_alive():
                try:
                    if p.conn.poll():
                        continue          # what it sent before it died is read first
                except OSError:
                    pass
                return "crash", None, current

    def _blame(self, jobs: list[_Job], current, outcome: str) -> None:
        """After a worker failed: the file it was reading gets the finding, the others are
        checked again; failed validating, each again by itself; alone, the file itself."""
        if current is not None and current != VALIDATING:
            self._fail([jobs[current]], outcome)
            self._again(jobs[:current] + jobs[current + 1:])
        elif len(jobs) > 1:
            self._again(jobs, alone=True)
        elif current == VALIDATING or jobs[0].retries >= 2 or jobs[0].kind == "copy":
            self._fail(jobs, outcome)
        else:                     # died before it began: not the file's doing, once or twice
            jobs[0].retries += 1
            self._again(jobs)

    @staticmethod
    def _fail(jobs: list[_Job], outcome: str) -> None:
        for job in jobs:
            if job.kind == "copy":
                job.finish(False)
            else:
                path, file = job.args
                job.finish((FileResult(path, file, [F.file_problem("file-unsafe", file, WHY[outcome])]), {}, ""))
