"""Operators' accounts (STANDARD 7, issue 21): admin, operator, kapanewon.

Passwords are kept only as argon2id hashes (argon2-cffi, memory-hard). Repeated failed
sign-ins lock the account for a while; an unknown name costs the same time as a known one,
so that the answer does not tell which names exist."""
from __future__ import annotations

import datetime as dt

from compiler.archive import audit
from compiler.archive.db import parse_stamp, stamp, utc_now

ROLES = ("admin", "operator", "kapanewon")
MIN_PASSWORD = 8
MAX_FAILED = 5                      # failed sign-ins in a row before the lock
LOCK = dt.timedelta(minutes=15)


class AccountError(ValueError):
    """An account cannot be made or changed; the message is for the operator."""


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def kapanewon_names() -> list[str]:
    from schemas.reference import KAPANEWON

    return list(KAPANEWON)


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Kata sandi terlalu pendek: pakai paling sedikit {MIN_PASSWORD} karakter.")


def canonical_kapanewon(name: str | None) -> str:
    if not str(name or "").strip():
        raise AccountError("Untuk peran kapanewon, sebutkan kapanewonnya (misalnya --kapanewon Sewon).")
    wanted = " ".join(str(name or "").split()).lower()
    for k in kapanewon_names():
        if k.lower() == wanted:
            return k
    raise AccountError(f"Kapanewon {name!r} tidak dikenal. Pilih salah satu: {', '.join(kapanewon_names())}.")


def add_user(archive, name: str, role: str, password: str, kapanewon: str | None = None, by: str = "cli") -> int:
    name = " ".join(str(name or "").split())
    if not name or len(name) > 60:
        raise AccountError("Nama akun harus diisi (paling panjang 60 karakter).")
    if role not in ROLES:
        raise AccountError(f"Peran {role!r} tidak dikenal: pakai admin, operator atau kapanewon.")
    if role == "kapanewon":
        kapanewon = canonical_kapanewon(kapanewon)
    elif kapanewon:
        raise AccountError("Kapanewon hanya diisi untuk peran kapanewon.")
    else:
        kapanewon = None
    _check_password(password)
    hashed = _hasher().hash(password)
    with archive.write() as conn:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise AccountError(f"Akun {name} sudah ada.")
        cur = conn.execute("INSERT INTO users (name, role, kapanewon, password_hash, created_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           (name, role, kapanewon, hashed, stamp(utc_now())))
        audit.record(archive, by, "akun-tambah", f"{name} ({role}{', ' + kapanewon if kapanewon else ''})",
                     conn=conn)
        return cur.lastrowid


def user(archive, user_id: int) -> dict | None:
    row = archive.db().execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    return dict(row) if row else None


def users(archive) -> list[dict]:
    return [dict(r) for r in archive.db().execute("SELECT * FROM users ORDER BY name")]


def sign_in(archive, name: str, password: str, now: dt.datetime | None = None) -> tuple[dict | None, str]:
    """(the user, "ok") or (None, why): "salah" (wrong name or password), "terkunci", "nonaktif".
    Every attempt is written to the audit log."""
    from argon2.exceptions import InvalidHashError, VerificationError

    now = now or utc_now()
    name = " ".join(str(name or "").split())[:60]
    row = archive.db().execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    hasher = _hasher()
    if row is None:
        try:   # the same work as for a known name
            hasher.verify(_DUMMY.get(hasher), password or "")
        except (VerificationError, InvalidHashError):
            pass
        audit.record(archive, name or "-", "masuk-gagal", "nama tidak dikenal")
        return None, "salah"
    if row["locked_until"] and parse_stamp(row["locked_until"]) > now:
        audit.record(archive, row["name"], "masuk-gagal", "akun terkunci", row["kapanewon"])
        return None, "terkunci"
    try:
        hasher.verify(row["password_hash"], password or "")
        ok = True
    except (VerificationError, InvalidHashError):
        ok = False
    with archive.write() as conn:
        if not ok:
            failed = row["failed"] + 1
            locked = stamp(now + LOCK) if failed >= MAX_FAILED else None
            conn.execute("UPDATE users SET failed = ?, locked_until = ? WHERE id = ?",
                         (0 if locked else failed, locked, row["id"]))
            audit.record(archive, row["name"], "masuk-gagal", "kata sandi salah" + (
                f"; akun dikunci {int(LOCK.total_seconds() // 60)} menit" if locked else ""), row["kapanewon"], conn)
            return None, "terkunci" if locked else "salah"
        if not row["active"]:
            audit.record(archive, row["name"], "masuk-gagal", "akun nonaktif", row["kapanewon"], conn)
            return None, "nonaktif"
        conn.execute("UPDATE users SET failed = 0, locked_until = NULL WHERE id = ?", (row["id"],))
        if hasher.check_needs_rehash(row["password_hash"]):
            conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (hasher.hash(password), row["id"]))
        audit.record(archive, row["name"], "masuk", "", row["kapanewon"], conn)
    return dict(row), "ok"


def set_password(archive, user_id: int, password: str, by: str) -> None:
    _check_password(password)
    hashed = _hasher().hash(password)
    with archive.write() as conn:
        conn.execute("UPDATE users SET password_hash = ?, failed = 0, locked_until = NULL WHERE id = ?",
                     (hashed, user_id))
        conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
        audit.record(archive, by, "akun-sandi", _name(conn, user_id), conn=conn)


def set_active(archive, user_id: int, active: bool, by: str) -> None:
    with archive.write() as conn:
        if not active and _last_admin(conn, user_id):
            raise AccountError("Akun admin terakhir tidak dapat dinonaktifkan.")
        conn.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
        if not active:
            conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
        audit.record(archive, by, "akun-aktif" if active else "akun-nonaktif", _name(conn, user_id), conn=conn)


def unlock(archive, user_id: int, by: str) -> None:
    with archive.write() as conn:
        conn.execute("UPDATE users SET failed = 0, locked_until = NULL WHERE id = ?", (user_id,))
        audit.record(archive, by, "akun-buka-kunci", _name(conn, user_id), conn=conn)


def _name(conn, user_id: int) -> str:
    row = conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise AccountError("Akun itu tidak ada.")
    return row[0]


def _last_admin(conn, user_id: int) -> bool:
    row = conn.execute("SELECT role, active FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None or row["role"] != "admin" or not row["active"]:
        return False
    return conn.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[0] <= 1


class _Dummy:
    """A hash to verify against for an unknown name, made once."""
    value = None

    def get(self, hasher) -> str:
        if self.value is None:
            self.value = hasher.hash("wksbm-dummy-password")
        return self.value


_DUMMY = _Dummy()
