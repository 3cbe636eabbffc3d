"""Spread independent output work (recaps, correction copies) over the machine's cores.

Only for work on files already screened: the hostile-input reading goes through
`compiler.isolation` instead. Results come back in input order, so output is the same
whatever the number of workers.
"""
from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor


def pmap(fn, items: list, workers: int | None = None, meanwhile=None, chunksize: int | None = None) -> list:
    """[fn(item) for item in items], in parallel when it pays. `meanwhile()` runs in this
    process while the workers work (it would otherwise only wait for them)."""
    from compiler.batch import default_workers

    workers = min(workers or default_workers(), len(items))
    if workers <= 1:
        out = [fn(item) for item in items]
        if meanwhile:
            meanwhile()
        return out
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        done = pool.map(fn, items, chunksize=chunksize or max(1, len(items) // (workers * 4)))
        if meanwhile:
            meanwhile()
        return list(done)
