"""Spread independent output work (recaps, correction copies) over the machine's cores.

Only for work on files already screened: the hostile-input reading goes through
`compiler.isolation` instead. Results come back in input order, so output is the same
whatever the number of workers.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor


def pmap(fn, items: list, workers: int | None = None, meanwhile=None, chunksize: int | None = None,
         later=None) -> list:
    """[fn(item) for item in items + later()], in parallel when it pays. `later()` (more items)
    and then `meanwhile()` run in this process while the workers start on `items` (it would
    otherwise only wait for them)."""
    from compiler.batch import default_workers

    workers = workers or default_workers()
    if later is None:
        workers = min(workers, len(items))
    if workers <= 1:
        out = [fn(item) for item in items]
        out += [fn(item) for item in later()] if later else []
        if meanwhile:
            meanwhile()
        return out
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    # Frozen, the inherited heap is not walked by the workers' collections (~8 % of their time).
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=gc.freeze) as pool:
        done = pool.map(fn, items, chunksize=chunksize or max(1, len(items) // (workers * 4)))
        more = pool.map(fn, later(), chunksize=1) if later else []
        if meanwhile:
            meanwhile()
        return list(done) + list(more)
