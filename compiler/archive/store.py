"""Files kept under their SHA-256, once, never changed: `files/ab/abcdef....xlsx`.

A file is written to a temporary name, flushed to disk, then hard-linked to its final name,
which never replaces anything: a name that exists holds the whole file, and a crash leaves at
most a temporary file that the next start sweeps away.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileStore:
    """The archive's files. Paths come only from hex digests: no name from outside is used."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.tmp = self.root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / f"{sha256}.xlsx"

    def put(self, data: bytes) -> str:
        """Store the bytes (once) and return their SHA-256."""
        sha = digest(data)
        final = self.path(sha)
        if final.exists():
            return sha
        final.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.tmp, prefix=f"{sha[:12]}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, final)          # create-only: never replaces a file
            except FileExistsError:
                pass                         # the same bytes, stored meanwhile by another request
            _sync_dir(final.parent)
        finally:
            os.unlink(tmp)
        return sha

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def sweep(self) -> int:
        """Remove the temporary files a crash left (none is ever linked in half)."""
        n = 0
        for part in self.tmp.glob("*.part"):
            part.unlink(missing_ok=True)
            n += 1
        return n


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:   # pragma: no cover - a platform without directory handles
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
