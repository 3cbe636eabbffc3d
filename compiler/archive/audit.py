"""The audit log (issue 21): who did what, when; append-only (the database refuses changes).

Uploads enter it by a trigger (console_schema); sign-ins, set-asides, compiles and admin
changes are written here, in the same transaction as the change where there is one."""
from __future__ import annotations

from compiler.archive.db import stamp, utc_now


def record(archive, actor: str, action: str, detail: str = "", kapanewon: str | None = None, conn=None) -> None:
    """Append one entry; inside `conn`'s transaction when given (so it stands or falls with it)."""
    values = (stamp(utc_now()), actor, action, detail, kapanewon)
    sql = "INSERT INTO audit (at, actor, action, detail, kapanewon) VALUES (?, ?, ?, ?, ?)"
    if conn is not None:
        conn.execute(sql, values)
        return
    with archive.write() as tx:
        tx.execute(sql, values)


def entries(archive, limit: int = 200, before: int | None = None, action: str | None = None) -> list[dict]:
    """The newest entries first (page back with `before`, an entry id)."""
    where, args = [], []
    if before:
        where.append("id < ?")
        args.append(before)
    if action:
        where.append("action = ?")
        args.append(action)
    sql = "SELECT * FROM audit" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id DESC LIMIT ?"
    return [dict(r) for r in archive.db().execute(sql, (*args, limit))]


def actions(archive) -> list[str]:
    """The kinds of entry in the log, to filter by."""
    return [r[0] for r in archive.db().execute("SELECT DISTINCT action FROM audit ORDER BY action")]
