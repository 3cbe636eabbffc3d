"""Uploads being received right now, so that a compile can wait for those that arrived before
it started (STANDARD 7 via issue 21: "a compile uses the uploads received before it started").

An upload's receipt time is taken when its bytes are in, but its row is written only after it
is checked (a second or so); a compile that read the archive at once would miss the uploads
still being checked. `receiving` marks an upload from its start to its row; `wait_for_earlier`
waits until every upload that began before a moment is in the archive. One server process
holds both sides (per archive folder)."""
from __future__ import annotations

import contextlib
import itertools
import threading
import time

_cond = threading.Condition()
_active: dict[str, dict[int, float]] = {}
_ids = itertools.count()


def _key(archive) -> str:
    return str(archive.dir.resolve())


@contextlib.contextmanager
def receiving(archive):
    key, token = _key(archive), next(_ids)
    with _cond:
        _active.setdefault(key, {})[token] = time.monotonic()
    try:
        yield
    finally:
        with _cond:
            _active[key].pop(token, None)
            _cond.notify_all()


def wait_for_earlier(archive, since: float, timeout: float = 300.0) -> bool:
    """Wait until no upload that began at or before `since` (time.monotonic) is still being
    received; False when `timeout` seconds passed first."""
    key = _key(archive)
    end = time.monotonic() + timeout
    with _cond:
        while any(t <= since for t in _active.get(key, {}).values()):
            left = end - time.monotonic()
            if left <= 0:
                return False
            _cond.wait(left)
    return True
