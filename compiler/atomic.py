"""Write output files atomically: a temporary file beside the target, then a rename.

A reader (or a crash) never sees half a file, and names from inputs never escape `--out`.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def safe_name(name: str, limit: int = 120) -> str:
    """A file name made only of letters, digits, '.', '-', '_' and spaces, never '..' or empty."""
    name = name.replace("/", "__").replace("\\", "__")
    name = _UNSAFE.sub("_", name).strip(" .")
    return (name or "berkas")[:limit]
