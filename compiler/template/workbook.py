"""The blank standard workbook (STANDARD section 3, `wksbm template`).

Every sheet name, label, order, kind, enumeration, hint and example comes from
schemas.standard; this module only decides the layout. What the reader relies on:
Identitas labels in column A with their values in column B; each table's header row on
HEADER_ROW below a title block; rows where only `No` is filled are blank. Every dropdown
list lives on the hidden LISTS_SHEET and is referenced by range, because inline list
formulas are limited to 255 characters and one place is simpler to keep consistent.
"""
from __future__ import annotations

import datetime as dt
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from compiler.files.inert import set_cell
from schemas import reference as ref
from schemas.standard import (ANSWER_FILL, CHECKLIST, CHECKLIST_TITLE, DATE, ENUM, IDENTITAS, INT, LISTS_SHEET, NIK,
                              NO_LABEL, PETUNJUK, PHONE, RP, TABLES, YA_TIDAK, Column, Sheet)

HEADER_ROW = 4            # table sheets: title (1), instruction (2), blank (3), header (4)
FIRST_FIELD_ROW = 4       # Identitas: title (1), instruction (2), blank (3), fields from 4
NUMBERED_ROWS = 50        # pre-numbered rows in `No`
VALIDATED_ROWS = 200      # rows carrying formats and dropdowns below the header
INLINE_MAX = 10           # longer enumerations are not spelled out in Petunjuk's table
DATE_FORMAT, RP_FORMAT, INT_FORMAT, TEXT_FORMAT = "DD/MM/YYYY", "#,##0", "0", "@"
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_NOTE = Font(italic=True, color="595959")
_HEAD_FONT = Font(bold=True, color="FFFFFF")
_FILL_REQ = PatternFill("solid", fgColor="1F4E78")   # header of a required column
_FILL_OPT = PatternFill("solid", fgColor="5B84B1")   # header of an optional column
_FILL_INPUT = PatternFill("solid", fgColor=ANSWER_FILL)  # Identitas answer cells
_FILL_SECTION = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")


# --- what each column accepts, in words (Petunjuk, notes and input messages) ---------
def _as_text_column(col: Column) -> bool:
    """NIK, phone and number-like text (Nomor ..., Kontak) are stored as text: Excel would
    drop a NIK's last digit, a phone's leading 0, or turn '12/08' into a date. Free text is
    left General because Excel shows '####' for Text-formatted cells over 255 characters."""
    return col.kind in (NIK, PHONE) or col.text_format


def _kind_text(col: Column) -> str:
    if col.is_enum:
        if len(col.allowed) <= INLINE_MAX:
            return "Pilih dari daftar: " + ", ".join(col.allowed) + "."
        where = " (daftarnya ada di bagian akhir petunjuk)" if col.allowed in _APPENDIX else ""
        return f"Pilih dari daftar pilihan, {len(col.allowed)} pilihan{where}."
    return {DATE: "Tanggal, diketik seperti 17/08/2026.",
            RP: "Angka rupiah saja, tanpa Rp dan titik, misalnya 1500000.",
            INT: "Angka bulat.",
            NIK: "16 digit angka NIK sesuai KTP atau KK, diketik sebagai teks.",
            PHONE: "Nomor HP, diketik sebagai teks."}.get(
        col.kind, "Teks (sel sudah berformat Teks)." if _as_text_column(col) else "Teks bebas.")


def _constraints(col: Column) -> list[str]:
    minimum = col.minimum is not None and col.kind in (INT, RP) and not col.positive
    return [text for flag, text in (
        (col.period_bound, "Harus di dalam triwulan yang dilaporkan."),
        (col.not_after_period, "Tidak boleh sesudah akhir triwulan yang dilaporkan."),
        (col.not_future, "Tidak boleh sesudah hari ini."),
        (col.positive, "Harus lebih dari 0."),
        (minimum, f"Paling kecil {col.minimum:g}." if minimum else ""),
        (col.maximum is not None, "Paling besar " + f"{col.maximum or 0:,.0f}".replace(",", ".") + "."))
        if flag]


def _required_text(col: Column, sheet: Sheet) -> str:
    if col.required:
        return "Wajib"
    if col.required_when:
        key, value = col.required_when
        return f"Wajib jika {sheet.column(key).label} = {value}"
    return "Boleh kosong"


def _prompt(col: Column, sheet: Sheet) -> str:
    """The input message: the hint (or the kind in words), the constraints, wajib or not."""
    parts = [col.hint or _kind_text(col), *_constraints(col)]
    if col.required or col.required_when:
        parts.append(_required_text(col, sheet).replace("Wajib", "Wajib diisi") + ".")
    text = ""
    for part in parts:  # Excel repairs the file if the prompt exceeds 255 characters
        if len(text) + len(part) + 1 > 255:
            break
        text = f"{text} {part}".strip()
    return text


def _example(col: Column) -> str:
    return "-" if col.example in ("", None) else str(col.example)


# --- the hidden sheet of dropdown lists -------------------------------------------------
class _Lists:
    """One column per distinct list on the hidden helper sheet; returns range references."""

    def __init__(self, ws):
        self.ws, self.refs = ws, {}
        ws.sheet_state = "hidden"

    def ref(self, name: str, values: tuple[str, ...]) -> str:
        if values not in self.refs:
            col = len(self.refs) + 1
            letter = get_column_letter(col)
            self.ws.cell(1, col, name).font = _BOLD
            for i, value in enumerate(values, start=2):
                self.ws.cell(i, col, value)
            self.ws.column_dimensions[letter].width = min(70, max(map(len, values + (name,))) + 2)
            self.refs[values] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        return self.refs[values]


def _validation(col: Column, sheet: Sheet, lists: _Lists) -> DataValidation | None:
    """The one validation of a column (or an Identitas field): dropdown, type check, or a
    bare input message. Lists stop wrong values; dates and numbers only warn, because a
    date typed as text in a non-Indonesian Excel is still accepted by the reader."""
    prompt = _prompt(col, sheet)
    kw = dict(allow_blank=True, showInputMessage=True, promptTitle=col.label[:32], prompt=prompt,
              showErrorMessage=True, errorTitle="Isian tidak sesuai")
    if col.is_enum:
        return DataValidation(type="list", formula1=lists.ref(col.label, col.allowed), errorStyle="stop",
                              error="Pilih salah satu isian dari daftar pilihan.", **kw)
    if col.kind == DATE:
        lo, hi = (str(int(to_excel(d))) for d in DATE_RANGE)
        return DataValidation(type="date", operator="between", formula1=lo, formula2=hi,
                              errorStyle="warning", error="Isi dengan tanggal, misalnya 17/08/2026.", **kw)
    if col.kind in (RP, INT):
        low = 0 if col.minimum is None else col.minimum
        op = "greaterThan" if col.positive else "greaterThanOrEqual"
        word = "lebih dari" if col.positive else "paling kecil"
        what = "angka saja tanpa Rp dan titik" if col.kind == RP else "angka bulat"
        return DataValidation(type="decimal" if col.kind == RP else "whole", operator=op,
                              formula1=f"{low:g}", errorStyle="warning",
                              error=f"Isi dengan {what}, {word} {low:g}.", **kw)
    if col.hint or col.required or col.required_when:
        kw.update(showErrorMessage=False, errorTitle=None)
        return DataValidation(**kw)
    return None


def _number_format(col: Column) -> str | None:
    by_kind = {DATE: DATE_FORMAT, RP: RP_FORMAT, INT: INT_FORMAT}
    return by_kind.get(col.kind, TEXT_FORMAT if _as_text_column(col) else None)


# --- sheets ------------------------------------------------------------------------------
def _fit(ws, row: int, texts: dict[int, str], widths: dict[int, float]) -> None:
    """Set a row's height for wrapped text: Excel does not grow rows written by a program."""
    lines = max((math.ceil(len(t) / max(widths[c] - 1, 1)) for c, t in texts.items() if t), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = 15 * lines


def _write_table(ws, sheet: Sheet, lists: _Lists) -> None:
    ws["A1"] = sheet.book.upper()
    ws["A1"].font = _TITLE
    where = ("Isi hanya kejadian dalam triwulan yang dilaporkan" if sheet.period_bound
             else "Isi keadaan pada akhir triwulan yang dilaporkan (data tetap, perbarui bila berubah)")
    ws["A2"] = (f"{where}, satu baris untuk satu catatan. Kolom wajib: "
                + ", ".join(sheet.required_labels) + ". Klik sel untuk melihat petunjuk singkat.")
    ws["A2"].font = _NOTE
    first, last = HEADER_ROW + 1, HEADER_ROW + VALIDATED_ROWS
    for j, label in enumerate((NO_LABEL,) + tuple(c.label for c in sheet.columns), start=1):
        head = ws.cell(HEADER_ROW, j, label)
        head.font, head.alignment, head.border = _HEAD_FONT, _HEAD_ALIGN, _BORDER
        head.fill = _FILL_OPT if j > 1 and not sheet.columns[j - 2].required else _FILL_REQ
    ws.column_dimensions["A"].width = 6
    for i in range(NUMBERED_ROWS):
        cell = ws.cell(first + i, 1, i + 1)
        cell.alignment, cell.border = Alignment(horizontal="center"), _BORDER
    for j, col in enumerate(sheet.columns, start=2):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        fmt = _number_format(col)
        for r in range(first, last + 1):
            cell = ws.cell(r, j)
            if fmt:
                cell.number_format = fmt
            if r < first + NUMBERED_ROWS:
                cell.border = _BORDER
            if col.kind not in (DATE, RP, INT):
                cell.alignment = _WRAP
        dv = _validation(col, sheet, lists)
        if dv is not None:
            dv.add(f"{letter}{first}:{letter}{last}")
            ws.add_data_validation(dv)
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_identity(ws, lists: _Lists) -> dict[str, str]:
    """The Identitas form; returns the value cell of each field key, for pre-filling."""
    ws["A1"] = "IDENTITAS WKSBM"
    ws["A1"].font = _TITLE
    ws["A2"] = "Isi jawaban di kolom B (sel berwarna kuning). Jangan mengubah tulisan di kolom A."
    ws["A2"].font = _NOTE
    for letter, width in zip("ABC", (30, 36, 70)):
        ws.column_dimensions[letter].width = width
    cells, row = {}, FIRST_FIELD_ROW
    for col in IDENTITAS.columns:
        ws.cell(row, 1, col.label).font = _BOLD
        value = ws.cell(row, 2)
        value.fill, value.border = _FILL_INPUT, _BORDER
        if fmt := _number_format(col):
            value.number_format = fmt
        note = " ".join([_required_text(col, IDENTITAS) + ".", _kind_text(col),
                         *_constraints(col), f"Contoh: {_example(col)}"])
        ws.cell(row, 3, note).font = _NOTE
        if (dv := _validation(col, IDENTITAS, lists)) is not None:
            dv.add(value.coordinate)
            ws.add_data_validation(dv)
        cells[col.key] = value.coordinate
        row += 1
    row += 1
    title = ws.cell(row, 1, CHECKLIST_TITLE)
    title.font, title.fill = _BOLD, _FILL_SECTION
    ws.cell(row, 3, "Jawab Ya atau Tidak: apakah WKSBM memiliki buku atau perlengkapan ini?").font = _NOTE
    answers = _validation(Column(CHECKLIST_TITLE, "checklist", ENUM, allowed=YA_TIDAK), IDENTITAS, lists)
    for label in CHECKLIST:
        row += 1
        ws.cell(row, 1, label)
        answer = ws.cell(row, 2)
        answer.fill, answer.border = _FILL_INPUT, _BORDER
        answers.add(answer.coordinate)
    ws.add_data_validation(answers)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    return cells


_APPENDIX = (ref.PPKS, ref.PSKS, ref.KAPANEWON, ref.KALURAHAN)
_GUIDE_WIDTHS = {1: 28, 2: 16, 3: 58, 4: 30}


class _Guide:
    """The Petunjuk sheet as it is written, row after row: paragraphs across the four columns,
    table lines, and a sheet's columns as a table."""

    def __init__(self, ws):
        self.ws, self.row, self.total = ws, 0, sum(_GUIDE_WIDTHS.values())
        for c, w in _GUIDE_WIDTHS.items():
            ws.column_dimensions[get_column_letter(c)].width = w

    def para(self, text: str, font=None, fill=None, gap: int = 0) -> None:
        self.row += 1 + gap
        cell = self.ws.cell(self.row, 1, text)
        cell.alignment, cell.font = _WRAP, font or Font()
        if fill:
            cell.fill = fill
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=4)
        _fit(self.ws, self.row, {1: text}, {1: self.total})

    def heading(self, text: str) -> None:
        self.para(text, _BOLD, _FILL_SECTION, gap=1)

    def line(self, values: tuple[str, ...], head: bool = False, wrap: bool = True) -> None:
        self.row += 1
        for c, v in enumerate(values, start=1):
            cell = self.ws.cell(self.row, c, v)
            cell.alignment = _WRAP if wrap else Alignment(vertical="top")
            cell.border = _BORDER
            if head:
                cell.font, cell.fill = _BOLD, _FILL_SECTION
        if wrap:
            _fit(self.ws, self.row, dict(enumerate(values, start=1)), _GUIDE_WIDTHS)

    def fields(self, sheet: Sheet, first: tuple[str, ...] = ()) -> None:
        self.line(("Kolom", "Wajib", "Isian yang diterima", "Contoh isian satu baris"), head=True)
        if first:
            self.line(first)
        for col in sheet.columns:
            self.line((col.label, _required_text(col, sheet),
                       " ".join([_kind_text(col), *_constraints(col)]), _example(col)))


def _general_rules() -> tuple[str, ...]:
    bound = ", ".join(s.name for s in TABLES if s.period_bound)
    registers = ", ".join(s.name for s in TABLES if not s.period_bound)
    return (
        f"Satu berkas untuk satu WKSBM dan satu triwulan. Isi lembar {IDENTITAS.name} terlebih dahulu.",
        "Jangan mengganti nama lembar, jangan mengubah tulisan judul kolom, dan jangan menghapus "
        "kolom atau lembar. Lembar yang tidak ada isinya dibiarkan kosong.",
        f"Satu baris untuk satu catatan, mulai di bawah baris judul kolom. Nomor di kolom {NO_LABEL} "
        "sudah disiapkan; baris yang hanya berisi nomor tidak dihitung.",
        "Tanggal diketik seperti 17/08/2026 (tanggal/bulan/tahun). Bila tanggal yang diketik berubah sendiri "
        "(misalnya menjadi 08/17/2026, atau tetap rata kiri seperti teks), komputer Anda membaca tanggal sebagai "
        "bulan/hari: ketik tanggal sebagai 2026-08-17 (tahun-bulan-tanggal), yang terbaca benar di komputer mana "
        "pun, atau ubah pengaturan bahasa (lokal) Excel atau LibreOffice menjadi Indonesia.",
        "Jumlah uang diketik sebagai angka saja, tanpa Rp, tanpa titik dan tanpa ,- di belakangnya, misalnya "
        "1500000. Komputer yang diatur ke bahasa Inggris membaca titik sebagai koma desimal (112.500 menjadi "
        "112,5; 360.000 menjadi 360), dan tanda ,- di belakang angka dapat terbaca sebagai minus.",
        "Agar tanggal dan angka terbaca benar, atur bahasa (lokal) komputer ke Indonesia: di LibreOffice, "
        "Tools > Options > Language Settings > Languages > Locale setting: Indonesian; di Excel untuk Windows, "
        "Control Panel > Region > Format: Indonesian (Indonesia). Apa pun pengaturannya, angka tanpa titik "
        "(1500000) dan tanggal tahun-bulan-tanggal (2026-08-17) selalu terbaca benar.",
        "Catat setiap buku hanya di lembarnya sendiri: jangan membuat lembar per bulan (misalnya "
        "'Pemasukan Agustus'), karena isinya tidak dihitung. Saat menempel data dari berkas lain, pastikan "
        "setiap nilai tepat di bawah judul kolomnya (tanpa kolom tambahan di depannya, seperti nomor bukti).",
        "NIK diketik 16 digit sebagai teks (kolom NIK sudah berformat Teks). Jangan mengubahnya "
        "menjadi angka, karena Excel akan menghapus digit terakhirnya. Nomor HP juga diketik sebagai teks.",
        "Kolom pilihan diisi dengan memilih dari daftar (klik sel, lalu klik tanda panah di kanannya).",
        "Kolom wajib harus diisi; kolom lain boleh dikosongkan. Klik sel untuk melihat petunjuk singkatnya.",
        f"Lembar {bound} hanya berisi kejadian dalam triwulan yang dilaporkan.",
        f"Lembar {registers} berisi keadaan pada akhir triwulan: data dari triwulan sebelumnya tetap "
        "disimpan dan diperbarui bila berubah.",
        "Simpan berkas dalam format Excel Workbook (.xlsx).",
    )


def _reference_lists(g: _Guide) -> None:
    """The long lists a dropdown takes its choices from: regions, Jenis PPKS, Jenis PSKS."""
    g.heading("Daftar Kapanewon dan Kalurahan di Kabupaten Bantul (Kalurahan harus berada di "
              "Kapanewon yang dipilih)")
    for kapanewon in ref.KAPANEWON:
        g.line((kapanewon, ", ".join(ref.KALURAHAN_OF[kapanewon])), wrap=False)
        g.ws.merge_cells(start_row=g.row, start_column=2, end_row=g.row, end_column=4)
        g.ws.cell(g.row, 2).alignment = _WRAP
        _fit(g.ws, g.row, {2: g.ws.cell(g.row, 2).value}, {2: g.total - _GUIDE_WIDTHS[1]})
    for title, name, names in (("Jenis PPKS", "jenis_ppks.csv", ref.PPKS),
                               ("Jenis PSKS", "jenis_psks.csv", ref.PSKS)):
        g.heading(f"Daftar {title} ({len(names)} jenis). Isi dengan nama; kode juga diterima.")
        g.line(("Kode", "Nama", "", "Kelompok"), head=True, wrap=False)
        rows = {r["nama"]: r for r in ref.load(name)}
        for n in names:  # in the dropdown's order
            g.line((rows[n]["kode"], n, "", rows[n]["kelompok"]), wrap=False)


def _write_guide(ws) -> None:
    """Petunjuk: general rules, then every sheet's columns, then the long reference lists."""
    g = _Guide(ws)
    g.para("PETUNJUK PENGISIAN LAPORAN TRIWULAN WKSBM", _TITLE)
    g.para("Buku kerja standar laporan triwulan Wahana Kesejahteraan Sosial Berbasis Masyarakat "
           "(WKSBM) kepada Dinas Sosial Kabupaten Bantul. Mohon dibaca sebelum mengisi.")
    g.heading("Ketentuan umum")
    for i, text in enumerate(_general_rules(), start=1):
        g.para(f"{i}. {text}")
    g.heading(f"Lembar {IDENTITAS.name}")
    g.para("Isi jawaban di kolom B, di samping setiap judul di kolom A.")
    g.fields(IDENTITAS)
    g.para(f"Di bawahnya, bagian {CHECKLIST_TITLE}: jawab Ya atau Tidak untuk setiap kelengkapan "
           "berikut: " + ", ".join(CHECKLIST) + ".")
    for sheet in TABLES:
        g.heading(f"Lembar {sheet.name}: {sheet.book}")
        g.para("Isi hanya kejadian dalam triwulan yang dilaporkan." if sheet.period_bound
               else "Isi keadaan pada akhir triwulan (data tetap, diperbarui bila berubah).")
        g.fields(sheet, (NO_LABEL, "-", "Nomor urut, sudah disiapkan.", "1"))
    _reference_lists(g)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


# --- workbook ------------------------------------------------------------------------------
def build() -> tuple[Workbook, dict[str, str]]:
    """The blank workbook, and the Identitas answer cell of each field key."""
    wb = Workbook()
    guide = wb.active
    guide.title = PETUNJUK
    ident = wb.create_sheet(IDENTITAS.name)
    tables = [wb.create_sheet(sheet.name) for sheet in TABLES]
    lists = _Lists(wb.create_sheet(LISTS_SHEET))
    _write_guide(guide)
    cells = _write_identity(ident, lists)
    for ws, sheet in zip(tables, TABLES):
        _write_table(ws, sheet, lists)
    wb.active = 0
    wb.properties.creator = "wksbm"
    wb.properties.subject = "Standar laporan triwulan WKSBM, versi 1"
    return wb, cells


def fill(wb: Workbook, cells: dict[str, str], identity: dict[str, object]) -> None:
    """Write (or overwrite) Identitas values, keyed by IDENTITAS Column.key."""
    unknown = sorted(set(identity) - set(cells))
    if unknown:
        raise ValueError(f"unknown Identitas keys: {', '.join(unknown)}; known: {', '.join(cells)}")
    ws = wb[IDENTITAS.name]
    for key, coordinate in cells.items():
        if key in identity:   # a registry's "=Grogol" is a name, never a formula
            set_cell(ws[coordinate], identity[key])
    name = identity.get("nama_wksbm") or identity.get("padukuhan")
    wb.properties.title = "Laporan Triwulan WKSBM" + (f" - {name}" if name else "")


def write_template(path, identity: dict[str, object] | None = None) -> None:
    """Write the blank standard workbook to `path`; `identity` pre-fills Identitas values,
    keyed by IDENTITAS Column.key (an unknown key raises ValueError)."""
    wb, cells = build()
    fill(wb, cells, identity or {})
    wb.save(path)
