"""The last line of defence: a worker that aborts or hangs costs one finding, not the batch."""
from __future__ import annotations

import os
import time

import pytest

from builder import Book
from compiler import api, batch, isolation
from compiler.batch import run


def _hostile_read(items, started=None):
    """Stands in for a parser that aborts the process, never returns or runs out of memory on
    some files."""
    for i, (_, name) in enumerate(items):
        if started:
            started(i)
        if name.startswith("abort"):
            os.abort()
        if name.startswith("hang"):
            time.sleep(3600)
        if name.startswith("memory"):
            raise MemoryError
    return api.read_chunk(items, started)


def _hostile_finish(reads, figures=False, today=None):
    """A crash after every file was read: the culprit is found by halving."""
    if any(file.startswith("validation") for _, file, _, _ in reads):
        os.abort()
    return api.finish(reads, figures, today)


@pytest.mark.parametrize("batch_size", [1, 3, 8])
def test_crash_and_hang_become_findings_and_the_batch_goes_on(tmp_path, monkeypatch, batch_size):
    """Whatever a worker had read before it died is read again by another."""
    monkeypatch.setattr(isolation, "BATCH", batch_size)
    monkeypatch.setattr(isolation, "read_chunk", _hostile_read)
    monkeypatch.setattr(isolation, "finish", _hostile_finish)
    monkeypatch.setattr(isolation, "FILE_SECONDS", 1.0)
    monkeypatch.setattr(isolation, "CHUNK_SECONDS", 5.0)
    good = [Book().write(tmp_path / f"baik{n}.xlsx") for n in range(5)]
    for name in ("abort.xlsx", "hang.xlsx", "memory.xlsx", "validation.xlsx"):
        Book().write(tmp_path / name)
    items, _ = api.collect([tmp_path])
    started = time.monotonic()
    told = []
    results = run(items, workers=2, progress=told.append)
    assert time.monotonic() - started < 30
    assert sum(told) == len(items)   # each file counted once, though chunks were tried again
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
    told = []
    assert run(items, workers=2) == run(items, workers=1, progress=told.append)
    assert told == [1] * len(items)   # one by one, in the serial run too


def test_early_reads_equal_serial(tmp_path, monkeypatch):
    """Large batches start with a light worker reading the first files while this process
    imports pandas; what it reads is validated here, with the same results."""
    monkeypatch.setattr(batch, "EARLY_READ", 3)
    for n in range(14):
        book = Book(titles=n % 4)
        if n % 3 == 0:
            book.set("Pemasukan", 1, "Jumlah (Rp)", "Rp 300.000")
        book.write(tmp_path / f"wb{n:02}.xlsx")
    items, _ = api.collect([tmp_path])
    told = []
    early = run(items, workers=2, figures=True, progress=told.append)
    assert early == run(items, workers=1, figures=True)
    assert sum(told) == len(items) and len(told) > 3   # file by file, not chunk by chunk
    assert any(r.findings for r in early)


def test_a_crash_in_the_early_reader_costs_one_file(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "EARLY_READ", 3)
    monkeypatch.setattr(isolation, "read_chunk", _hostile_read)
    for n in range(11):
        Book().write(tmp_path / f"baik{n:02}.xlsx")
    Book().write(tmp_path / "abort.xlsx")   # sorts first: among the early files
    items, _ = api.collect([tmp_path])
    assert items[0][1] == "abort.xlsx"
    told = []
    by_name = {r.file: r for r in run(items, workers=2, progress=told.append)}
    assert len(by_name) == 12 and sum(told) == 12
    (f,) = by_name["abort.xlsx"].findings
    assert (f.code, f.severity) == ("file-unsafe", "error") and "berhenti mendadak" in f.message
    assert all(not r.findings for name, r in by_name.items() if name != "abort.xlsx")
