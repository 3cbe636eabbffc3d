"""Setting an upload aside (STANDARD 7: "unless an operator has set it aside (with a reason,
kept)"), and undoing it. The upload's row carries the current state, which `counted` reads;
every change is also kept in `set_asides` and the audit log, so nothing is lost by an undo."""
from __future__ import annotations

from compiler.archive import audit
from compiler.archive.db import stamp, utc_now


class AsideError(ValueError):
    """The change cannot be made; the message is for the operator."""


def set_aside(archive, upload_id: int, reason: str, by: str) -> None:
    reason = " ".join(str(reason or "").split())[:500]
    if not reason:
        raise AsideError("Tuliskan alasan menyisihkan unggahan ini.")
    now = stamp(utc_now())
    with archive.write() as conn:
        row = _row(conn, upload_id)
        if row["set_aside_reason"] is not None:
            raise AsideError("Unggahan ini sudah disisihkan.")
        conn.execute("UPDATE uploads SET set_aside_reason = ?, set_aside_by = ?, set_aside_at = ? WHERE id = ?",
                     (reason, by, now, upload_id))
        conn.execute("INSERT INTO set_asides (upload_id, action, reason, by, at) VALUES (?, 'sisihkan', ?, ?, ?)",
                     (upload_id, reason, by, now))
        audit.record(archive, by, "sisihkan", f"unggahan {upload_id} ({row['padukuhan']}, {row['kalurahan']}): "
                     f"{reason}", row["kapanewon"], conn)


def restore(archive, upload_id: int, by: str) -> None:
    now = stamp(utc_now())
    with archive.write() as conn:
        row = _row(conn, upload_id)
        if row["set_aside_reason"] is None:
            raise AsideError("Unggahan ini tidak sedang disisihkan.")
        conn.execute("UPDATE uploads SET set_aside_reason = NULL, set_aside_by = NULL, set_aside_at = NULL"
                     " WHERE id = ?", (upload_id,))
        conn.execute("INSERT INTO set_asides (upload_id, action, reason, by, at) VALUES (?, 'pulihkan', '', ?, ?)",
                     (upload_id, by, now))
        audit.record(archive, by, "pulihkan", f"unggahan {upload_id} ({row['padukuhan']}, {row['kalurahan']})",
                     row["kapanewon"], conn)


def history(archive, wksbm_id: int) -> dict[int, list[dict]]:
    """Every set-aside and undo of the WKSBM's uploads, by upload id, oldest first."""
    out: dict[int, list[dict]] = {}
    for r in archive.db().execute(
            "SELECT a.* FROM set_asides a JOIN uploads u ON u.id = a.upload_id WHERE u.wksbm_id = ? ORDER BY a.id",
            (wksbm_id,)):
        out.setdefault(r["upload_id"], []).append(dict(r))
    return out


def _row(conn, upload_id: int):
    row = conn.execute("SELECT u.id, u.set_aside_reason, w.padukuhan, w.kalurahan, w.kapanewon FROM uploads u"
                       " JOIN wksbm w ON w.id = u.wksbm_id WHERE u.id = ?", (upload_id,)).fetchone()
    if row is None:
        raise AsideError("Unggahan itu tidak ada.")
    return row
