"""The archive's SQLite schema, as numbered migrations (PRAGMA user_version says which ran).

A later change (operator accounts, sessions, an audit log, setting uploads aside: issue 21)
is a new entry in MIGRATIONS; nothing here is ever edited once released.
"""
from __future__ import annotations

from compiler.archive import console_schema

MIGRATIONS = [
    # 1: the registry, the links, the uploads, the settings
    """
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE wksbm (
        id             INTEGER PRIMARY KEY,
        kode_kalurahan TEXT NOT NULL,
        kapanewon      TEXT NOT NULL,
        kalurahan      TEXT NOT NULL,
        padukuhan      TEXT NOT NULL,
        nama_wksbm     TEXT NOT NULL DEFAULT '',
        key_kalurahan  TEXT NOT NULL,
        key_padukuhan  TEXT NOT NULL,
        added_at       TEXT NOT NULL,
        UNIQUE (key_kalurahan, key_padukuhan)
    );
    CREATE TABLE links (
        id          INTEGER PRIMARY KEY,
        wksbm_id    INTEGER NOT NULL REFERENCES wksbm(id),
        version     INTEGER NOT NULL,
        token_hash  TEXT NOT NULL UNIQUE,
        created_at  TEXT NOT NULL,
        replaced_at TEXT,
        UNIQUE (wksbm_id, version)
    );
    CREATE TABLE deadlines (
        tahun    INTEGER NOT NULL,
        triwulan TEXT NOT NULL,
        tenggat  TEXT NOT NULL,
        PRIMARY KEY (tahun, triwulan)
    );
    CREATE TABLE uploads (
        id             INTEGER PRIMARY KEY,
        wksbm_id       INTEGER NOT NULL REFERENCES wksbm(id),
        received_at    TEXT NOT NULL,
        original_name  TEXT NOT NULL,
        tahun          INTEGER,
        triwulan       TEXT,
        sender_kind    TEXT NOT NULL CHECK (sender_kind IN ('link', 'operator')),
        sender         TEXT NOT NULL,
        sha256         TEXT NOT NULL,
        size           INTEGER NOT NULL,
        status         TEXT NOT NULL,
        eligible       INTEGER NOT NULL,
        errors         INTEGER NOT NULL,
        warnings       INTEGER NOT NULL,
        findings       TEXT NOT NULL,
        copy_sha256    TEXT,
        set_aside_reason TEXT,
        set_aside_by   TEXT,
        set_aside_at   TEXT
    );
    CREATE INDEX uploads_same_bytes ON uploads (wksbm_id, sha256);
    CREATE INDEX uploads_quarter ON uploads (tahun, triwulan, wksbm_id, received_at);
    """,
    # 2: the operators' console (issue 21): accounts, sessions, audit log, set-asides, compiles
    console_schema.MIGRATION,
]

VERSION = len(MIGRATIONS)
