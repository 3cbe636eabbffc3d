"""Cross-sheet rules of STANDARD section 2, on one workbook's already-checked values.

Each rule reads only values that passed their own checks; when a rule's inputs are in
error it stays silent (one mistake, one finding). Workbooks hold a few dozen rows per
sheet, so plain Python over the column lists is the cheapest way here.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pandas as pd

from compiler.model import findings as F
from compiler.read.reader import Table, Workbook
from compiler.read.values import SMALL_AMOUNT, fmt_date, fmt_rp, mask_nik
from schemas.reference import KALURAHAN_OF
from schemas.standard import TABLE_BY_KEY, norm


def check_region(wb: Workbook) -> None:
    kap, kal = wb.identity.get("kapanewon"), wb.identity.get("kalurahan")
    if kap and kal and kal not in KALURAHAN_OF.get(kap, ()):
        row, col = wb.identity_cells["kalurahan"]
        wb.findings.append(F.make("region-mismatch", wb.file, wb.identity_sheet, col=col, row=row,
                                  column="Kalurahan", value=kal, kapanewon=kap,
                                  pilihan=", ".join(KALURAHAN_OF[kap])))
        wb.identity_bad.add("kalurahan")


class _View:
    """Valid values of one table: a value in error reads as None."""

    def __init__(self, table: Table | None):
        self.t = table

    def __bool__(self):
        return self.t is not None

    def __len__(self):
        return len(self.t.rows) if self.t else 0

    def get(self, key: str, i: int):
        if self.t is None or key not in self.t.values or (i, key) in self.t.bad:
            return None
        value = self.t.values[key][i]
        return None if value is None or (isinstance(value, float) and value != value) else value

    def read_whole(self, key: str) -> bool:
        """The column is there (not renamed away) and each of its values was read: what a rule
        that looks values up in it needs, or every lookup would fail."""
        return self.t is not None and key in self.t.cols and not any(k == key for _, k in self.t.bad)

    def lacks(self, key: str) -> bool:
        """The column is not there, and no title stands for it: each record has no value in it."""
        return self.t is not None and key not in self.t.cols and key not in self.t.meant

    def add(self, wb: Workbook, code: str, i: int, key: str | None, column: str = "", **kw) -> None:
        col = self.t.cols.get(key) if key else None
        wb.findings.append(F.make(code, wb.file, self.t.sheet, col=col, row=self.t.rows[i],
                                  column=column, **kw))


def _date(value) -> dt.date | None:
    return value.date() if isinstance(value, pd.Timestamp) else value


def check_workbook(wb: Workbook, bounds) -> None:
    t = {key: _View(wb.tables.get(key)) for key in (
        "data_ppks", "kegiatan", "pemasukan", "pengeluaran", "data_donatur", "data_jejaring",
        "notulensi_rapat", "daftar_hadir")}
    _needed_columns(wb)
    dup_rows = _ppks_rules(wb, t["data_ppks"])
    _duplicate_rows(wb, dup_rows)
    _references(wb, t)
    _meetings(wb, t["notulensi_rapat"], t["daftar_hadir"])
    _balance(wb, t["pemasukan"], t["pengeluaran"])


def _needed_columns(wb: Workbook) -> None:
    """A column required by what other cells say (Nama Donatur/Pihak when Sumber Dana is Donatur)
    is a required column of a sheet holding such rows: its absence is column-missing. A title
    that likely meant it is said there, not also as a column unknown."""
    for key, table in wb.tables.items():
        spec = TABLE_BY_KEY[key]
        for col in spec.columns:
            if not col.required_when or col.key in table.cols:
                continue
            other, value = col.required_when
            rows = [table.rows[i] for i, v in enumerate(table.values.get(other, ())) if v == value]
            if not rows:
                continue
            typed = table.meant.get(col.key)
            if typed:
                wb.findings[:] = [f for f in wb.findings if not (
                    f.code == "column-unknown" and f.sheet == table.sheet and f.column == typed)]
            why = (f"Kolom ini wajib diisi bila {spec.column(other).label} berisi {value}, seperti di baris "
                   f"{F.listed([str(r) for r in rows])}. ")
            wb.findings.append(F.make("column-missing", wb.file, table.sheet, column=col.label, saran=why + (
                f"Kolom berjudul '{typed}' tampaknya kolom ini: ubah judulnya menjadi '{col.label}', persis "
                "seperti pada templat." if typed else
                f"Tambahkan kolom berjudul '{col.label}' di baris judul, persis seperti pada templat.")))


def _nik_disagrees(nik: str, born, sex) -> str:
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    reasons = []
    if born is not None and (day - 40 * female, month, yy) != (born.day, born.month, born.year % 100):
        reasons.append(f"Tanggal Lahir {fmt_date(born)}")
    if sex is not None and female != (sex == "P"):
        reasons.append(f"Jenis Kelamin {sex}")
    return " dan ".join(reasons)


def _ppks_rules(wb: Workbook, p: _View) -> set[int]:
    """nik-missing, nik-birthdate, duplicate-record; returns rows already reported as duplicates."""
    if not p:
        return set()
    first: dict[tuple, int] = {}
    dups = set()
    for i in range(len(p)):
        nik = p.get("nik", i)
        if nik is None:
            if "nik" in p.t.cols and (i, "nik") not in p.t.bad:
                p.add(wb, "nik-missing", i, "nik", "NIK")
            elif p.lacks("nik"):   # no NIK column: no row has one (a renamed one is said as such)
                p.add(wb, "nik-missing", i, None, "NIK", saran=" Lembar ini tidak punya kolom NIK: tambahkan "
                      "kolom berjudul 'NIK', persis seperti pada templat.")
            continue
        born = _date(p.get("tanggal_lahir", i))
        reason = _nik_disagrees(nik, born, p.get("jenis_kelamin", i))
        if reason:
            p.add(wb, "nik-birthdate", i, "nik", "NIK", value=mask_nik(nik), sebab=reason)
        jenis = p.get("jenis_ppks", i)
        if jenis is None:
            continue
        if (nik, jenis) in first:
            p.add(wb, "duplicate-record", i, "nik", "NIK", value=mask_nik(nik), jenis=jenis,
                  baris_awal=p.t.rows[first[(nik, jenis)]])
            dups.add(i)
        else:
            first[(nik, jenis)] = i
    return dups


def _duplicate_rows(wb: Workbook, ppks_dups: set[int]) -> None:
    """Records the same as read ("usaha wksbm" is Usaha WKSBM, the text "325000" is 325000);
    a record with a value in error is compared as typed."""
    for key, table in wb.tables.items():
        seen: dict[tuple, int] = {}
        bad_rows = {i for i, _ in table.bad}
        # every empty cell alike (an empty number reads as NaN), built column by column
        typed = list(zip(*[[None if v != v else v for v in column] for column in table.values.values()]))
        for i, raw in enumerate(table.signatures):
            sig = (True, raw) if i in bad_rows or not typed else (False, typed[i])
            if sig in seen:
                if not (key == "data_ppks" and i in ppks_dups):
                    wb.findings.append(F.make("duplicate-row", wb.file, table.sheet, row=table.rows[i],
                                              baris_awal=table.rows[seen[sig]]))
            else:
                seen[sig] = i


def _names(view: _View, key: str) -> set[str]:
    return {norm(view.get(key, i)) for i in range(len(view)) if view.get(key, i) is not None}


def _references(wb: Workbook, t: dict[str, _View]) -> None:
    keg, ppks = t["kegiatan"], t["data_ppks"]
    if keg and ppks and (ppks.read_whole("nik") or ppks.lacks("nik")):
        known = {ppks.get("nik", i) for i in range(len(ppks))}
        # without the column, the person is there already: the column is what to add
        said = {"saran": "Lembar Data PPKS tidak punya kolom NIK: tambahkan kolom berjudul 'NIK' di sana dan isi "
                         "NIK setiap orang."} if ppks.lacks("nik") else {}
        for i in range(len(keg)):
            nik = keg.get("nik_penerima", i)
            if nik is not None and nik not in known:
                keg.add(wb, "ref-ppks-missing", i, "nik_penerima", "NIK Penerima", value=mask_nik(nik), **said)
    masuk, donatur = t["pemasukan"], t["data_donatur"]
    if masuk and donatur and donatur.read_whole("nama_donatur"):
        known = _names(donatur, "nama_donatur")
        for i in range(len(masuk)):
            name = masuk.get("nama_donatur", i)
            if masuk.get("sumber_dana", i) == "Donatur" and name is not None and norm(name) not in known:
                masuk.add(wb, "ref-donor-missing", i, "nama_donatur", "Nama Donatur/Pihak", value=name)
    jejaring = t["data_jejaring"]
    if keg and jejaring and jejaring.read_whole("nama_lembaga"):
        known = _names(jejaring, "nama_lembaga")
        for i in range(len(keg)):
            name = keg.get("mitra", i)
            if name is not None and norm(name) not in known:
                keg.add(wb, "ref-partner-missing", i, "mitra", "Mitra", value=name)


def _meetings(wb: Workbook, notulen: _View, hadir: _View) -> None:
    if not notulen or not hadir or not notulen.read_whole("tanggal_rapat"):
        return
    meetings: dict = defaultdict(list)
    for i in range(len(notulen)):
        day = notulen.get("tanggal_rapat", i)
        if day is not None:
            meetings[_date(day)].append(i)
    held = sorted(meetings)
    ada = (" (di sana tercatat rapat tanggal " + F.listed([fmt_date(d) for d in held]) + ")" if held
           else " (lembar itu belum berisi rapat)")
    counted: Counter = Counter()
    stray = 0   # attendance rows dated on no meeting: they may belong to any meeting short of names
    for i in range(len(hadir)):
        day = _date(hadir.get("tanggal_rapat", i))
        if day is None:
            continue
        counted[day] += 1
        if day not in meetings:
            hadir.add(wb, "ref-meeting-missing", i, "tanggal_rapat", "Tanggal Rapat", value=fmt_date(day), ada=ada)
            stray += 1
    if not hadir.read_whole("tanggal_rapat"):
        return
    for day, rows in sorted(meetings.items()):
        hadir_counts = [notulen.get("jumlah_hadir", i) for i in rows]
        if any(v is None for v in hadir_counts):
            continue
        total = int(sum(hadir_counts))
        if 0 < total - counted[day] <= stray:   # the stray rows may be this meeting's: one mistake, one finding
            stray -= total - counted[day]
            continue
        if total != counted[day]:
            notulen.add(wb, "attendance-mismatch", rows[0], "jumlah_hadir", "Jumlah Hadir",
                        value=str(total), hitung=counted[day], tanggal=fmt_date(day))


def _cash_moves(view: _View, sign: int) -> tuple[list[tuple], list]:
    """(date, order, amount, index) of every Uang row; and the dates of the rows whose move is
    not known (a Bentuk, an amount or a date in error; None where the date is not known either).
    A Barang row moves no cash, whatever else in it is wrong."""
    moves, unknown = [], []
    if not {"bentuk", "jumlah", "tanggal"} <= view.t.cols.keys():
        return moves, [None]   # a column renamed away: no row's move is known
    for i in range(len(view)):
        bentuk = view.get("bentuk", i)
        if bentuk is None and (i, "bentuk") not in view.t.bad or bentuk not in (None, "Uang"):
            continue
        amount, day = view.get("jumlah", i), _date(view.get("tanggal", i))
        if bentuk is None or amount is None or day is None or 0 < amount < SMALL_AMOUNT:
            # an amount under Rp 1.000 is likely "112.000" read as 112 (amount-small): not known either
            unknown.append(day)
        else:
            moves.append((day, sign, sign * amount, i))
    return moves, unknown


def _balance(wb: Workbook, masuk: _View, keluar: _View) -> None:
    """The first expense after which the cash is below zero. A row not read (`_cash_moves`) on
    or before that day could change that, so then nothing is said; one after it cannot."""
    saldo = wb.identity.get("saldo_awal")
    if saldo is None or not keluar or not masuk or 0 < saldo < SMALL_AMOUNT:   # not known (amount-small)
        return
    ins, unknown = _cash_moves(masuk, +1)
    outs, unread = _cash_moves(keluar, -1)
    unknown += unread
    if None in unknown:
        return
    balance = float(saldo)
    # Same day: income first, then expenses in sheet order.
    for day, sign, amount, i in sorted(ins + outs, key=lambda m: (m[0], -m[1], m[3])):
        balance += amount
        if balance < 0 and sign < 0:
            if not any(other <= day for other in unknown):
                keluar.add(wb, "balance-negative", i, "jumlah", "Jumlah (Rp)", value=fmt_rp(-amount),
                           kurang=fmt_rp(-balance))
            return
