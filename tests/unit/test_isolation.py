"""The last line of defence: a worker that aborts or hangs costs one finding, not the batch."""
from __future__ import annotations

import errno
import os
import signal
import threading
import time

import pytest

from tests.helpers.builder import Book
from compiler.intake.discovery import collect
from compiler.run import pipeline
from compiler.run import batch
from compiler.run import isolation
from compiler.run.batch import run


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
    return pipeline.read_chunk(items, started)


def _hostile_finish(reads, figures=False, today=None):
    """A crash after every file was read: the culprit is found by halving."""
    if any("validation" in file for _, file, _, _ in reads):
        os.abort()
    return pipeline.finish(reads, figures, today)


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
    items, _ = collect([tmp_path])
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


def _mixed_batch(folder, count: int) -> list:
    """Workbooks with 0-3 title rows, every third with an amount typed as text: (path, name) items."""
    for n in range(count):
        book = Book(titles=n % 4)
        if n % 3 == 0:
            book.set("Pemasukan", 1, "Jumlah (Rp)", "Rp 300.000")
        book.write(folder / f"wb{n:02}.xlsx")
    return collect([folder])[0]


def test_parallel_results_equal_serial(tmp_path):
    items = _mixed_batch(tmp_path, 12)
    told = []
    assert run(items, workers=2) == run(items, workers=1, progress=told.append)
    assert told == [1] * len(items)   # one by one, in the serial run too


def test_early_reads_equal_serial(tmp_path, monkeypatch):
    """Large batches start with a light worker reading the first files while this process
    imports pandas; a full worker validates what it reads, with the same results."""
    monkeypatch.setattr(batch, "EARLY_READ", 3)
    items = _mixed_batch(tmp_path, 14)
    told = []
    early = run(items, workers=2, figures=True, progress=told.append)
    assert early == run(items, workers=1, figures=True)
    assert sum(told) == len(items) and len(told) > 3   # file by file, not chunk by chunk
    assert any(r.findings for r in early)


@pytest.mark.parametrize("stage, stand_in, culprit", [
    ("read_chunk", _hostile_read, "abort.xlsx"),         # the early reader dies reading it
    ("finish", _hostile_finish, "a-validation.xlsx"),    # its validation kills a full worker
], ids=["reading", "validating"])
def test_an_early_file_that_kills_its_process_costs_one_file(tmp_path, monkeypatch, stage, stand_in,
                                                             culprit):
    """Among the early files too, whether it kills the light reader or the validation: the
    early reads are validated by a full worker, never in this process."""
    monkeypatch.setattr(batch, "EARLY_READ", 3)
    monkeypatch.setattr(isolation, stage, stand_in)
    for n in range(11):
        Book().write(tmp_path / f"baik{n:02}.xlsx")
    Book().write(tmp_path / culprit)   # sorts first: among the early files
    items, _ = collect([tmp_path])
    assert items[0][1] == culprit
    told = []
    by_name = {r.file: r for r in run(items, workers=2, progress=told.append)}
    assert len(by_name) == 12 and sum(told) == 12
    (f,) = by_name[culprit].findings
    assert (f.code, f.severity) == ("file-unsafe", "error") and "berhenti mendadak" in f.message
    assert all(not r.findings for name, r in by_name.items() if name != culprit)


def _slow_reader(seconds: float):
    """A reader that takes `seconds` over "lambat" files and aborts on "abort" ones."""
    def reader(items, started=None):
        for i, (_, name) in enumerate(items):
            if started:
                started(i)
            if name.startswith("lambat"):
                time.sleep(seconds)
            if name.startswith("abort"):
                os.abort()
        return pipeline.read_chunk(items, started)
    return reader


def test_a_busy_parent_still_blames_the_file_a_worker_died_on(tmp_path, monkeypatch):
    """While this process is busy elsewhere (here: its caller, with another worker's results),
    a worker announces its next file and dies on it: that file is blamed, not the one before."""
    monkeypatch.setattr(isolation, "read_chunk", _slow_reader(0.5))
    monkeypatch.setattr(isolation, "BATCH", 2)
    names = ["baik1.xlsx", "baik2.xlsx", "lambat.xlsx", "abort.xlsx"]   # two requests of two
    for name in names:
        Book().write(tmp_path / name)
    results = []
    for done in isolation.run_isolated([(str(tmp_path / n), n) for n in names], False, 2, 2):
        results += done
        time.sleep(1.5)   # the caller's own work, while the second worker moves on and dies
    unsafe = sorted(r.file for r in results if r.findings)
    assert sorted(r.file for r in results) == sorted(names) and unsafe == ["abort.xlsx"]


def test_a_worker_killed_between_requests_is_replaced_and_blames_no_file(tmp_path, monkeypatch):
    """A worker killed from outside while it waits (the kernel's memory killer, an operator)
    is replaced before it is asked again; no file is reported unsafe for it."""
    def validator(reads, figures=False, today=None):
        if any(file.startswith("dibunuh") for _, file, _, _ in reads):   # killed once it is idle
            threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGKILL)).start()
        return _hostile_finish(reads, figures, today)

    monkeypatch.setattr(isolation, "read_chunk", _slow_reader(2.5))
    monkeypatch.setattr(isolation, "finish", validator)
    monkeypatch.setattr(isolation, "BATCH", 2)
    # The first worker reads two files and dies validating them: they are then given out one
    # by one, the first to the other worker, idle and killed meanwhile.
    names = ["lambat.xlsx", "validation.xlsx", "dibunuh.xlsx"]
    for name in names:
        Book().write(tmp_path / name)
    results = []
    for done in isolation.run_isolated([(str(tmp_path / n), n) for n in names], False, 2, 2):
        results += done
    assert sorted(r.file for r in results) == sorted(names)
    assert sorted(r.file for r in results if r.findings) == ["validation.xlsx"]


def test_a_worker_never_holds_more_than_its_limit_and_its_part_of_the_early_reads(tmp_path, monkeypatch):
    """Memory stays flat: no worker validates more than MAX_CHUNK workbooks at once, besides its
    part of the early reads (shared out between the full workers)."""
    log = tmp_path / "validations"

    def validator(reads, figures=False, today=None):
        with open(log, "a") as fh:
            fh.write(f"{len(reads)}\n")
        return pipeline.finish(reads, figures, today)

    monkeypatch.setattr(batch, "EARLY_READ", 3)
    monkeypatch.setattr(batch, "MAX_CHUNK", 2)
    monkeypatch.setattr(isolation, "BATCH", 1)
    monkeypatch.setattr(isolation, "finish", validator)
    for n in range(14):
        Book().write(tmp_path / f"wb{n:02}.xlsx")
    items, _ = collect([tmp_path])
    assert len(run(items, workers=2)) == 14
    sizes = sorted(int(line) for line in log.read_text().split())
    assert sum(sizes) == 14 and sizes[-1] <= 2 + 2, sizes   # 2 held, 2 of the 3 early reads


def test_a_worker_killed_before_it_takes_a_request_blames_no_file(tmp_path, monkeypatch):
    """Found alive, then killed before it reads its next request: no file was under way."""
    ask, killed = isolation._Slot.ask, []

    def ask_a_dead_worker(self, kind, items, adopted=None):
        if kind == isolation.VALIDATE and not killed:
            killed.append(self.proc.pid)
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.join()
        return ask(self, kind, items, adopted)

    monkeypatch.setattr(isolation._Slot, "ask", ask_a_dead_worker)
    names = ["baik1.xlsx", "baik2.xlsx"]
    for name in names:
        Book().write(tmp_path / name)
    results = []
    for done in isolation.run_isolated([(str(tmp_path / n), n) for n in names], False, 2, 1):
        results += done
    assert killed and sorted(r.file for r in results) == names
    assert all(not r.findings for r in results)


_HELD = []   # files this (worker) process has read


def _heavy_when_crowded(items, started=None):
    """Runs out of memory on "berat" only in a worker that already holds other reads."""
    for i, (_, name) in enumerate(items):
        if started:
            started(i)
        if name.startswith("berat") and _HELD:
            raise MemoryError
        _HELD.append(name)
    return pipeline.read_chunk(items, started)


def test_a_file_that_runs_out_of_memory_among_others_is_tried_alone_first(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "read_chunk", _heavy_when_crowded)
    monkeypatch.setattr(isolation, "BATCH", 4)
    names = ["a.xlsx", "b.xlsx", "berat.xlsx", "c.xlsx"]
    for name in names:
        Book().write(tmp_path / name)
    results = []
    for done in isolation.run_isolated([(str(tmp_path / n), n) for n in names], False, 1, 10):
        results += done
    assert sorted(r.file for r in results) == sorted(names)
    assert all(not r.findings for r in results)


def _forks_fail_after(monkeypatch, n: int) -> None:
    """From the (n+1)-th on, no process can start, as when the machine is out of memory or
    processes (fork gives EAGAIN or ENOMEM)."""
    import multiprocessing.context as mpc

    start, count = mpc.ForkProcess.start, []

    def flaky(self):
        count.append(1)
        if len(count) > n:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        return start(self)

    monkeypatch.setattr(mpc.ForkProcess, "start", flaky)


@pytest.mark.parametrize("forks", [0, 1, 2], ids=["none", "only-the-early-reader", "one-full-worker"])
def test_workers_that_cannot_start_cost_nothing(tmp_path, monkeypatch, forks):
    """The batch goes on with the workers that did start, or in this process when none did."""
    monkeypatch.setattr(batch, "EARLY_READ", 3)
    items = _mixed_batch(tmp_path, 14)
    serial = run(items, workers=1, figures=True)
    _forks_fail_after(monkeypatch, forks)
    told = []
    assert run(items, workers=2, figures=True, progress=told.append) == serial
    assert sum(told) == len(items) and any(r.findings for r in serial)


def test_a_worker_that_dies_and_cannot_be_replaced_costs_one_file(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "read_chunk", _hostile_read)
    monkeypatch.setattr(isolation, "BATCH", 2)
    names = ["abort.xlsx"] + [f"baik{n}.xlsx" for n in range(6)]
    for name in names:
        Book().write(tmp_path / name)
    _forks_fail_after(monkeypatch, 2)   # the two workers; not the one that would replace the first
    items, _ = collect([tmp_path])
    by_name = {r.file: r for r in run(items, workers=2)}
    assert sorted(by_name) == sorted(names)
    (f,) = by_name["abort.xlsx"].findings
    assert (f.code, f.severity) == ("file-unsafe", "error") and "berhenti mendadak" in f.message
    assert all(not r.findings for name, r in by_name.items() if name != "abort.xlsx")


def test_files_a_worker_died_validating_are_never_read_here(tmp_path, monkeypatch):
    """When no worker is left to halve them, those files are listed, not validated in this
    process, which one of them could take down."""
    monkeypatch.setattr(isolation, "finish", _hostile_finish)
    names = ["baik1.xlsx", "baik2.xlsx", "validation.xlsx"]
    for name in names:
        Book().write(tmp_path / name)
    _forks_fail_after(monkeypatch, 1)   # one worker; it dies validating, and none replaces it
    results = []
    for done in isolation.run_isolated([(str(tmp_path / n), n) for n in names], False, 1, 8):
        results += done
    assert sorted(r.file for r in results) == names
    for r in results:
        (f,) = r.findings
        assert (f.code, f.severity) == ("file-unsafe", "error") and "tidak dapat memulai" in f.message
        assert "tidak perlu dikirim ulang" in f.message and "templat" not in f.message   # no advice to resend
