"""The last line of defence: read workbooks in worker processes that may crash or hang.

A parser can abort the whole process (python-calamine raises SIGABRT on some hostile
files) or run away with time or memory. Each worker has a memory cap; each file a time
limit, and each validation too. When a worker dies or overruns, the file it was reading
becomes a single finding and the others are tried again; when it dies validating, its files
are halved until the one that still kills a worker is found. The batch goes on, also when
no worker can start (no memory or processes left): with the workers that did, or else here.

Workers take files a few at a time as they go (so that they finish together, whatever each
file costs) and keep what they read; each validates its reads in one call when no file is
left, or earlier if it holds as many as memory allows.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import time
from multiprocessing.connection import wait

from compiler.model import findings as F
from compiler.model.results import FileResult
from compiler.run.pipeline import finish, read_chunk

MEMORY_LIMIT = 3 * 1024 ** 3      # address space per worker, bytes
FILE_SECONDS = 20.0               # time allowed for reading one file
CHUNK_SECONDS = 30.0              # time allowed for validating a chunk, plus
ROW_SECONDS = 0.2                 # this per file of the chunk
BATCH = 8                         # files per request: ~50 ms of reading, a small last step
VALIDATING = -1                   # heartbeat: every file read, validating them
BATCH_READ = -2                   # heartbeat: the request's files are read, give me more
# Requests: READ files and keep them; ADOPT reads made elsewhere (the early reader's) and keep
# them; VALIDATE everything kept; ALONE: read and validate these files by themselves.
READ, ADOPT, VALIDATE, ALONE = "read", "adopt", "validate", "alone"


def _worker(conn, figures: bool, read_only: bool) -> None:
    # The inherited heap (pandas, pandera, the schemas) lives as long as this worker: frozen,
    # it is not walked by every full collection (~1.5 ms a workbook, 10 %) nor copied for it.
    # Frozen here, not in the parent, whose own data may still have to be collected.
    gc.freeze()
    gc.set_threshold(50_000, 50, 1000)
    _silence()
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform without limits
        pass
    reads: list = []
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        except MemoryError:
            conn.send("memory")
            continue
        if request is None:
            return
        kind, items, adopted = request
        try:
            if read_only:                   # its one chunk's reads, for a full worker to validate
                conn.send(read_chunk(items, started=conn.send))
            elif kind == ADOPT:
                reads += adopted
                conn.send(BATCH_READ)
            elif kind == READ:
                base = len(reads)
                reads += read_chunk(items, started=lambda i: conn.send(base + i) if i >= 0 else None)
                conn.send(BATCH_READ)
            elif kind == VALIDATE:
                conn.send(VALIDATING)
                done, reads = reads, []
                conn.send(finish(done, figures))
            else:                           # ALONE: these files, read and validated by themselves
                conn.send(finish(read_chunk(items, started=conn.send), figures))
        except MemoryError:
            reads = []
            conn.send("memory")


def _silence() -> None:
    """A parser that aborts prints its dump to stderr: the operator sees a finding instead."""
    import faulthandler
    import os

    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


class _Slot:
    """One worker process and the files it holds: `task`, every file given to it since it last
    sent results (read, or being read); `current` is the index in `task` it is reading, or
    VALIDATING. A `read_only` worker only screens and reads one chunk, and sends back the
    reads for the full workers to adopt: it can start before pandas and pandera are imported."""

    def __init__(self, ctx, figures: bool, read_only: bool = False):
        self.read_only = read_only
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, figures, read_only), daemon=True)
        self.proc.start()      # a failure here (no process can start) leaves both ends to be
        child.close()          # closed as they are dropped
        self.task: list = []
        self.extra = 0             # adopted early reads it holds besides the others
        self.busy = False          # a request is under way
        self.current = None
        self.deadline = 0.0
        self.counted = 0           # files of the task already counted as read

    def ask(self, kind: str, items: list, adopted: list | None = None) -> None:
        self.task += items
        self.busy, self.current = True, None
        self.deadline = time.monotonic() + FILE_SECONDS
        try:
            self.conn.send((kind, items, adopted))
        except OSError:            # it died between requests: found dead with no file under
            pass                   # way, its files are read again

    def take(self):
        """Every message the worker has sent, in order (a broken pipe reads as "crash")."""
        while self.conn.poll():
            try:
                yield self.conn.recv()
            except (EOFError, OSError):
                yield "crash"
                return

    def beat(self, index: int) -> None:
        self.current = index
        seconds = CHUNK_SECONDS + ROW_SECONDS * len(self.task) if index == VALIDATING else FILE_SECONDS
        self.deadline = time.monotonic() + seconds

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


def _start(ctx, figures: bool, read_only: bool = False) -> _Slot | None:
    """A new worker, or None when the machine cannot start one now (no memory, too many
    processes or open files): the batch then goes on with the workers it has."""
    try:
        return _Slot(ctx, figures, read_only)
    except (OSError, MemoryError):
        return None


_WHY = {"crash": "Berkas tidak aman: membacanya membuat program pembaca berhenti mendadak.",
        "memory": "Berkas tidak aman: membacanya memakan memori terlalu besar.",
        "time": "Berkas tidak aman: membacanya memakan waktu terlalu lama.",
        "no-worker": ("Berkas belum dapat diperiksa dengan aman: program pemeriksa berhenti mendadak saat "
                      "memeriksa sekelompok berkas termasuk berkas ini, dan komputer tidak dapat memulai "
                      "pemeriksa baru (memori atau proses habis). Berkas ini belum tentu salah dan tidak "
                      "perlu dikirim ulang: tutup program lain, lalu jalankan lagi pemeriksaannya.")}


def _lost(items, why: str) -> list[FileResult]:
    return [FileResult(path, file, [F.file_problem("file-unsafe", file, why)]) for path, file in items]


def _blame(items: list, current: int | None) -> tuple[list, list[list]]:
    """(files to give up on, chunks to try again) after a worker died on `items`.
    While reading, the culprit is the file being read; while validating it is unknown,
    so the chunk is halved until one file is left."""
    if current is not None and current != VALIDATING:
        rest = items[:current] + items[current + 1:]
        return [items[current]], [rest] if rest else []
    if len(items) == 1:
        return items, []
    half = len(items) // 2
    return [], [items[:half], items[half:]]


class _Supervisor:
    """The parent's side of a batch: which file each worker gets, what a death or an overrun
    costs, and what is left when no worker is. Its state is the files still to read (`queue`),
    the parts a worker died validating (`alone`) and the early reader's reads (`adopt`)."""

    def __init__(self, items: list, figures: bool, hold: int, read=None):
        self.figures, self.hold, self.read = figures, max(1, hold), read
        self.counted: set = set()
        self.queue = list(reversed(items))   # files to read, taken from the end
        self.alone: list[list] = []          # files a worker died validating, halved: each half by itself
        self.adopt: list = []                # the early reader's reads, for the full workers
        self.retries: dict = {}              # file -> times read again after a death it did not cause
        self.slots: list[_Slot | None] = []
        self.per_worker = 0
        self.ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")

    def tell(self, files: list) -> None:
        new = [item for item in files if item not in self.counted]
        self.counted.update(new)
        if self.read and new:
            self.read(len(new))

    def count(self, s: _Slot, upto: int) -> None:
        if upto > s.counted:
            self.tell(s.task[s.counted:upto])
            s.counted = upto

    def next_request(self, s: _Slot) -> None:
        hold, per_worker = self.hold, self.per_worker
        if self.alone and not s.task:
            s.ask(ALONE, self.alone.pop())
        elif self.adopt and len(s.task) < hold and s.extra < per_worker:
            reads = self.adopt[:per_worker]   # shared out, so that the workers end with equal loads
            del self.adopt[:per_worker]
            s.extra += len(reads)             # room for them besides `hold`
            s.ask(ADOPT, [(path, file) for path, file, _, _ in reads], reads)
        elif self.queue and len(s.task) < hold + s.extra:
            queue = self.queue
            s.ask(READ, [queue.pop() for _ in range(min(BATCH, len(queue), hold + s.extra - len(s.task)))])
        elif s.task:
            s.ask(VALIDATE, [])

    def receive(self, s: _Slot, out, done: list) -> str | None:
        """Act on one message; the reason the worker failed, if it says so."""
        if out == BATCH_READ:
            self.count(s, len(s.task))
            s.busy, s.current = False, None
        elif isinstance(out, int):
            s.beat(out)
            self.count(s, len(s.task) if out == VALIDATING else out)
        elif isinstance(out, list):
            self.count(s, len(s.task))
            s.task, s.busy, s.current, s.counted, s.extra = [], False, None, 0, 0
            if s.read_only:
                self.adopt.extend(out)
                try:
                    s.conn.send(None)  # its one chunk is done: let it exit
                except OSError:
                    pass
            else:
                done.append(out)
        else:
            return _WHY[out]
        return None

    def read_again(self, files: list) -> bool:
        """Files a worker held when it died on none of them (between requests, or before its
        first file): read again, each at most twice, so that a worker that keeps dying for
        some other reason still ends in findings."""
        if any(self.retries.get(item, 0) >= 2 for item in files):
            return False
        for item in files:
            self.retries[item] = self.retries.get(item, 0) + 1
        self.queue.extend(reversed(files))
        return True

    def fail(self, i: int, why: str) -> list:
        """Stop and replace the worker of slot i; put its files back or give up on the culprit.
        Returns the results of the files given up on."""
        s = self.slots[i]
        reading = s.current is not None and s.current != VALIDATING
        if reading:
            self.count(s, s.current + 1)   # the culprit is given up on below: counted now
        task, current = s.task, s.current
        s.stop()
        if s.read_only:
            s.task, s.busy = [], False   # it had one chunk: not replaced
        else:
            self.slots[i] = _start(self.ctx, self.figures)   # None if none can start: the others go on
        if current is None and self.read_again(task):
            return []
        if reading and why == _WHY["memory"] and len(task) > 1:
            # what it held may have taken the memory: the file gets a worker of its own first
            self.alone.append([task[current]])
            self.queue.extend(reversed(task[:current] + task[current + 1:]))
            return []
        lost, again = _blame(task, current)
        if reading:
            self.queue.extend(reversed([item for part in again for item in part]))
        else:
            self.alone.extend(again)
        self.tell(lost)
        return _lost(lost, why) if lost else []

    def here(self) -> list:
        """No worker is left and none can start: what remains is read and validated in this
        process, as a serial run does, rather than lost; except the files a worker died
        validating, which could take this process down with them."""
        out = []
        while self.alone:
            part = self.alone.pop()
            self.tell(part)
            out.append(_lost(part, _WHY["no-worker"]))
        while self.queue or self.adopt:
            reads = self.adopt[:]
            del self.adopt[:]
            part = [self.queue.pop() for _ in range(min(self.hold, len(self.queue)))]
            reads += read_chunk(part)
            self.tell(part)
            out.append(finish(reads, self.figures))
        return out

    def start(self, items: list, workers: int, early: list | None, meanwhile) -> None:
        """The light early reader, then (once pandas and pandera are loaded here) the full workers."""
        if early and (light := _start(self.ctx, self.figures, read_only=True)):
            self.slots.append(light)
            light.ask(READ, early)
        elif early:
            self.queue.extend(reversed(early))   # read first, by the full workers
        from compiler.check.validate import warm  # imports pandas and pandera: after the light fork

        warm()  # pandas, pandera and the schemas, built once here and inherited by the workers
        full = max(1, min(workers, len(items)))
        self.slots += [_start(self.ctx, self.figures) for _ in range(full)]
        self.per_worker = -(-len(early or ()) // max(1, sum(1 for s in self.slots if s and not s.read_only)))
        if meanwhile:
            meanwhile()

    def step(self) -> list | None:
        """Give idle workers work, wait for one to answer, act on what each said; the results
        finished meanwhile, or None when the batch is done."""
        slots, done = self.slots, []
        for i, s in enumerate(slots):
            if s is not None and not s.busy and not s.read_only:
                if not s.proc.is_alive():   # killed from outside between requests
                    done += [lost] if (lost := self.fail(i, _WHY["crash"])) else []
                if slots[i] is not None:
                    self.next_request(slots[i])
        busy = [s for s in slots if s is not None and s.busy]
        if not busy and not any(s is not None and not s.read_only for s in slots):
            done += self.here()
        if not busy and not done:
            return None
        if busy:
            wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=1.0)
        for i, s in enumerate(slots):
            if s is None or not s.busy:
                continue
            # Liveness first, then every message: whatever a worker sent before it died is
            # read before it is judged, so the file it was on is the one blamed.
            alive = s.proc.is_alive()
            why = None
            for out in s.take():
                why = self.receive(s, out, done)
                if why or not s.busy:
                    break
            if why is None and s.busy:
                if not alive:
                    why = _WHY["crash"]
                elif time.monotonic() > s.deadline:
                    why = _WHY["time"]
            if why is not None and (lost := self.fail(i, why)):
                done.append(lost)
        return done

    def close(self) -> None:
        for s in self.slots:
            if s is None:
                continue
            if s.proc.is_alive():
                try:
                    s.conn.send(None)
                except OSError:
                    pass
            s.proc.join(timeout=2)
            s.stop()


def run_isolated(items: list, figures: bool, workers: int, hold: int, early: list | None = None,
                 read=None, meanwhile=None):
    """Yield lists of results as workers send them (order is not guaranteed). A worker reads
    until no file is left, then validates what it holds; it validates earlier only when it holds
    `hold` files (so memory stays flat), never stopping early otherwise, so that the workers
    finish together. The `early` files are read by a light worker started before pandas and
    pandera are imported here (an otherwise idle core during that import); the full workers
    adopt its reads in equal parts, hold them besides the others and validate them with theirs.
    `read(n)` is told as n more files have been read, each file once. `meanwhile()` runs here
    once every worker has started."""
    from compiler.read import reader  # noqa: F401 - loaded once, before any worker forks
    from compiler.screen import gate  # noqa: F401

    supervisor = _Supervisor(items, figures, hold, read)
    try:
        supervisor.start(items, workers, early, meanwhile)
        while (done := supervisor.step()) is not None:
            yield from done
    finally:
        supervisor.close()
