"""Opening the archive beside a running server (a backup, a compile's own process): no
migration and no sweep of the files' temporary folder, where the server may be writing an
upload at that moment (`Archive()` sweeps it, which suits only the server's own start)."""
from __future__ import annotations

import threading
from pathlib import Path

from compiler.archive.db import Archive
from compiler.archive.store import FileStore


class SharedArchive(Archive):
    def __init__(self, data_dir: Path | str):   # noqa: super().__init__ would migrate and sweep
        self.dir = Path(data_dir)
        self.files = FileStore(self.dir / "files")
        self._local = threading.local()
        row = self.db().execute("SELECT value FROM settings WHERE key = 'secret'").fetchone()
        self.secret = row[0] if row else ""


def open_archive(data_dir: Path | str) -> Archive:
    """The archive for a command run beside the server: shared when it is already made and
    migrated, else opened (made or migrated) the usual way."""
    import sqlite3

    from compiler.archive import schema

    path = Path(data_dir) / "arsip.sqlite3"
    if path.is_file():
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
        if version == schema.VERSION:
            return SharedArchive(data_dir)
    return Archive(data_dir)
