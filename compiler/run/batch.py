"""Run the per-file work over a process pool, with results identical to a serial run.

Each worker validates what it has read in one call, for up to MAX_CHUNK workbooks, which
amortises pandera's fixed cost; workers send back only `FileResult`s (findings and small
figures), which are cheap to pickle. A serial run validates in chunks of the same size.
"""
from __future__ import annotations

import math

from compiler.model.results import FileResult
from compiler.run.workers import default_workers
from compiler.run.pipeline import process_chunk

MAX_CHUNK = 500   # workbooks a worker holds before it validates them: memory stays flat
# Files read by a light worker while this process imports pandas and pandera (~0.7 s, about
# 80 files' reading); a full worker then validates them with its own. Only for batches of 4x
# this or more.
EARLY_READ = 80


def chunks(items: list, workers: int) -> list[list]:
    """Equal chunks, a multiple of the worker count, none larger than MAX_CHUNK, for a serial run
    (and to tell whether workers pay): validation has a fixed cost per chunk (13 pandera calls,
    10-20 ms each when a sheet has failures), so it costs 0.85 ms a workbook at 438 a chunk and
    1.6 ms at 146. Workers take their files as they go instead (`compiler.run.isolation`)."""
    if not items:
        return []
    count = workers * math.ceil(len(items) / (workers * MAX_CHUNK))
    size = math.ceil(len(items) / count)
    return [items[i:i + size] for i in range(0, len(items), size)]


def run(items: list[tuple[str, str]], *, figures: bool = False, workers: int | None = None,
        progress=None, meanwhile=None) -> list[FileResult]:
    """Process (path, shown name) items; `progress(n)` is told as n more files have been read.
    `meanwhile()` is run once in this process while the workers read (e.g. imports)."""
    workers = workers or default_workers()
    results: list[FileResult] = []
    if workers == 1 or len(chunks(items, workers)) <= 1:
        tick = (lambda i: progress(1) if i >= 0 else None) if progress else None  # i < 0: validating
        for part in chunks(items, workers):
            results += process_chunk(part, figures, started=tick)
        if meanwhile:
            meanwhile()
    else:
        from compiler.run.isolation import run_isolated
        early = items[:EARLY_READ] if len(items) >= 4 * EARLY_READ else []
        told = []

        def read(n: int) -> None:
            told.append(n)
            if progress:
                progress(n)

        for done in run_isolated(items[len(early):], figures, workers, MAX_CHUNK, early, read, meanwhile):
            results += done
        if progress and sum(told) < len(items):   # e.g. the same file given twice
            progress(len(items) - sum(told))
    return sorted(results, key=lambda r: (r.file, r.path))
