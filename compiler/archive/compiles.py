"""Compiles run from the operators' console (issue 21): each has its own folder under the
data folder (`kompilasi/<id>`), never written again once finished, with its time, who ran it,
how many uploads it used, and how it ended."""
from __future__ import annotations

import shutil
from pathlib import Path

from compiler.archive import audit
from compiler.archive.db import stamp, utc_now

FOLDER = "kompilasi"


def begin(archive, tahun: int, triwulan: str, by: str, uploads: int, started_at: str) -> tuple[int, Path]:
    """Record a compile that starts now; returns its id and its (new, empty) folder."""
    with archive.write() as conn:
        n = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM compiles").fetchone()[0]
        folder = Path(FOLDER) / f"{n:05d}"
        cur = conn.execute("INSERT INTO compiles (id, tahun, triwulan, started_at, by, folder, uploads, state)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, 'berjalan')",
                           (n, tahun, triwulan, started_at, by, folder.as_posix(), uploads))
        audit.record(archive, by, "kompilasi", f"kompilasi {cur.lastrowid}: triwulan {triwulan} {tahun}, "
                     f"{uploads} unggahan", conn=conn)
    path = archive.dir / folder
    try:
        path.mkdir(parents=True, exist_ok=False)
    except OSError as exc:   # recorded as failed, not left "running"
        end(archive, n, False, f"Folder kompilasi {folder.as_posix()} tidak dapat dibuat ({exc.strerror or exc}).")
        raise
    return n, path


def set_uploads(archive, compile_id: int, uploads: int) -> None:
    with archive.write() as conn:
        conn.execute("UPDATE compiles SET uploads = ? WHERE id = ?", (uploads, compile_id))


def counted_before(archive, tahun: int, triwulan: str, cutoff: str) -> list[dict]:
    """STANDARD 7's counted upload of each WKSBM among those received by `cutoff` (a stored
    time): the archive's rule (`Archive.counted`) as of that moment."""
    from compiler.archive.db import _upload

    rows = archive.db().execute(
        "SELECT * FROM uploads u WHERE tahun = ? AND triwulan = ? AND eligible = 1 AND set_aside_reason IS NULL"
        " AND received_at <= ? AND NOT EXISTS (SELECT 1 FROM uploads v WHERE v.wksbm_id = u.wksbm_id"
        " AND v.tahun = u.tahun AND v.triwulan = u.triwulan AND v.eligible = 1 AND v.set_aside_reason IS NULL"
        " AND v.received_at <= ?"
        " AND (v.received_at > u.received_at OR (v.received_at = u.received_at AND v.id > u.id)))"
        " ORDER BY wksbm_id", (tahun, triwulan, cutoff, cutoff))
    return [_upload(r) for r in rows]


def end(archive, compile_id: int, ok: bool, message: str = "") -> None:
    with archive.write() as conn:
        conn.execute("UPDATE compiles SET state = ?, finished_at = ?, message = ? WHERE id = ?",
                     ("selesai" if ok else "gagal", stamp(utc_now()), message, compile_id))


def get(archive, compile_id: int) -> dict | None:
    row = archive.db().execute("SELECT * FROM compiles WHERE id = ?", (compile_id,)).fetchone()
    return dict(row) if row else None


def all_compiles(archive, limit: int = 50) -> list[dict]:
    return [dict(r) for r in archive.db().execute("SELECT * FROM compiles ORDER BY id DESC LIMIT ?", (limit,))]


def interrupted(archive) -> int:
    """Compiles left running by a server that stopped: marked failed at start."""
    with archive.write() as conn:
        return conn.execute("UPDATE compiles SET state = 'gagal', finished_at = ?, message = ?"
                            " WHERE state = 'berjalan'",
                            (stamp(utc_now()), "Server berhenti sebelum kompilasi selesai. Jalankan lagi.")).rowcount


def lay_out_earlier(archive, tahun: int, triwulan: str, folder: Path) -> list[str]:
    """STANDARD 5's quarters before, "or in the archive": the latest finished compile of each
    of the four quarters before, its status_wksbm.csv and rekap_data.csv copied into `folder`
    beside the quarter this compile writes, where the compile looks for them (balance-carryover,
    the trend). Returns the quarters' folder names laid out."""
    from compiler.model.period import folder_name
    from compiler.quarter.previous import REKAP_NAME, STATUS_NAME, quarters_before

    laid = []
    for th, tw in quarters_before(tahun, triwulan):
        row = archive.db().execute("SELECT folder FROM compiles WHERE tahun = ? AND triwulan = ? AND state = 'selesai'"
                                   " ORDER BY id DESC LIMIT 1", (th, tw)).fetchone()
        source = archive.dir / row["folder"] / folder_name(th, tw) if row else None
        if source is None or not (source / REKAP_NAME).is_file():
            continue
        target = folder / folder_name(th, tw)
        target.mkdir(parents=True, exist_ok=True)
        for name in (STATUS_NAME, REKAP_NAME):
            if (source / name).is_file():
                shutil.copyfile(source / name, target / name)
        laid.append(target.name)
    return laid
