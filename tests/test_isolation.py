"""The last line of defence: a worker that aborts or hangs costs one finding, not the batch."""
from __future__ import annotations

import os
import time

from builder import Book
from compiler import api, isolation
from compiler.batch import run


def _hostile_chunk(items, figures=False, today=None, started=None):
    """Stands in for a parser that aborts the process or never returns on some files."""
    for i, (_, name) in enumerate(items):
        if started:
            started(i)
        if name.startswith("abort"):
            os.abort()
        if name.startswith("hang"):
            time.sleep(3600)
        if name.startswith("memory"):
            raise MemoryError
    if any(name.startswith("validation") for _, name in items):
        os.abort()  # a crash after every file was read: the culprit is found by halving
    return api.process_chunk(items, figures, today, started)


def test_crash_and_hang_become_findings_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "process_chunk", _hostile_chunk)
    monkeypatch.setattr(isolation, "FILE_SECONDS", 1.0)
    monkeypatch.setattr(isolation, "CHUNK_SECONDS", 5.0)
    good = [Book().write(tmp_path / f"baik{n}.xlsx") for n in range(5)]
    for name in ("abort.xlsx", "hang.xlsx", "memory.xlsx", "validation.xlsx"):
        Book().write(tmp_path / name)
    items, _ = api.collect([tmp_path])
    started = time.monotonic()
    results = run(items, workers=2)
    assert time.monotonic() - started < 30
    by_name = {r.file: r for r in results}
    assert sorted(by_name) == sorted([p.name for p in good] +
                                     ["abort.xlsx", "hang.xlsx", "memory.xlsx", "validation.xlsx"])
    for path in good:
        assert by_name[path.name].findings == []
    for name, words in (("abort.xlsx", "berhenti mendadak"), ("hang.xlsx", "waktu terlalu lama"),
                        ("memory.xlsx", "memori"), ("validation.xlsx", "berhenti mendadak")):
        (f,) = by_name[name].findings
        assert (f.code, f.severity, f.sheet, f.cell) == ("file-unsafe", "error", "", "")
        assert words in f.message


def test_parallel_results_equal_serial(tmp_path):
    for n in range(12):
        book = Book(titles=n % 4)
        if n % 3 == 0:
            book.set("Pemasukan", 1, "Jumlah (Rp)", "Rp 300.000")
        book.write(tmp_path / f"wb{n:02}.xlsx")
    items, _ = api.collect([tmp_path])
    assert run(items, workers=2) == run(items, workers=1)
