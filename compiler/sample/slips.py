"""Slips of other locales and habits (STANDARD 1.4, 1.1) that sample workbooks carry, each with
the one finding it must produce.

Stored as a spreadsheet set to English stores them: "112.500" as 112.5 (amount-decimal),
"360.000" as 360 (amount-small), "03/08/2026" as 8 March (date-swapped); and as volunteers
do: a sheet per month beside the book (sheet-extra-data), a book pasted with a voucher number
in front of each row (columns-shifted). Like `compiler.sample.mistakes`, each is pure: it is put
where no other rule hears of it.
"""
from __future__ import annotations

import datetime as dt
import random

from compiler.sample.books import BookDrawer
from compiler.sample.mistakes import _same_row
from compiler.sample.words import MONTH_ID
from schemas import standard as S

SLIP_KINDS = ("amount-decimal", "amount-small", "date-swapped", "sheet-extra-data", "columns-shifted")
# sheet-level and row-level findings: (marker, sheet, None, code) in what `apply_slips` returns
EXTRA, SHIFTED = "_extra", "_shifted"

_AMOUNTS = (("pemasukan", "jumlah"), ("pengeluaran", "jumlah"), ("kegiatan", "nilai_bantuan"), ("inventaris", "nilai"))
_DATED = ("agenda_surat", "buku_tamu", "kegiatan")
_SHIFTABLE = ("agenda_surat", "buku_tamu", "data_psks", "inventaris")
_VOUCHER = {"agenda_surat": "SRT", "buku_tamu": "TM", "data_psks": "PSKS", "inventaris": "INV"}
_MONTHLY = ("agenda_surat", "buku_tamu", "kegiatan", "pemasukan", "pengeluaran")


def _swapped(d: dt.datetime) -> dt.datetime | None:
    """The date a month-first computer stores for d typed day first; None when it cannot."""
    if d.day > 12 or d.day == d.month:
        return None
    return d.replace(month=d.day, day=d.month)


def apply_slips(book: dict, kinds, g: BookDrawer) -> list[tuple]:
    """Make the slips in the book; return (sheet key or marker, record or sheet, column key, code)
    each. The writer finds `book["_extra"]` (extra sheets) and `book["_shifted"]` (shifted books)."""
    rng = random.Random(f"wksbm-sample:{g.job.seed}:{g.job.index}:slips")
    used: set[str] = set()          # sheets already spoiled: one slip a sheet
    done = []
    for kind in kinds:
        if kind in ("amount-decimal", "amount-small"):
            small = kind == "amount-small"
            cands = [(s, i, k) for s, k in _AMOUNTS if s not in used for i, row in enumerate(book[s])
                     if isinstance(row.get(k), int) and 1000 < row[k] < 1_000_000 and (row[k] % 1000 == 0) == small]
            if not cands and not small:   # every amount in thousands: "250.500" typed, say
                cands = [(s, i, k) for s, k in _AMOUNTS if s not in used for i, row in enumerate(book[s])
                         if isinstance(row.get(k), int) and 1000 < row[k] < 1_000_000]
            rng.shuffle(cands)
            for s, i, k in cands:
                old = book[s][i][k]
                new = old // 1000 if small else (old / 1000 if old % 1000 else old // 1000 + 0.5)
                if _same_row(book[s], i, k, new):
                    continue
                book[s][i][k] = new
                used.add(s)
                done.append((s, i, k, kind))
                break
        elif kind == "date-swapped":
            cands = [(s, i) for s in _DATED if s not in used for i, row in enumerate(book[s])
                     if (new := _swapped(row["tanggal"])) is not None and not g.start <= new.date() <= g.end]
            rng.shuffle(cands)
            for s, i in cands:
                new = _swapped(book[s][i]["tanggal"])
                if _same_row(book[s], i, "tanggal", new):
                    continue
                book[s][i]["tanggal"] = new
                used.add(s)
                done.append((s, i, "tanggal", kind))
                break
        elif kind == "sheet-extra-data":
            cands = [s for s in _MONTHLY if book[s]]
            if cands:
                s = rng.choice(cands)
                month = rng.choice(sorted({row["tanggal"].month for row in book[s]}))
                rows = [i for i, row in enumerate(book[s]) if row["tanggal"].month == month]
                name = f"{S.TABLE_BY_KEY[s].name} {MONTH_ID[month - 1]}"
                book.setdefault("_extra", []).append((name, s, rows))
                done.append((EXTRA, name, None, kind))
        elif kind == "columns-shifted":
            cands = [s for s in _SHIFTABLE if s not in used and len(book[s]) >= 3]
            if cands:
                s = rng.choice(cands)
                book.setdefault("_shifted", {})[s] = _VOUCHER[s]
                used.add(s)
                done.append((SHIFTED, S.TABLE_BY_KEY[s].name, None, kind))
    return done
