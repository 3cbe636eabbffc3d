"""The quarter's board (issue 21): per kapanewon, kalurahan and WKSBM, how many are
registered, reported on time, late, must correct, or have not reported; the deadline and the
days left; the list to remind. Which upload counts is the archive's (STANDARD 7: the newest by
receipt unless set aside); a counted upload with errors must be corrected; one without is on
time when received by the end of the deadline's day in Bantul (WIB)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from compiler.archive.db import WIB, parse_stamp, utc_now
from compiler.archive.roster import expected

STATES = ("tepat_waktu", "terlambat", "perlu_perbaikan", "belum_melapor")
LABELS = {"tepat_waktu": "Melapor tepat waktu", "terlambat": "Terlambat", "perlu_perbaikan": "Perlu perbaikan",
          "belum_melapor": "Belum melapor"}


@dataclass
class Tally:
    """Counts of one area (kabupaten, kapanewon or kalurahan)."""
    name: str
    code: str = ""
    terdaftar: int = 0
    counts: dict = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    children: list = field(default_factory=list)

    def add(self, state: str) -> None:
        self.terdaftar += 1
        self.counts[state] += 1

    def rate(self, state: str) -> float:
        return self.counts[state] / self.terdaftar if self.terdaftar else 0.0

    @property
    def melapor(self) -> int:
        return self.counts["tepat_waktu"] + self.counts["terlambat"]


@dataclass
class Board:
    tahun: int
    triwulan: str
    tenggat: dt.date
    days_left: int
    total: Tally
    rows: list          # one dict per WKSBM, in kapanewon, kalurahan, padukuhan order

    def remind(self) -> list[dict]:
        return [r for r in self.rows if r["state"] in ("belum_melapor", "perlu_perbaikan")]


def tokens_of(archive, wksbms) -> dict[int, str]:
    """The current link token of each WKSBM, in one read (the board lists hundreds)."""
    from compiler.archive import tokens

    versions = dict(archive.db().execute("SELECT wksbm_id, version FROM links WHERE replaced_at IS NULL"))
    return {w.id: tokens.token(archive.secret, w.key, versions[w.id]) for w in wksbms if w.id in versions}


def deadline_end(tenggat: dt.date) -> dt.datetime:
    """The first instant after the deadline's day, in Bantul."""
    return dt.datetime.combine(tenggat + dt.timedelta(days=1), dt.time(), WIB)


def state_of(upload: dict | None, end: dt.datetime) -> str:
    if upload is None:
        return "belum_melapor"
    if upload["errors"]:
        return "perlu_perbaikan"
    return "tepat_waktu" if parse_stamp(upload["received_at"]) < end else "terlambat"


def board(archive, tahun: int, triwulan: str, kapanewon: str | None = None, now: dt.datetime | None = None) -> Board:
    """The board of the quarter; only one kapanewon's WKSBM when `kapanewon` is given."""
    now = now or utc_now()
    tenggat = archive.deadline(tahun, triwulan)
    end = deadline_end(tenggat)
    counted = {u["wksbm_id"]: u for u in archive.counted(tahun, triwulan)}
    total = Tally("Kabupaten Bantul", "34.02")
    kap: dict[str, Tally] = {}
    kal: dict[tuple, Tally] = {}
    rows = []
    for w in sorted(expected(archive, tahun, triwulan), key=lambda w: (w.kode_kalurahan, w.padukuhan.lower(), w.id)):
        if kapanewon is not None and w.kapanewon != kapanewon:
            continue
        upload = counted.get(w.id)
        state = state_of(upload, end)
        k = kap.get(w.kapanewon)
        if k is None:
            k = kap[w.kapanewon] = Tally(w.kapanewon)
            total.children.append(k)
        c = kal.get((w.kapanewon, w.kalurahan))
        if c is None:
            c = kal[(w.kapanewon, w.kalurahan)] = Tally(w.kalurahan, w.kode_kalurahan)
            k.children.append(c)
        for t in (total, k, c):
            t.add(state)
        rows.append({"wksbm": w, "state": state, "upload": upload})
    days_left = (tenggat - now.astimezone(WIB).date()).days
    return Board(tahun, triwulan, tenggat, days_left, total, rows)
