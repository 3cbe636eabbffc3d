"""The output pools: when no worker (or the pool's thread) can start, the work is done here."""
from __future__ import annotations

import errno
import multiprocessing as mp
import multiprocessing.context as mpc
import threading

import pytest

from compiler.run.pool import pmap


def _no_fork(monkeypatch):
    def start(self):
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(mpc.ForkProcess, "start", start)


def _no_thread(monkeypatch):
    start = threading.Thread.start

    def flaky(self):
        if "ExecutorManager" in type(self).__name__:
            raise RuntimeError("can't start new thread")
        return start(self)

    monkeypatch.setattr(threading.Thread, "start", flaky)


@pytest.mark.parametrize("items", [[], [-1, -2]], ids=["no-copies", "copies"])
@pytest.mark.parametrize("cannot", [_no_fork, _no_thread], ids=["fork", "thread"])
def test_work_is_done_here_when_no_worker_can_start(monkeypatch, items, cannot):
    """Whether the first items start the workers or, with none (a batch without copies), the
    later ones do; later() and meanwhile() run once each, and no process is left waiting."""
    cannot(monkeypatch)
    calls = []
    out = pmap(abs, items, 2, later=lambda: calls.append("later") or [-3, -4],
               meanwhile=lambda: calls.append("meanwhile"))
    assert out == [abs(x) for x in items] + [3, 4]
    assert calls == ["later", "meanwhile"]
    assert mp.active_children() == []


def _boom(x):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_the_works_own_error_is_not_taken_for_a_worker_that_cannot_start():
    with pytest.raises(OSError) as caught:
        pmap(_boom, [1, 2, 3], 2)
    assert caught.value.errno == errno.ENOSPC
