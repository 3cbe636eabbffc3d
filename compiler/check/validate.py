"""Validate many read workbooks at once: one pandera call per sheet over all their rows.

A pandera call has a fixed cost of 10-20 ms, so the rows of every workbook in a batch are
validated together, with `_wb` and `_row` columns to map each failure back to its cell.
Failures are collected lazily as data and turned into findings here: pandera objects
never leave this module. Cells already in error (an unreadable date) stay silent.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pandas as pd
import pandera.pandas as pa

from compiler.model import findings as F
from compiler.model.period import bounds as quarter_bounds
from compiler.check import rules
from compiler.read.reader import Workbook, display_value, message_fields
from compiler.read.renamed import likely
from compiler.read.values import closest, fmt_date, fmt_rp, long_date, nik_problem, without_region_word
from schemas.frames import CHECKS, FIRST_YEAR, RuleCheck, dtype_of, schema
from schemas.reference import KAPANEWON_OF
from schemas.standard import DATE, IDENTITAS, NIK, RP, TABLES, Column, Sheet, norm

def _quarter_start(wb: Workbook) -> dt.date | None:
    """The first day of the quarter an Identitas gives, before it is validated (None if unsure)."""
    tahun = wb.identity.get("tahun")
    try:
        if tahun is None or not FIRST_YEAR <= float(tahun) <= _today().year + 1:
            return None        # a Tahun in error is that one finding, not also a Tanggal Laporan's
        return (quarter_bounds(tahun, wb.identity.get("triwulan")) or (None,))[0]
    except (ValueError, OverflowError, TypeError):
        return None


def _column(values: list, col: Column) -> pd.Series:
    kind = dtype_of(col)
    if kind == "datetime":
        return pd.to_datetime(pd.Series(values, dtype=object))
    if kind == "float":
        return pd.Series(values, dtype="float64")
    return pd.Series(values, dtype=object)


def _failures(sheet_key: str, frame: pd.DataFrame, today: dt.date) -> list[tuple[int, str, RuleCheck, object]]:
    """(frame index, column key, the check's rule, failing value) for every failed cell."""
    try:
        schema(sheet_key, today).validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    out, seen = [], set()
    for ctx, column, check, value, index in cases[["schema_context", "column", "check", "failure_case",
                                                   "index"]].itertuples(index=False):
        if index is None or pd.isna(index):
            continue
        rule = CHECKS[str(check)]
        if ctx == "DataFrameSchema":
            key = rule.column or str(column)
            item = (int(index), key, rule)
            if item in seen:
                continue
            seen.add(item)
            out.append((int(index), key, rule, frame.at[int(index), key]))
        else:
            out.append((int(index), str(column), rule, value))
    return out


def _shown(value, col: Column) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if col.kind == DATE:
        return fmt_date(pd.Timestamp(value).date())
    if col.kind == RP:
        return fmt_rp(float(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return display_value(value, col, None) if col.kind == NIK else str(value)


def swapped(value, start: dt.date | None, end: dt.date | None) -> dt.date | None:
    """The date with day and month swapped, when that falls in [start, end] (end None: no end):
    what a computer reading month first made of "03/08/2026" (8 March for 3 August)."""
    day = _day(value)
    if day is None or start is None or day.day > 12 or day.day == day.month:
        return None
    try:
        meant = dt.date(day.year, day.day, day.month)
    except ValueError:
        return None
    return meant if start <= meant and (end is None or meant <= end) else None


def _swapped_fields(value, meant: dt.date, sebab: str) -> dict:
    return {"dibaca": long_date(_day(value)), "maksud": long_date(meant), "contoh": meant.isoformat(),
            "sebab": sebab}


_COMMA_DASH = ("angka rupiah tidak boleh negatif. Tanda ,- di belakang angka (misalnya Rp 885.000,-) dibaca "
               "komputer sebagai tanda minus: ketik angkanya saja, tanpa ,- dan tanpa minus, yaitu {contoh}.")


def _range_reason(part: str, col: Column, value=None) -> str:
    if part == "tanggal_sk":
        return "Tanggal SK Pengesahan tidak boleh sesudah Tanggal Laporan. Periksa kedua tanggal itu."
    if part == "tanggal_laporan":
        return "laporan dibuat sebelum triwulan yang dilaporkan dimulai. Periksa tanggal dan tahunnya."
    if part == "future":
        return "tanggal ini belum terjadi. Periksa tanggal, bulan dan tahunnya."
    if part == "maximum":
        limit = fmt_rp(col.maximum) if col.kind == RP else f"{col.maximum:,.0f}".replace(",", ".")
        return (f"lebih dari {limit}. Periksa angkanya: mungkin ada nol yang berlebih, "
                "atau isi sel lain yang tertempel di sini.")
    if part == "before-1900":
        return "tanggal sebelum tahun 1900. Periksa tahunnya (empat angka)."
    if col.kind == RP and isinstance(value, (int, float)) and value < 0:   # "Rp 885.000,-" read as -885000
        return _COMMA_DASH.format(contoh=f"{-value:.0f}")
    if col.positive:
        return "harus lebih dari 0. Isi jumlah yang benar."
    if col.minimum == 1:
        return "paling sedikit 1. Isi jumlah yang benar."
    return "tidak boleh negatif. Isi angka 0 atau lebih."


def _message(code: str, part: str, col: Column, bounds, value=None) -> dict:
    fields = message_fields(code, col)
    if code == "nik-format":
        fields["sebab"] = nik_problem(str(value))
    elif code == "region-unknown" and (near := closest(without_region_word(str(value)), col.allowed)):
        fields["contoh"] = f"mungkin maksudnya {near}"
    elif code == "value-not-allowed" and col.allowed and (near := likely(str(value), list(col.allowed))):
        fields["pilihan"] = f"Mungkin maksudnya {near}. " + fields.get("pilihan", "")
    elif code == "value-range":
        fields["sebab"] = _range_reason(part, col, value)
    elif code == "date-outside-period" and bounds:
        start, end = bounds
        fields["sebab"] = (f"sesudah akhir triwulan yang dilaporkan ({fmt_date(end)})." if col.not_after_period
                           else f"di luar triwulan yang dilaporkan ({fmt_date(start)} s.d. {fmt_date(end)})"
                           + _quarter_of(value))
        if _day(value) and _day(value) < start and not col.not_after_period:   # else the rule's own advice
            fields["saran"] = ("Bila baris ini sudah dilaporkan di triwulan itu, hapus barisnya; bila tanggalnya "
                               "salah, perbaiki tanggalnya.")
    elif code == "required-missing" and col.required_when:
        fields["syarat"] = f" bila {col.required_when[0].replace('_', ' ').title()} berisi {col.required_when[1]}"
    if code in ("identity-missing", "required-missing") and col.example not in ("", None):
        fields["contoh"] = f", misalnya {col.example}"
    if code == "identity-missing":
        fields.update(sebab="belum diisi", saran=f"Isi {col.label} di kolom B lembar Identitas{fields.get('contoh', '')}.")
    elif code == "required-missing":
        fields["saran"] = f"Lengkapi isinya{fields.get('contoh', '')}."
    return fields


_ROMAN = ("I", "II", "III", "IV")


def _day(value) -> dt.date | None:
    day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
    return day if isinstance(day, dt.date) else None


def _quarter_of(value) -> str:
    """Which quarter a date outside the reported one is in: a row left from the last quarter's
    workbook, copied for this one, may just go."""
    day = _day(value)
    return f", yaitu di Triwulan {_ROMAN[(day.month - 1) // 3]} {day.year}." if day else "."


def _identity_frame(wbs: list[Workbook]) -> None:
    """Check every workbook's Identitas in one call, then the region pairing."""
    data = {c.key: _column([wb.identity.get(c.key) for wb in wbs], c) for c in IDENTITAS.columns}
    frame = pd.DataFrame(data)
    frame["_pstart"] = pd.to_datetime(pd.Series([_quarter_start(wb) for wb in wbs], dtype=object))
    no_sheet = {i for i, wb in enumerate(wbs) if any(f.code == "sheet-missing" and f.sheet == IDENTITAS.name
                                                    for f in wb.findings)}
    for i, key, rule, value in _failures(IDENTITAS.key, frame, _today()):
        wb, col = wbs[i], IDENTITAS.column(key)
        if key in wb.identity_bad or i in no_sheet:   # no Identitas sheet: that one finding says it all
            continue
        code = "identity-missing" if rule.code == "required-missing" else rule.code
        row, c = wb.identity_cells.get(key, (None, None))
        fields = _message(code, rule.part, col, None, value)
        if rule.part == "tanggal_laporan" and (meant := swapped(value, _quarter_start(wb), _today())):
            code = "date-swapped"
            fields = _swapped_fields(value, meant, "sebelum triwulan yang dilaporkan dimulai")
        if code == "region-unknown" and key == "kapanewon" and (kal := wb.identity.get("kalurahan")) in KAPANEWON_OF:
            fields["contoh"] = f"mungkin maksudnya {KAPANEWON_OF[kal]} (Kapanewon tempat Kalurahan {kal})"
        if code == "identity-missing" and row is None and key in wb.identity_meant:
            row, typed = wb.identity_meant[key]
            c = 0   # the label to change, in column A
            fields.update(sebab=f"tidak terbaca: labelnya di sel A{row} tertulis '{typed}'",
                          saran=f"Ubah label itu menjadi '{col.label}', persis seperti pada templat.")
        elif code == "identity-missing" and row is None:
            fields.update(sebab=f"tidak terbaca: label '{col.label}' tidak ditemukan di kolom A",
                          saran=f"Bila labelnya tertulis lain, ubah menjadi '{col.label}', persis seperti pada "
                                f"templat; bila barisnya terhapus, tambahkan '{col.label}' di kolom A dan isinya "
                                f"di kolom B{fields.get('contoh', '')}.")
        wb.findings.append(F.make(code, wb.file, wb.identity_sheet, col=c, row=row,
                                  column=col.label, value=_shown(value, col), **fields))
        wb.identity_bad.add(key)
        wb.identity[key] = None


def warm() -> None:
    """Build every schema now (before worker processes fork from this one)."""
    for sheet in (IDENTITAS,) + TABLES:
        schema(sheet.key, _today())


def _today() -> dt.date:
    return dt.date.today()


def validate_workbooks(wbs: list[Workbook], today: dt.date | None = None) -> None:
    """Add every schema and cross-sheet finding to the workbooks, in place."""
    today = today or _today()
    wbs = [wb for wb in wbs if wb.readable]
    if not wbs:
        return
    _identity_frame(wbs)
    bounds = []
    for wb in wbs:
        rules.check_region(wb)
        bounds.append(quarter_bounds(wb.identity.get("tahun"), wb.identity.get("triwulan")))
    for sheet in TABLES:
        _table_frame(sheet, wbs, bounds, today)
    for wb, b in zip(wbs, bounds):
        rules.check_workbook(wb, b)
        _one_finding_per_cell(wb)
        _merged_once(wb)


def _merged_once(wb: Workbook) -> None:
    """A mistake in a merged cell is said once, at the cell the person sees: not again at each
    row a copied value covers, and a hidden cell's own finding is moved to the merged cell."""
    copies = {(t.sheet, r, c + 1): origin for t in wb.tables.values() for (r, c), origin in t.copies.items()}
    hidden = {(t.sheet, r, c + 1): origin for t in wb.tables.values() for (r, c), origin in t.covered.items()}
    if not copies and not hidden:
        return

    def origin(f):
        key = (f.sheet, f.row, F.col_index(f.cell))
        return (f.sheet, copies[key], key[2], f.code) if f.cell and key in copies else None

    said = {(f.sheet, f.row, F.col_index(f.cell), f.code) for f in wb.findings if f.cell}
    wrong = {(f.sheet, f.row, F.col_index(f.cell)) for f in wb.findings if f.cell and f.is_error}
    out, moved = [], set()
    for f in wb.findings:
        key = (f.sheet, f.row, F.col_index(f.cell)) if f.cell else None
        if key in hidden:
            row = hidden[key]
            if (f.sheet, row, key[2], f.code) in moved or (f.sheet, row, key[2]) in wrong:
                continue   # said already there (or that cell is wrong itself: one finding a cell)
            moved.add((f.sheet, row, key[2], f.code))
            f = dataclasses.replace(f, row=row, cell=f"{F.col_letter(key[2] - 1)}{row}")
        elif origin(f) in said:
            continue
        out.append(f)
    wb.findings = out


def _one_finding_per_cell(wb: Workbook) -> None:
    """A cell in error needs no warning besides (a text date before 1900 is just wrong)."""
    wrong = {(f.sheet, f.cell) for f in wb.findings if f.cell and f.is_error}
    if wrong:
        wb.findings = [f for f in wb.findings if f.is_error or (f.sheet, f.cell) not in wrong]


_TOTAL_ROW = re.compile(r"(?:jumlah|total|sub ?total|grand total|saldo)(?: (?:total|seluruhnya|keseluruhan|akhir|awal|"
                        r"pemasukan|pengeluaran|dana|uang|kas))?(?: \(?rp\)?)?\s*:?")


def _total_row(raws: tuple) -> bool:
    """A row a volunteer added to sum the book ("JUMLAH" and an amount)."""
    return any(isinstance(v, str) and _TOTAL_ROW.fullmatch(norm(v)) for v in raws)


def _total_rows(failures, wbs, owners, index, sheet_key: str) -> dict[int, str]:
    """Frame row -> the leftmost column of its required-missing failures, for the rows that sum
    the book ("JUMLAH" and an amount): one mistake, one finding."""
    first: dict[int, tuple[int, str]] = {}
    for k, key, rule, _ in failures:
        if rule.code == "required-missing":
            table = wbs[owners[k]].tables[sheet_key]
            if _total_row(table.signatures[index[k]]):
                first[k] = min(first.get(k, (table.cols[key], key)), (table.cols[key], key))
    return {k: key for k, (_, key) in first.items()}


def _table_frame(sheet: Sheet, wbs: list[Workbook], bounds: list, today: dt.date) -> None:
    owners, index, rows = [], [], []
    values = {c.key: [] for c in sheet.columns}
    for w, wb in enumerate(wbs):
        table = wb.tables.get(sheet.key)
        if table is None or not table.rows:
            continue
        n = len(table.rows)
        owners += [w] * n
        index += range(n)
        rows += table.rows
        for c in sheet.columns:
            values[c.key] += table.values.get(c.key, [None] * n)
    if not owners:
        return
    frame = pd.DataFrame({c.key: _column(values[c.key], c) for c in sheet.columns})
    start = [bounds[w][0] if bounds[w] else None for w in owners]
    end = [bounds[w][1] if bounds[w] else None for w in owners]
    frame["_pstart"] = pd.to_datetime(pd.Series(start, dtype=object))
    frame["_pend"] = pd.to_datetime(pd.Series(end, dtype=object))
    failures = [(k, key, rule, value) for k, key, rule, value in _failures(sheet.key, frame, today)
                if (index[k], key) not in (t := wbs[owners[k]].tables[sheet.key]).bad and key in t.cols]
    totals = _total_rows(failures, wbs, owners, index, sheet.key)
    for k, key, rule, value in failures:
        wb, i = wbs[owners[k]], index[k]
        table = wb.tables[sheet.key]
        if (i, key) in table.bad:   # a second check failing on a cell already said
            continue
        if k in totals and rule.code == "required-missing" and totals[k] != key:
            continue   # a total row: its first empty cell says delete the row; the others, nothing more
        code, col = rule.code, sheet.column(key)
        fields = _message(code, rule.part, col, bounds[owners[k]], value)
        if code == "date-outside-period" and col.period_bound and bounds[owners[k]] \
                and (meant := swapped(value, *bounds[owners[k]])):
            code = "date-swapped"
            start, end = bounds[owners[k]]
            fields = _swapped_fields(value, meant, f"di luar triwulan yang dilaporkan ({fmt_date(start)} s.d. "
                                                   f"{fmt_date(end)})")
            at = f"{F.col_letter(table.cols[key])}{table.rows[i]}"
            if any(f.code == "date-as-text" and f.sheet == table.sheet and f.cell == at for f in wb.findings):
                fields["karena"] = "karena tanggalnya ditulis bulan dulu"   # typed as text, month first
        if code == "required-missing" and (table.rows[i], table.cols[key]) in table.covered:
            # said on the merged cell the person sees (`_merged_once`), about the rows it covers
            fields["saran"] += (" Sel ini digabung (Merge & Center) dengan baris di bawahnya, sehingga baris itu "
                                "tidak berisi angka: pisahkan gabungannya dan isi setiap baris dengan angkanya sendiri.")
        elif code == "required-missing" and k in totals:
            fields["saran"] = "Baris ini tampaknya baris jumlah: hapus barisnya, karena Dinas menjumlahkan sendiri."
        wb.findings.append(F.make(code, wb.file, table.sheet, col=table.cols[key], row=table.rows[i],
                                  column=col.label, value=_shown(value, col), **fields))
        table.bad.add((i, key))
        table.values[key][i] = None
