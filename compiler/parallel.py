"""Spread independent output work (recaps, correction copies, samples) over the machine's cores.

Only for work on files already screened: the hostile-input reading goes through
`compiler.isolation` instead. Results come back in input order, so output is the same
whatever the number of workers.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def pmap(fn, items: list, workers: int | None = None, meanwhile=None, chunksize: int | None = None,
         later=None) -> list:
    """[fn(item) for item in items + later()], in parallel when it pays. `later()` (more items)
    and then `meanwhile()` run in this process while the workers start on `items` (it would
    otherwise only wait for them). Done here, one by one, when no worker can start or one dies."""
    from compiler.batch import default_workers

    workers = workers or default_workers()
    if later is None:
        workers = min(workers, len(items))
    extra, started, waited = None, False, False
    if workers > 1:
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        before = set(mp.active_children())
        try:
            # Frozen, the inherited heap is not walked by the workers' collections (~8 % of their time).
            with ProcessPoolExecutor(workers, mp_context=ctx, initializer=gc.freeze) as pool:
                done = pool.map(fn, items, chunksize=chunksize or max(1, len(items) // (workers * 4)))
                started = True           # the workers start with the first map
                extra = later() if later else []
                more = pool.map(fn, extra, chunksize=1)
                if meanwhile:
                    meanwhile()
                waited = True
                return list(done) + list(more)
        except BrokenProcessPool:        # a worker died (killed from outside): done here instead
            pass
        except OSError:                  # no worker could start (memory, process or file limits)
            if started:                  # the work's own error (e.g. the disk is full)
                raise
            for child in set(mp.active_children()) - before:   # those that did start would
                child.terminate()                               # wait for work, and the exit
                child.join()                                    # for them, forever
    if extra is None:
        extra = later() if later else []
    out = [fn(item) for item in [*items, *extra]]
    if meanwhile and not waited:
        meanwhile()
    return out
