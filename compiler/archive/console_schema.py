"""Migration 2 (issue 21, the operators' console): accounts, sessions, the audit log, the
history of set-asides, the compiles, and when a WKSBM stops being expected.

The audit log is append-only in the database itself (triggers refuse UPDATE and DELETE), and
every upload enters it by a trigger, whichever door it came through (a link, an operator,
a later program)."""
from __future__ import annotations

MIGRATION = """
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'kapanewon')),
    kapanewon     TEXT,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    failed        INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    created_at    TEXT NOT NULL,
    CHECK ((role = 'kapanewon') = (kapanewon IS NOT NULL))
);
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    kapanewon TEXT
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_every_upload AFTER INSERT ON uploads
BEGIN
    INSERT INTO audit (at, actor, action, detail, kapanewon)
    SELECT NEW.received_at, NEW.sender_kind || ':' || NEW.sender, 'unggah',
           'unggahan ' || NEW.id || ' untuk ' || w.padukuhan || ', ' || w.kalurahan || ': ' || NEW.status,
           w.kapanewon
    FROM wksbm w WHERE w.id = NEW.wksbm_id;
END;
CREATE TABLE set_asides (
    id        INTEGER PRIMARY KEY,
    upload_id INTEGER NOT NULL REFERENCES uploads(id),
    action    TEXT NOT NULL CHECK (action IN ('sisihkan', 'pulihkan')),
    reason    TEXT NOT NULL DEFAULT '',
    by        TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX set_asides_upload ON set_asides (upload_id, id);
CREATE TABLE compiles (
    id          INTEGER PRIMARY KEY,
    tahun       INTEGER NOT NULL,
    triwulan    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    by          TEXT NOT NULL,
    folder      TEXT NOT NULL UNIQUE,
    uploads     INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('berjalan', 'selesai', 'gagal')),
    finished_at TEXT,
    message     TEXT NOT NULL DEFAULT ''
);
ALTER TABLE wksbm ADD COLUMN last_quarter INTEGER;
"""


def quarter_index(tahun: int, triwulan: str) -> int:
    """A quarter as one ordered number (for 'expected up to and including this quarter')."""
    from compiler.model.period import number

    return int(tahun) * 4 + number(triwulan) - 1
