"""Spread independent output work (recaps, correction copies) over the machine's cores.

Only for work on files already screened: the hostile-input reading goes through
`compiler.isolation` instead. Results come back in input order, so output is the same
whatever the number of workers.
"""
from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor


def pmap(fn, items: list, workers: int | None = None) -> list:
    """[fn(item) for item in items], in parallel when it pays."""
    from compiler.batch import default_workers

    workers = min(workers or default_workers(), len(items))
    if workers <= 1:
        return [fn(item) for item in items]
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        return list(pool.map(fn, items, chunksize=max(1, len(items) // (workers * 4))))
