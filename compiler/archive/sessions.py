"""Server-side sessions (issue 21): a random id in an HttpOnly SameSite cookie, kept in the
archive only as its SHA-256, with the form (CSRF) token of that session; 24 hours at most."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from compiler.archive.db import parse_stamp, stamp, utc_now

LIFETIME = dt.timedelta(hours=24)


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8", "surrogateescape")).hexdigest()


def open_session(archive, user_id: int, now: dt.datetime | None = None) -> str:
    """A new session for the user; returns its id (for the cookie), never stored as such."""
    now = now or utc_now()
    sid = secrets.token_urlsafe(32)
    with archive.write() as conn:
        conn.execute("DELETE FROM sessions WHERE expires_at < ?", (stamp(now),))
        conn.execute("INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                     (_hash(sid), user_id, secrets.token_urlsafe(24), stamp(now), stamp(now + LIFETIME)))
    return sid


def find(archive, sid: str | None, now: dt.datetime | None = None) -> dict | None:
    """The signed-in user of a live session (with `csrf` and `sid_hash`); None when the
    session is unknown, expired, or its account was made inactive."""
    if not sid or len(sid) > 100:
        return None
    row = archive.db().execute(
        "SELECT u.id, u.name, u.role, u.kapanewon, u.active, s.csrf, s.expires_at, s.id_hash FROM sessions s"
        " JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?", (_hash(sid),)).fetchone()
    if row is None or not row["active"] or parse_stamp(row["expires_at"]) <= (now or utc_now()):
        return None
    return dict(row)


def close(archive, sid: str | None) -> None:
    if sid:
        with archive.write() as conn:
            conn.execute("DELETE FROM sessions WHERE id_hash = ?", (_hash(sid),))
