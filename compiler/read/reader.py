"""Read one workbook into typed columns, keeping every value's Excel row and column.

python-calamine does the reading (several times faster than openpyxl). Every cell is parsed
explicitly by its declared kind (`compiler.read.values`), so that a failure is one finding for
one cell and the rest of the column keeps its type. The result is small and picklable.
"""
from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter

from compiler.model import findings as F
from compiler.model.findings import col_letter
from compiler.read.header import find_header, header_line, labels_of, map_columns
from compiler.read.records import error_cells, fill_merged, records
from compiler.read.extra import book_on
from compiler.read.renamed import EXPECTED, likely, match_sheets
from compiler.read.shifted import TYPED, shifted_blocks
from compiler.read.values import as_text, is_empty, mask_nik, nik_as_number_text, parse_cell, says_none
from schemas.standard import (CHECKLIST, DATE, ENUM, IDENTITAS, INT, NIK, PHONE, RP, TEXT, TABLES, Column, Sheet,
                              enum_lookup, label_key, norm)

SHARED_KINDS = (DATE, TEXT, ENUM, PHONE, NIK)   # what a cell merged over several records gives each of them

_ALLOWED = {(s.key, c.key): frozenset(c.allowed) | {None} for s in TABLES for c in s.columns if c.kind == ENUM}
_LOOKUPS = {(s.key, c.key): enum_lookup(c) for s in (IDENTITAS,) + TABLES for c in s.columns if c.kind == ENUM}
_IDENTITY_LABELS = labels_of(IDENTITAS.columns)
_CHECKLIST_LABELS = {label_key(label): label for label in CHECKLIST}
# In Identitas, a Tahun that is not a whole number is period-invalid (STANDARD 2).
_IDENTITY_CODES = {"tahun": "period-invalid"}


@dataclass
class Table:
    """The records of one table sheet, column-wise."""

    sheet: str                       # the sheet's name as the workbook spells it
    cols: dict[str, int]             # column key -> 0-based column index
    rows: list[int] = field(default_factory=list)          # Excel row of each record
    values: dict[str, list] = field(default_factory=dict)  # column key -> typed values
    bad: set = field(default_factory=set)                  # (record index, key): already a finding
    signatures: list[tuple] = field(default_factory=list)  # each record's raw cells, for duplicate-row
    copies: dict = field(default_factory=dict)  # (row, col) -> row of the merged cell its value is from
    covered: dict = field(default_factory=dict)  # (row, col) hidden under a merged amount, count or NIK -> its row
    meant: dict = field(default_factory=dict)    # key of a column not there -> the title that likely meant it


@dataclass
class Workbook:
    file: str
    findings: list = field(default_factory=list)
    identity: dict = field(default_factory=dict)        # key -> typed value (None when empty/bad)
    identity_cells: dict = field(default_factory=dict)  # key -> (row, col), Excel row, 0-based col
    identity_bad: set = field(default_factory=set)
    identity_sheet: str = IDENTITAS.name
    identity_meant: dict = field(default_factory=dict)  # key of a label not found -> (row, the label typed for it)
    checklist: dict = field(default_factory=dict)       # label -> "Ya"/"Tidak"/None
    tables: dict = field(default_factory=dict)          # sheet key -> Table
    readable: bool = True


def nothing(col: Column):
    """The test for an empty cell of a column: words for "none" ("tidak ada") count where they
    cannot be the value itself; in a required text, or a choice, they are what was typed."""
    lenient = col.kind in (DATE, RP, INT, NIK, PHONE) or (col.kind == TEXT and not col.required
                                                           and not col.required_when)
    return says_none if lenient else is_empty


def display_value(raw: object, col: Column, code: str | None) -> str:
    """The value found, as text for the findings list; a NIK is masked (STANDARD 4)."""
    if col.kind == NIK:
        return mask_nik(nik_as_number_text(raw) if code == "nik-as-number" else as_text(raw))
    return as_text(raw)


class _Sink:
    """Collects findings of one workbook with the file name filled in."""

    def __init__(self, wb: Workbook):
        self.wb = wb

    def __call__(self, code, sheet="", **kw):
        self.wb.findings.append(F.make(code, self.wb.file, sheet, **kw))


def read_workbook(data: bytes, file: str, error_values=None, last_rows=None, merges=None) -> Workbook:
    """Parse a workbook's bytes (already screened) into a `Workbook`. `error_values` maps
    (sheet, "D7") to an Excel error value: calamine reads those cells as empty strings.
    `last_rows` (sheet -> last row with a value) lets trailing styled-but-empty rows cost nothing.
    `merges` (sheet -> (first row, column, last row) merged down a column) as the screen found them."""
    import python_calamine

    wb = Workbook(file)
    add = _Sink(wb)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = book.sheets_metadata
    except Exception:  # calamine raises several error types; all mean the same to a volunteer
        wb.findings.append(F.file_problem("file-unreadable", file, _UNREADABLE))
        wb.readable = False
        return wb
    found = match_sheets(metas, last_rows, add)
    names = {meta.name for meta in metas}
    _extra_data(wb, book, last_rows, names)
    errors: dict[str, dict[str, str]] = {}
    for (sheet_name, ref), text in (error_values or {}).items():
        errors.setdefault(sheet_name, {})[ref] = text or "#ERROR"
    for key, spec in EXPECTED.items():
        if key not in found:
            continue
        name = found[key]
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if (last := _of_sheet(last_rows, name, names)) is not None:
                del rows[last:]
        except Exception:
            wb.findings.append(F.file_problem("file-unreadable", file, _UNREADABLE))
            wb.readable = False
            return wb
        errs = _of_sheet(errors, name, names) or {}
        if spec is IDENTITAS:
            _read_identity(wb, add, name, rows, errs)
        else:
            table = _read_table(add, spec, name, rows, errs, _of_sheet(merges, name, names) or ())
            if table is not None:
                wb.tables[spec.key] = table
    return wb


def _extra_data(wb: Workbook, book, last_rows, names: set[str]) -> None:
    """An extra sheet holding a standard book's records is `sheet-extra-data`, not `sheet-unknown`
    (`compiler.read.extra`); a sheet named like a standard one is said as such already."""
    for k, f in enumerate(wb.findings):
        if f.code != "sheet-unknown" or norm(f.sheet) in EXPECTED or f.sheet not in names:
            continue
        try:
            rows = book.get_sheet_by_name(f.sheet).to_python(skip_empty_area=False)
        except Exception:   # a sheet that cannot be read stays unknown: it is not read anyway
            continue
        if (last := _of_sheet(last_rows, f.sheet, names)) is not None:
            del rows[last:]
        found = book_on(rows)
        if found is not None:
            spec, n, first, end = found
            wb.findings[k] = F.make("sheet-extra-data", wb.file, f.sheet, jumlah=n, baku=spec.name,
                                    baris=f"baris {first}" if first == end else f"baris {first} s.d. {end}")


def _of_sheet(by_sheet: dict | None, name: str, names: set[str]):
    """What the screen found of the sheet read: by its exact name, which tells apart a second
    sheet named alike ("Pemasukan "); else, should the screen spell it otherwise than the
    reader (`names`), by its name as matched (case and spaces aside), never another sheet's."""
    if not by_sheet:
        return None
    if name in by_sheet:
        return by_sheet[name]
    return next((v for k, v in by_sheet.items() if k not in names and norm(k) == norm(name)), None)


# The reader's own words on a file it refuses (English, about XML) are not the volunteer's to
# act on, and the findings list is read by people only.
_UNREADABLE = "Berkas rusak atau bukan buku kerja Excel .xlsx yang dapat dibaca."


def _parse(add, sheet: str, spec_key: str, col: Column, raw, row: int, c: int, errs, codes=None, memo=None):
    """Typed value of one cell, adding its finding; returns (value, ok). A clean value is
    remembered in `memo` (see `_memo`)."""
    if errs and f"{col_letter(c)}{row}" in errs:
        add("formula-error", sheet, col=c, row=row, column=col.label, value=errs[f"{col_letter(c)}{row}"])
        return None, False
    value, code, extra = parse_cell(raw, col, _LOOKUPS.get((spec_key, col.key)))
    if code is None:
        if memo is not None and raw and (type(raw) is not str or len(raw) <= _MEMO_TEXT):
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            memo[raw if type(raw) is str else (type(raw), raw)] = value
        return value, True
    if codes and col.key in codes and code in ("type-integer", "type-number"):
        code = codes[col.key]
    shown = display_value(raw, col, code)
    add(code, sheet, col=c, row=row, column=col.label, value=shown, **message_fields(code, col, extra))
    ok = F.RULES[code].severity == "warning"
    return (value if ok else None), ok


def message_fields(code: str, col: Column, extra=None) -> dict:
    """Rule-specific message fields that depend on the column."""
    fields = dict(extra or {})
    if code == "value-not-allowed" and col.kind == PHONE:
        fields["bukan"] = "bukan nomor HP yang benar untuk"
        fields["pilihan"] = "Ketik nomor HP dengan angka saja, boleh diawali 0 atau +62, misalnya 081234567890."
    elif code == "value-not-allowed":
        fields["bukan"] = "tidak termasuk pilihan"
        fields["pilihan"] = allowed_text(col)
    elif code == "period-invalid":
        fields["saran"] = period_hint(col)
    elif code == "region-unknown":
        fields["contoh"] = f"yang memuat semua nama {col.label} di Bantul"   # no name to copy blindly
    return fields


def allowed_text(col: Column) -> str:
    if len(col.allowed) <= 8:
        return "Pilih salah satu: " + ", ".join(col.allowed) + "."
    return "Pilih salah satu dari daftar pilihan di kolom ini (daftar lengkapnya ada di lembar Petunjuk)."


def period_hint(col: Column) -> str:
    if col.key == "tahun":
        return "Isi Tahun dengan angka tahun laporan (paling awal 2019, paling akhir tahun depan), misalnya 2026."
    return "Isi Triwulan dengan I, II, III atau IV."


def _cell(rows, r: int, c: int):
    if r < len(rows) and c < len(rows[r]):
        return rows[r][c]
    return None


# Checklist answers whose meaning is certain: Ya / Tidak, and how people also write them.
_ANSWERS = {**dict.fromkeys(("ya", "y", "ada", "sudah", "sudah ada", "true", "\u221a", "\u2713", "\u2714", "v"), "Ya"),
            **dict.fromkeys(("tidak", "tdk", "t", "tidak ada", "tdk ada", "belum", "belum ada", "blm", "blm ada",
                             "tidak punya", "belum punya", "nihil", "kosong", "false"), "Tidak")}


def _read_identity(wb: Workbook, add, sheet: str, rows, errs) -> None:
    wb.identity_sheet = sheet
    seen: set[str] = set()
    others: list[tuple[int, str]] = []   # labels of no field, with something beside them
    for r, line in enumerate(rows):
        if not line or is_empty(line[0]):
            continue
        label = label_key(as_text(line[0]))
        raw = _cell(rows, r, 1)
        if label not in _IDENTITY_LABELS and label not in _CHECKLIST_LABELS and not is_empty(raw):
            others.append((r + 1, " ".join(as_text(line[0]).split())))
        if label in _IDENTITY_LABELS and label not in seen:
            seen.add(label)
            col = _IDENTITY_LABELS[label]
            wb.identity_cells[col.key] = (r + 1, 1)
            if nothing(col)(raw) and f"B{r + 1}" not in errs:
                wb.identity[col.key] = None
                continue
            value, ok = _parse(add, sheet, IDENTITAS.key, col, raw, r + 1, 1, errs, _IDENTITY_CODES)
            wb.identity[col.key] = value
            if not ok:
                wb.identity_bad.add(col.key)
        elif label in _CHECKLIST_LABELS and _CHECKLIST_LABELS[label] not in wb.checklist:
            item = _CHECKLIST_LABELS[label]
            answer = _ANSWERS.get(norm(as_text(raw)))
            wb.checklist[item] = answer
            if answer is None:
                typed = as_text(raw)
                add("checklist-missing", sheet, col=1, row=r + 1, column=item, value=typed,
                    sebab=f"dijawab '{typed}', yang tidak dikenali" if not is_empty(raw) else "belum dijawab")
    for col in IDENTITAS.columns:
        if col.key not in wb.identity_cells:
            wb.identity[col.key] = None
    absent = {c.label: c.key for c in IDENTITAS.columns if c.key not in wb.identity_cells}
    meant = [(r, text, likely(text, list(absent))) for r, text in others]
    count = Counter(near for _, _, near in meant)
    wb.identity_meant = {absent[near]: (r, text) for r, text, near in meant if near and count[near] == 1}
    for item in CHECKLIST:
        if item not in wb.checklist:
            wb.checklist[item] = None
            add("checklist-missing", sheet, column=item, sebab="belum dijawab")


# Parsing is pure, and most cells repeat a value seen before (enumerations, amounts, dates), so
# each column remembers the values that parsed cleanly: raw -> typed value. Keys carry the type
# (1, 1.0 and True are equal in Python) and zero is never remembered (0.0 == -0.0), so that a
# remembered value is always what parsing would give, whatever the worker saw before. NIKs are
# not remembered: they hardly repeat.
_MEMOS: dict[tuple[str, str], dict] = {}
_MEMO_MAX = 1024     # values per column; then the column starts afresh
_MEMO_TEXT = 100     # longer texts are not remembered (they rarely repeat)
_MISS = object()


def _memo(spec_key: str, col: Column) -> dict | None:
    if col.kind == NIK:
        return None
    return _MEMOS.setdefault((spec_key, col.key), {})


def _read_table(add, spec: Sheet, sheet: str, rows, errs, merges=()) -> Table | None:
    """The records below the header, column by column: most cells repeat a value seen before
    (`_memo`), looked up for a whole column at once; the others are parsed one by one."""
    h, _ = find_header(spec, rows, merges)
    if h is None:
        add("header-not-found", sheet, judul=F.listed(list(spec.required_labels), 8))   # kolom: no one column
        return None
    cols, meant = map_columns(add, spec, sheet, header_line(rows, h, merges) if merges else rows[h], h + 1)
    table = Table(sheet, cols, meant=meant)
    mapped = [(col, table.cols[col.key]) for col in spec.columns if col.key in table.cols]
    cs = [c for _, c in mapped]
    body = rows[h + 1:]
    if cs and body and min(map(len, body)) > max(cs):     # calamine's rows are all as wide
        pick = itemgetter(*cs)
        lines = list(map(pick, body)) if len(cs) > 1 else [(v,) for v in map(pick, body)]
    else:
        lines = [tuple([line[c] if c < len(line) else None for c in cs]) for line in body]
    if merges:
        fill_merged(lines, cs, [col.kind in SHARED_KINDS for col, _ in mapped], merges, h + 2, table.copies,
                    table.covered)
    bad_cells = error_cells(errs, cs)
    bad_rows = {r for r, _ in bad_cells}
    keep = records(lines, tuple(rows[h][c] if c < len(rows[h]) else None for c in cs), h + 2, bad_rows)
    table.rows = [k + h + 2 for k in keep]
    table.signatures = [lines[k] for k in keep]
    index = {r: i for i, r in enumerate(table.rows)} if bad_cells else {}
    for j, (col, c) in enumerate(mapped):
        raws = [line[j] for line in table.signatures]
        memo = _memo(spec.key, col)
        if memo is None:
            values = [_MISS] * len(raws)
        else:
            values = list(map(memo.get, [raw if type(raw) is str else (type(raw), raw) for raw in raws],
                              repeat(_MISS)))
        for r, cc in bad_cells:
            if cc == c and r in index:
                values[index[r]] = _MISS
        empty = nothing(col)
        for i in [i for i, v in enumerate(values) if v is _MISS]:
            raw, r = raws[i], table.rows[i]
            if (raw == "" or empty(raw)) and (r, c) not in bad_cells:
                values[i] = None
                continue
            values[i], ok = _parse(add, sheet, spec.key, col, raw, r, c, errs, memo=memo)
            if not ok:
                table.bad.add((i, col.key))
        table.values[col.key] = values
    _shifted(add, spec, table, mapped, body, h + 2)
    return table


def _shifted(add, spec: Sheet, table: Table, mapped, body, first_row: int) -> None:
    """A block of records whose values sit whole columns away from their headers: one
    `columns-shifted` finding on its first row instead of its cells' findings; its values are
    not known (a rule reading them stays silent)."""
    typed = [(col, c, _LOOKUPS.get((spec.key, col.key))) for col, c in mapped if col.kind in TYPED]
    kinds = {col.key for col, _, _ in typed}
    candidates = {i for i, key in table.bad if key in kinds}
    for col, _, _ in typed:
        values = table.values[col.key]
        if col.required and None in values:   # a value pasted further right leaves the required cell empty
            candidates.update(i for i, v in enumerate(values) if v is None)
        if col.kind == ENUM and not (allowed := _ALLOWED[spec.key, col.key]).issuperset(values):
            candidates.update(i for i, v in enumerate(values) if v not in allowed)
    if not candidates:
        return
    blocks = shifted_blocks(body, first_row, table.rows, candidates, typed)
    if not blocks:
        return
    for a, b, shift in blocks:
        rows = set(table.rows[a:b + 1])
        add.wb.findings[:] = [f for f in add.wb.findings if not (f.sheet == table.sheet and f.row in rows)]
        for i in range(a, b + 1):
            for col, _ in mapped:
                table.bad.add((i, col.key))
                table.values[col.key][i] = None
        col, c, _ = typed[0]
        r = table.rows[a]
        line = body[r - first_row]
        typed_there = as_text(line[c]) if c < len(line) else ""
        start = min(c for _, c in mapped)
        under = f"sel di bawah judulnya ({col_letter(c)}{r})"
        add("columns-shifted", table.sheet, row=r, jumlah=b - a + 1, geser=abs(shift),
            arah="kanan" if shift > 0 else "kiri", dari=r, sampai=table.rows[b],
            contoh=f"isi kolom {col.label} ada di sel {col_letter(c + shift)}{r}, sedangkan " + (
                f"{under} berisi '{typed_there}'" if typed_there else f"{under} kosong"),
            saran=(f"Hapus sel kolom {_columns(start, shift)} baris {table.rows[a]} s.d. {table.rows[b]} (pilih sel "
                   "itu, klik kanan, Hapus, Geser sel ke kiri), agar setiap nilai tepat di bawah judul kolomnya."
                   if shift > 0 else
                   f"Sisipkan sel kosong di kolom {_columns(start, shift)} baris {table.rows[a]} s.d. "
                   f"{table.rows[b]} (klik kanan, Sisipkan, Geser sel ke kanan), agar setiap nilai tepat di bawah "
                   "judul kolomnya."))


def _columns(start: int, shift: int) -> str:
    """"B", or "B s.d. C" for a shift of two columns."""
    last = start + abs(shift) - 1
    return col_letter(start) + (f" s.d. {col_letter(last)}" if last > start else "")
