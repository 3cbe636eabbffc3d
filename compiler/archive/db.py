"""The archive (STANDARD 7): one SQLite database and the files, in the `--data` folder.

SQLite in WAL mode (readers never wait for the writer), a busy timeout (writers wait their
turn instead of failing), one connection per thread, the schema made on first start and
migrated by number (`schema.py`). Each upload is a row written after its file is on disk,
so a row never names a file that is not whole.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from compiler.archive import schema, tokens
from compiler.archive.store import FileStore
from compiler.intake.registry import parse_registry
from compiler.model import period

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")   # Bantul's time: deadlines are days there
DEFAULT_DATA = Path("wksbm-data")
BUSY_MS = 15_000


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def stamp(when: dt.datetime) -> str:
    """A receipt time as stored: UTC, ISO 8601, microseconds (so that order is exact)."""
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Wksbm:
    id: int
    kode_kalurahan: str
    kapanewon: str
    kalurahan: str
    padukuhan: str
    nama_wksbm: str
    key_kalurahan: str
    key_padukuhan: str

    @property
    def key(self) -> tuple[str, str]:
        return self.key_kalurahan, self.key_padukuhan


_WKSBM_COLS = "id, kode_kalurahan, kapanewon, kalurahan, padukuhan, nama_wksbm, key_kalurahan, key_padukuhan"


@dataclass(frozen=True)
class Imported:
    added: list
    kept: list
    skipped: list   # (line, reason) of unusable registry rows


class Archive:
    """The archive in one folder; safe to share between threads (each gets its connection)."""

    def __init__(self, data_dir: Path | str = DEFAULT_DATA, *, sweep: bool = False):
        """`sweep`: remove the temporary files a crash left, as the server does when it starts;
        never from a command run beside a running server, which may be writing an upload there."""
        self.dir = Path(data_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.files = FileStore(self.dir / "files")
        if sweep:
            self.files.sweep()
        self._local = threading.local()
        self._migrate()
        self.secret = self._secret()

    # --- connection -----------------------------------------------------------------------
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.dir / "arsip.sqlite3", timeout=BUSY_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")   # an answered upload survives a power cut too
            conn.execute("PRAGMA foreign_keys = ON")
            self._local.conn = conn
        return conn

    def write(self):
        """A write transaction that takes the lock at once (no upgrade deadlock between writers)."""
        return _Tx(self.db())

    def _migrate(self) -> None:
        conn = self.db()
        with self.write():
            have = conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(have, schema.VERSION):
                for statement in _statements(schema.MIGRATIONS[number]):
                    conn.execute(statement)
            if have < schema.VERSION:
                conn.execute(f"PRAGMA user_version = {schema.VERSION}")

    def _secret(self) -> str:
        with self.write() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = 'secret'").fetchone()
            if row:
                return row[0]
            value = tokens.new_secret()
            conn.execute("INSERT INTO settings (key, value) VALUES ('secret', ?)", (value,))
            return value

    # --- the registry and the links -------------------------------------------------------
    def import_registry(self, path: Path) -> Imported:
        """Add the registry's new WKSBM (each with a first link); keep those already there and
        their links. Raises compiler.intake.registry.RegistryError for an unusable file."""
        entries, skipped = parse_registry(Path(path))
        added, kept = [], []
        now = stamp(utc_now())
        with self.write() as conn:
            for e in entries:
                key = e.key
                row = conn.execute("SELECT id FROM wksbm WHERE key_kalurahan = ? AND key_padukuhan = ?", key).fetchone()
                if row:
                    kept.append(row[0])
                    continue
                cur = conn.execute(
                    "INSERT INTO wksbm (kode_kalurahan, kapanewon, kalurahan, padukuhan, nama_wksbm, key_kalurahan,"
                    " key_padukuhan, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (e.kode_kalurahan, e.kapanewon, e.kalurahan, e.padukuhan, e.nama_wksbm, *key, now))
                self._new_link(conn, cur.lastrowid, key, 1, now)
                added.append(cur.lastrowid)
        return Imported(added, kept, skipped)

    def _new_link(self, conn, wksbm_id: int, key, version: int, now: str) -> None:
        conn.execute("INSERT INTO links (wksbm_id, version, token_hash, created_at) VALUES (?, ?, ?, ?)",
                     (wksbm_id, version, tokens.token_hash(tokens.token(self.secret, key, version)), now))

    def replace_link(self, wksbm_id: int) -> str:
        """A new link for the WKSBM; the old one answers 404 from now on."""
        w = self.wksbm(wksbm_id)
        now = stamp(utc_now())
        with self.write() as conn:
            version = conn.execute("SELECT MAX(version) FROM links WHERE wksbm_id = ?", (wksbm_id,)).fetchone()[0]
            conn.execute("UPDATE links SET replaced_at = ? WHERE wksbm_id = ? AND replaced_at IS NULL", (now, wksbm_id))
            self._new_link(conn, wksbm_id, w.key, version + 1, now)
        return self.token_of(wksbm_id)

    def token_of(self, wksbm_id: int) -> str:
        w = self.wksbm(wksbm_id)
        version = self.db().execute("SELECT version FROM links WHERE wksbm_id = ? AND replaced_at IS NULL",
                                    (wksbm_id,)).fetchone()[0]
        return tokens.token(self.secret, w.key, version)

    def by_token(self, tok: str) -> Wksbm | None:
        """The WKSBM whose current link this is; None for a wrong or replaced token."""
        if not tokens.plausible(tok):
            return None
        wanted = tokens.token_hash(tok)
        row = self.db().execute("SELECT wksbm_id, token_hash FROM links WHERE token_hash = ? AND replaced_at IS NULL",
                                (wanted,)).fetchone()
        if row is None or not tokens.same(row["token_hash"], wanted):
            return None
        return self.wksbm(row["wksbm_id"])

    def wksbm(self, wksbm_id: int) -> Wksbm:
        row = self.db().execute(f"SELECT {_WKSBM_COLS} FROM wksbm WHERE id = ?", (wksbm_id,)).fetchone()
        if row is None:
            raise KeyError(wksbm_id)
        return Wksbm(*row)

    def all_wksbm(self) -> list[Wksbm]:
        rows = self.db().execute(f"SELECT {_WKSBM_COLS} FROM wksbm ORDER BY kapanewon, kalurahan, padukuhan, id")
        return [Wksbm(*r) for r in rows]

    def by_key(self, key) -> Wksbm | None:
        row = self.db().execute(f"SELECT {_WKSBM_COLS} FROM wksbm WHERE key_kalurahan = ? AND key_padukuhan = ?",
                                tuple(key)).fetchone()
        return Wksbm(*row) if row else None

    # --- quarters and deadlines -------------------------------------------------------------
    def deadline(self, tahun: int, triwulan: str) -> dt.date:
        row = self.db().execute("SELECT tenggat FROM deadlines WHERE tahun = ? AND triwulan = ?",
                                (tahun, triwulan)).fetchone()
        return dt.date.fromisoformat(row[0]) if row else period.default_deadline(tahun, triwulan)

    def set_deadline(self, tahun: int, triwulan: str, tenggat: dt.date) -> None:
        with self.write() as conn:
            conn.execute("INSERT INTO deadlines (tahun, triwulan, tenggat) VALUES (?, ?, ?) ON CONFLICT (tahun, triwulan)"
                         " DO UPDATE SET tenggat = excluded.tenggat", (tahun, triwulan, tenggat.isoformat()))

    def collected(self, today: dt.date) -> tuple[int, str]:
        """STANDARD 7's quarter being collected, with its deadline (`period.collected`)."""
        return period.collected(today)

    # --- uploads ------------------------------------------------------------------------------
    def same_bytes(self, wksbm_id: int, sha256: str) -> dict | None:
        row = self.db().execute("SELECT * FROM uploads WHERE wksbm_id = ? AND sha256 = ? ORDER BY id LIMIT 1",
                                (wksbm_id, sha256)).fetchone()
        return _upload(row)

    def add_upload(self, **values) -> int:
        values = dict(values, findings=json.dumps(values["findings"], ensure_ascii=False))
        cols = ", ".join(values)
        with self.write() as conn:
            cur = conn.execute(f"INSERT INTO uploads ({cols}) VALUES ({', '.join('?' * len(values))})",
                               tuple(values.values()))
            return cur.lastrowid

    def upload(self, upload_id: int, wksbm_id: int) -> dict | None:
        """One upload, only of that WKSBM (another's id gives None)."""
        row = self.db().execute("SELECT * FROM uploads WHERE id = ? AND wksbm_id = ?", (upload_id, wksbm_id)).fetchone()
        return _upload(row)

    def uploads_of(self, wksbm_id: int) -> list[dict]:
        """Every upload of the WKSBM, newest first, each with `counts` (the one that counts
        for its quarter) and `status_now` (`diganti` for an older one)."""
        rows = [_upload(r) for r in self.db().execute(
            "SELECT * FROM uploads WHERE wksbm_id = ? ORDER BY received_at DESC, id DESC", (wksbm_id,))]
        seen = set()
        for u in rows:
            quarter = (u["tahun"], u["triwulan"])
            u["counts"] = bool(u["eligible"]) and u["set_aside_reason"] is None and quarter not in seen
            if u["counts"]:
                seen.add(quarter)
            older = bool(u["eligible"]) and u["set_aside_reason"] is None and not u["counts"]
            u["status_now"] = "diganti" if older else u["status"]
        return rows

    def counted(self, tahun: int, triwulan: str) -> list[dict]:
        """STANDARD 7: for each WKSBM, its newest upload for the quarter by receipt time, unless
        set aside (uploads of another WKSBM's workbook never count)."""
        rows = self.db().execute(
            "SELECT * FROM uploads u WHERE tahun = ? AND triwulan = ? AND eligible = 1 AND set_aside_reason IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM uploads v WHERE v.wksbm_id = u.wksbm_id AND v.tahun = u.tahun"
            " AND v.triwulan = u.triwulan AND v.eligible = 1 AND v.set_aside_reason IS NULL"
            " AND (v.received_at > u.received_at OR (v.received_at = u.received_at AND v.id > u.id)))"
            " ORDER BY wksbm_id", (tahun, triwulan))
        return [_upload(r) for r in rows]

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _upload(row) -> dict | None:
    if row is None:
        return None
    out = dict(row)
    out["findings"] = json.loads(out["findings"])
    return out


def _statements(script: str) -> list[str]:
    """A migration's statements, split where SQLite says one is complete (a trigger's body
    holds semicolons of its own)."""
    out, part = [], ""
    for piece in script.split(";"):
        part += piece + ";"
        if sqlite3.complete_statement(part):
            if part.strip(" \n;"):
                out.append(part)
            part = ""
    return out


class _Tx:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind, exc, tb) -> None:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")
