"""`wksbm archive backup DEST` (issue 21): a consistent copy of the archive while the server
runs. The database is copied with SQLite's online backup API (one snapshot, writers go on);
then the files, which are create-only and written before the row that names them, so every
file the snapshot names is already whole on disk. The copy is itself a data folder:
restoring is starting the server (or any command) with `--data DEST`."""
from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from compiler.archive.store import FileStore


class BackupError(ValueError):
    """The backup cannot be made; the message is for the operator."""


@dataclass(frozen=True)
class Backup:
    dest: Path
    uploads: int
    files: int
    compiles: int


def backup(archive, dest: Path) -> Backup:
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"Folder {dest} tidak kosong. Pilih folder baru untuk cadangan.")
    if dest.resolve().is_relative_to(archive.dir.resolve()):
        raise BackupError("Folder cadangan tidak boleh berada di dalam folder data.")
    dest.mkdir(parents=True, exist_ok=True)
    part = dest / "arsip.sqlite3.part"
    target = sqlite3.connect(part)
    try:
        archive.db().backup(target, pages=1024)
        target.execute("PRAGMA journal_mode = DELETE")   # one self-contained file
    finally:
        target.close()
    os.replace(part, dest / "arsip.sqlite3")
    snap = sqlite3.connect(f"file:{dest / 'arsip.sqlite3'}?mode=ro", uri=True)
    try:
        named = {r[0] for r in snap.execute("SELECT sha256 FROM uploads UNION SELECT copy_sha256 FROM uploads"
                                            " WHERE copy_sha256 IS NOT NULL")}
        uploads = snap.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
        compiles = [r[0] for r in snap.execute("SELECT folder FROM compiles WHERE state = 'selesai'")]
    finally:
        snap.close()
    src, out = archive.files, FileStore(dest / "files")
    copied = 0
    for sha in sorted(named):
        path = src.path(sha)
        if not path.exists():
            raise BackupError(f"Berkas {sha[:12]}... tidak ada di arsip; cadangan tidak lengkap.")
        target_path = out.path(sha)
        target_path.parent.mkdir(exist_ok=True)
        shutil.copy2(path, target_path)
        copied += 1
    for folder in compiles:
        if (archive.dir / folder).is_dir():
            shutil.copytree(archive.dir / folder, dest / folder)
    return Backup(dest, uploads, copied, len(compiles))
