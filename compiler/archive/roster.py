"""Admin changes to the registry kept in the archive (issue 21): import, add one WKSBM, stop
one (it is not expected after its last quarter), replace a link, set a deadline; each is
written to the audit log. The archive's own methods do the work where they exist."""
from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from compiler.archive import audit
from compiler.archive.console_schema import quarter_index
from compiler.archive.db import Wksbm


def import_registry(archive, path: Path, by: str):
    """Add the new WKSBM (the archive's import) and update the names of those already there
    (nama_wksbm, the padukuhan's spelling); their keys and links stay. Returns (Imported, updated)."""
    from compiler.intake.registry import parse_registry

    imported = archive.import_registry(path)
    entries, _ = parse_registry(Path(path))
    updated = 0
    with archive.write() as conn:
        for e in entries:
            cur = conn.execute("UPDATE wksbm SET nama_wksbm = ?, padukuhan = ? WHERE key_kalurahan = ? AND"
                               " key_padukuhan = ? AND (nama_wksbm != ? OR padukuhan != ?)",
                               (e.nama_wksbm, e.padukuhan, *e.key, e.nama_wksbm, e.padukuhan))
            updated += cur.rowcount
        audit.record(archive, by, "daftar-impor", f"{len(imported.added)} WKSBM baru, {updated} diperbarui, "
                     f"{len(imported.kept)} sudah ada, {len(imported.skipped)} baris dilewati", conn=conn)
    return imported, updated


def add_wksbm(archive, kode_kalurahan: str, kalurahan: str, padukuhan: str, nama_wksbm: str, by: str):
    """One new WKSBM, read exactly as a registry row is (the same checks, the same key)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "daftar_wksbm.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm"])
            w.writerow([kode_kalurahan, kalurahan, padukuhan, nama_wksbm])
        imported = archive.import_registry(path)
    for wid in imported.added:
        w = archive.wksbm(wid)
        audit.record(archive, by, "wksbm-tambah", f"{w.padukuhan}, {w.kalurahan}", w.kapanewon)
    return imported


def stop(archive, wksbm_id: int, tahun: int | None, triwulan: str | None, by: str) -> None:
    """The WKSBM is expected up to and including this quarter (None: expected again)."""
    w = archive.wksbm(wksbm_id)
    last = quarter_index(tahun, triwulan) if tahun else None
    with archive.write() as conn:
        conn.execute("UPDATE wksbm SET last_quarter = ? WHERE id = ?", (last, wksbm_id))
        audit.record(archive, by, "wksbm-berhenti" if last is not None else "wksbm-aktif",
                     f"{w.padukuhan}, {w.kalurahan}" + (f": terakhir triwulan {triwulan} {tahun}" if last else ""),
                     w.kapanewon, conn)


def last_quarters(archive) -> dict[int, int]:
    """The last quarter expected of each WKSBM that stops (quarter_index)."""
    rows = archive.db().execute("SELECT id, last_quarter FROM wksbm WHERE last_quarter IS NOT NULL")
    return {r[0]: r[1] for r in rows}


def expected(archive, tahun: int, triwulan: str) -> list[Wksbm]:
    """The WKSBM expected to report for the quarter: every one in the archive, less those that
    stopped before it."""
    q = quarter_index(tahun, triwulan)
    ends = last_quarters(archive)
    return [w for w in archive.all_wksbm() if ends.get(w.id, q) >= q]


def replace_link(archive, wksbm_id: int, by: str) -> str:
    token = archive.replace_link(wksbm_id)
    w = archive.wksbm(wksbm_id)
    audit.record(archive, by, "tautan-ganti", f"{w.padukuhan}, {w.kalurahan}", w.kapanewon)
    return token


def set_deadline(archive, tahun: int, triwulan: str, tenggat: dt.date, by: str) -> None:
    archive.set_deadline(tahun, triwulan, tenggat)
    audit.record(archive, by, "tenggat", f"triwulan {triwulan} {tahun}: {tenggat.isoformat()}")
