"""The typical mistakes the sample workbooks carry, each with the one finding it must produce.

Mistakes are "pure": each produces exactly its own finding and nothing downstream (for
example a NIK typed as a number is only put on a Data PPKS row that no Kegiatan refers to),
so mistakes.csv can be compared with the validator's findings one for one.
"""
from __future__ import annotations

import datetime as dt
import difflib
import random
import re
from dataclasses import dataclass

from compiler.sample.books import FRESH_SLOT, BookDrawer
from compiler.sample.period import stamp
from compiler.sample.words import MONTH_ID, PPKS_WRONG
from schemas import reference as ref

# Mistakes found by `validate` at a cell, and the two found by `compile` on a whole file.
CELL_KINDS = ("date-as-text", "number-as-text", "nik-as-number", "date-outside-period",
              "required-missing", "value-not-allowed", "ref-ppks-missing", "region-mismatch")
LAST_QUARTER, SUPERSEDED = "period-mismatch", "submission-superseded"
# Pairs that cannot share a workbook: with a Data PPKS NIK unreadable, a recipient missing
# from Data PPKS cannot be told apart, so the validator rightly stays silent about it.
CONFLICTS = {"nik-as-number": {"ref-ppks-missing"}, "ref-ppks-missing": {"nik-as-number"}}


@dataclass(frozen=True)
class Mistake:
    """One intended mistake and the finding it must produce (cell "" = file level)."""

    file: str
    sheet: str
    cell: str
    code: str
    severity: str

    def sort_key(self):
        m = re.match(r"([A-Z]*)(\d*)", self.cell)
        return (self.file, self.sheet, int(m[2] or 0), len(m[1]), m[1], self.code)


def _same_row(rows, i, key, value) -> bool:
    """Would setting rows[i][key] = value make it identical to another record?"""
    new = {**rows[i], key: value}
    return any(j != i and other == new for j, other in enumerate(rows))


def _shift_out(d: dt.datetime, start: dt.date, end: dt.date, rng) -> dt.datetime:
    """A plausible typo that moves a date outside the quarter: last year's number, or the
    month before the quarter or after it (same day)."""
    if rng.random() < 0.3:
        return d.replace(year=d.year - 1, day=min(d.day, 28))
    before = d.month == start.month or (d.month != end.month and rng.random() < 0.5)
    if before:
        month, year = (start.month - 1, d.year) if start.month > 1 else (12, d.year - 1)
    else:
        month, year = (end.month + 1, d.year) if end.month < 12 else (1, d.year + 1)
    return d.replace(year=year, month=month, day=min(d.day, 28))


def _swap_inside(d: dt.datetime, start: dt.date, end: dt.date) -> bool:
    """Whether d with day and month swapped falls in the quarter: then it reads as a date typed
    day first on a month-first computer (date-swapped), not as a date outside the quarter."""
    return d.day <= 12 and d.day != d.month and start <= d.replace(month=d.day, day=d.month).date() <= end


def _similar_kalurahan(kal: str, rng) -> str:
    own = ref.KAPANEWON_OF[kal]
    others = sorted((k for k in ref.KALURAHAN if ref.KAPANEWON_OF[k] != own),
                    key=lambda k: (-difflib.SequenceMatcher(None, kal, k).ratio(), k))
    return rng.choice(others[:3])


def apply_mistakes(book: dict, kinds, g: BookDrawer) -> list[tuple[str, int | None, str, str]]:
    """Make the mistakes in the book; return (sheet key, record, column key, code) each."""
    rng = random.Random(f"wksbm-sample:{g.job.seed}:{g.job.index}:mistakes")
    used: set[tuple[str, int]] = set()
    done = []

    def referenced():
        return {a["nik_penerima"] for a in book["kegiatan"] if a["nik_penerima"]}

    def free(sheet, pred=lambda row: True):
        return [(sheet, i) for i, row in enumerate(book[sheet]) if (sheet, i) not in used and pred(row)]

    def unreferenced_ppks():
        refs = referenced()
        return free("data_ppks", lambda p: p["nik"] not in refs)

    fresh = FRESH_SLOT
    for kind in kinds:
        cands: list[tuple[str, int, str]] = []
        if kind == "date-as-text":
            cands = [(s, i, "tanggal") for sh in ("agenda_surat", "buku_tamu", "kegiatan") for s, i in free(sh)]
            cands += [(s, i, "tanggal") for s, i in free("pemasukan", lambda x: x["bentuk"] == "Barang")]
            cands += [(s, i, "tanggal_perolehan") for s, i in free("inventaris", lambda x: x["tanggal_perolehan"])]
        elif kind == "number-as-text":
            cands = [(s, i, "jumlah") for s, i in free("pengeluaran", lambda x: x["jumlah"] >= 1000)]
            cands += [(s, i, "jumlah") for s, i in free("pemasukan", lambda x: x["bentuk"] == "Barang")]
            cands += [(s, i, "nilai_bantuan") for s, i in free("kegiatan", lambda x: (x["nilai_bantuan"] or 0) >= 1000)]
            cands += [(s, i, "nilai") for s, i in free("inventaris", lambda x: (x["nilai"] or 0) >= 1000)]
        elif kind == "nik-as-number":
            cands = [(s, i, "nik") for s, i in unreferenced_ppks()]
        elif kind == "date-outside-period":
            cands = [(s, i, "tanggal") for sh in ("agenda_surat", "buku_tamu", "kegiatan") for s, i in free(sh)]
            cands += [(s, i, "tanggal_perolehan") for s, i in free("inventaris")]
        elif kind == "required-missing":
            cands = [(s, i, "alamat") for s, i in unreferenced_ppks()]
            cands += [(s, i, k) for sh, k in (("buku_tamu", "keperluan"), ("agenda_surat", "perihal"),
                                               ("inventaris", "satuan"), ("pengeluaran", "uraian"),
                                               ("kegiatan", "nama_kegiatan")) for s, i in free(sh)]
        elif kind == "value-not-allowed":
            cands = [(s, i, "jenis_ppks") for s, i in unreferenced_ppks()]
        elif kind == "ref-ppks-missing":
            cands = [(s, i, "nik_penerima") for s, i in free("kegiatan", lambda x: x["nik_penerima"])]
        if kind == "region-mismatch":
            book["_identitas"]["kalurahan"] = _similar_kalurahan(book["_identitas"]["kalurahan"], rng)
            done.append(("_identitas", None, "kalurahan", kind))
            continue
        rng.shuffle(cands)
        for sheet, i, key in cands:
            row = book[sheet][i]
            old = row[key]
            if kind == "date-as-text":
                form = rng.choices(("%d/%m/%Y", "%d-%m-%Y", "words"), weights=(6, 2, 2))[0]
                new = f"{old.day} {MONTH_ID[old.month - 1]} {old.year}" if form == "words" else old.strftime(form)
            elif kind == "number-as-text":
                dotted = f"{old:,}".replace(",", ".")
                new = rng.choice((f"Rp {dotted}", f"Rp {dotted}", dotted, f"Rp{dotted}", f"{dotted},00"))
            elif kind == "nik-as-number":
                new = int(old)
            elif kind == "date-outside-period":
                if key == "tanggal_perolehan":
                    new = stamp(g.end + dt.timedelta(days=rng.randint(3, 60)))
                else:
                    new = _shift_out(old, g.start, g.end, rng)
                    if _swap_inside(new, g.start, g.end):   # that one is date-swapped (STANDARD 1.1)
                        continue
                if _same_row(book[sheet], i, key, new):
                    continue
            elif kind == "required-missing":
                new = None
                if _same_row(book[sheet], i, key, new):
                    continue
            elif kind == "value-not-allowed":
                new = rng.choice(PPKS_WRONG)
            else:  # ref-ppks-missing: a recipient who was never put in Data PPKS
                new, _ = g.nik(fresh, int(old[6:8]) > 40, 25, 80)
                fresh += 1
            row[key] = new
            used.add((sheet, i))
            done.append((sheet, i, key, kind))
            break
    return done

