"""Spread independent output work (recaps, correction copies, samples) over the machine's cores.

Only for work on files already screened: the hostile-input reading goes through
`compiler.run.isolation` instead. Results come back in input order, so output is the same
whatever the number of workers.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from compiler.run.workers import default_workers


class _NoWorker(Exception):
    """No worker process (or the pool's own thread) could start: memory, process or file limits."""


def _init() -> None:
    # Ctrl+C reaches the workers too: they just end (the main process tells the operator),
    # instead of each printing a traceback. Frozen, the inherited heap is not walked by the
    # workers' collections (~8 % of their time).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    gc.freeze()


def _submit(pool: ProcessPoolExecutor, fn, items: list, chunksize: int):
    """pool.map; the workers start with the first items submitted (so this may fail to start
    them), while the work's own errors come later, with its results."""
    try:
        return pool.map(fn, items, chunksize=chunksize)
    except (OSError, RuntimeError) as exc:
        raise _NoWorker from exc


def pmap(fn, items: list, workers: int | None = None, meanwhile=None, chunksize: int | None = None,
         later=None) -> list:
    """[fn(item) for item in items + later()], in parallel when it pays. `later()` (more items)
    and then `meanwhile()` run in this process while the workers start on `items` (it would
    otherwise only wait for them). Done here, one by one, when no worker can start or one dies."""
    workers = workers or default_workers()
    if later is None:
        workers = min(workers, len(items))
    extra, waited = None, False
    if workers > 1:
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        before = set(mp.active_children())
        pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init)
        try:
            done = _submit(pool, fn, items, chunksize or max(1, len(items) // (workers * 4)))
            extra = later() if later else []
            more = _submit(pool, fn, extra, 1)
            if meanwhile:
                meanwhile()
            waited = True
            return list(done) + list(more)
        except (_NoWorker, BrokenProcessPool):   # or a worker died (killed from outside): done here
            pass
        finally:
            try:
                pool.shutdown(wait=True, cancel_futures=True)
            except RuntimeError:                 # its thread never started
                pass
            for child in set(mp.active_children()) - before:   # any that started would wait
                child.terminate()                               # for work, and the exit for
                child.join()                                    # them, forever
    if extra is None:
        extra = later() if later else []
    out = [fn(item) for item in [*items, *extra]]
    if meanwhile and not waited:
        meanwhile()
    return out
