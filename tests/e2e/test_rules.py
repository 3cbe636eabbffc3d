"""Every rule code of STANDARD section 2 that validate implements: a real workbook with that one
mistake gives exactly that finding, at its cell (one mistake, one finding)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook

from tests.helpers.builder import Book
from compiler.api import validate_files

D = dt.datetime


def findings_of(book: Book, tmp_path, name="wksbm.xlsx"):
    path = book.write(tmp_path / name)
    (result,) = validate_files([path], workers=1)
    return result.findings


def only(findings):
    assert len(findings) == 1, [(f.code, f.sheet, f.cell, f.message) for f in findings]
    f = findings[0]
    assert f.message and "{" not in f.message
    return f.sheet, f.cell, f.code, f.severity


def _drop_sheet(b):
    b.sheets.remove("Buku Tamu")
    return ("Buku Tamu", "", "sheet-missing", "error")


def _unknown_sheet(b):
    b.extra_sheets["Catatan Ketua"] = [["apa saja"]]
    return ("Catatan Ketua", "", "sheet-unknown", "warning")


def _no_header(b):
    b.headers["Buku Tamu"] = ["No", "Tgl", "Siapa", "Dari", "Untuk"]
    return ("Buku Tamu", "", "header-not-found", "error")


def _column_missing(b):
    b.headers["Agenda Surat"].remove("Perihal")
    return ("Agenda Surat", "", "column-missing", "error")


def _column_unknown(b):
    b.headers["Buku Tamu"].append("Catatan RT")
    return ("Buku Tamu", "", "column-unknown", "warning")


def _column_duplicate(b):
    b.headers["Buku Tamu"].append("Keperluan")
    return ("Buku Tamu", "", "column-duplicate", "error")


def _identity_missing(b):
    return ("Identitas", b.set("Identitas", 0, "Nama Ketua", None), "identity-missing", "error")


def _region_unknown(b):
    return ("Identitas", b.set("Identitas", 0, "Kapanewon", "Kotagede"), "region-unknown", "error")


def _region_mismatch(b):
    return ("Identitas", b.set("Identitas", 0, "Kalurahan", "Poncosari"), "region-mismatch", "error")


def _period_invalid_triwulan(b):
    return ("Identitas", b.set("Identitas", 0, "Triwulan", "V"), "period-invalid", "error")


def _period_invalid_tahun(b):
    return ("Identitas", b.set("Identitas", 0, "Tahun", 2015), "period-invalid", "error")


def _checklist_missing(b):
    b.checklist["Buku Tamu"] = "Kadang"
    return ("Identitas", b.checklist_cell("Buku Tamu"), "checklist-missing", "warning")


def _required_missing(b):
    return ("Buku Tamu", b.set("Buku Tamu", 0, "Keperluan", None), "required-missing", "error")


def _required_when_donor(b):
    return ("Pemasukan", b.set("Pemasukan", 0, "Nama Donatur/Pihak", None), "required-missing", "error")


def _type_date(b):
    return ("Agenda Surat", b.set("Agenda Surat", 0, "Tanggal", "kemarin sore"), "type-date", "error")


def _type_date_impossible(b):
    return ("Agenda Surat", b.set("Agenda Surat", 0, "Tanggal", "31/02/2026"), "type-date", "error")


def _type_number(b):
    return ("Pengeluaran", b.set("Pengeluaran", 0, "Jumlah (Rp)", "tujuh ratus ribu"), "type-number", "error")


def _type_integer(b):
    return ("Kegiatan", b.set("Kegiatan", 1, "Jumlah Penerima", 2.5), "type-integer", "error")


def _date_as_text(b):
    return ("Buku Tamu", b.set("Buku Tamu", 0, "Tanggal", "21 Agustus 2026"), "date-as-text", "warning")


def _date_as_text_slash(b):
    return ("Pengeluaran", b.set("Pengeluaran", 1, "Tanggal", "05/09/2026"), "date-as-text", "warning")


def _number_as_text(b):
    return ("Pemasukan", b.set("Pemasukan", 1, "Jumlah (Rp)", "Rp 300.000"), "number-as-text", "warning")


def _value_not_allowed(b):
    return ("Data PPKS", b.set("Data PPKS", 1, "Jenis PPKS", "Janda Tua"), "value-not-allowed", "error")


def _value_range_zero(b):
    return ("Pemasukan", b.set("Pemasukan", 1, "Jumlah (Rp)", 0), "value-range", "error")


def _value_range_negative_saldo(b):
    return ("Identitas", b.set("Identitas", 0, "Saldo Kas Awal (Rp)", -5000), "value-range", "error")


def _value_range_future(b):
    return ("Data PPKS", b.set("Data PPKS", 1, "Tanggal Lahir", D(2099, 3, 12)), "value-range", "error")


def _value_range_1800(b):
    return ("Inventaris", b.set("Inventaris", 0, "Tanggal Perolehan", "02/01/1825"), "value-range", "error")


def _value_range_nik_pasted_as_amount(b):
    """3.4E+15 rupiah: a NIK pasted; beyond any WKSBM's figure, and it would swamp the recap."""
    return ("Pemasukan", b.set("Pemasukan", 0, "Jumlah (Rp)", 3402012808100001.0), "value-range", "error")


def _value_range_too_many(b):
    return ("Kegiatan", b.set("Kegiatan", 1, "Jumlah Penerima", 2_000_000), "value-range", "error")


def _type_number_too_long(b):
    return ("Pemasukan", b.set("Pemasukan", 0, "Jumlah (Rp)", "Rp " + "9" * 400), "type-number", "error")


def _outside_period(b):
    return ("Buku Tamu", b.set("Buku Tamu", 0, "Tanggal", D(2026, 6, 30)), "date-outside-period", "error")


def _acquired_after(b):
    return ("Inventaris", b.set("Inventaris", 0, "Tanggal Perolehan", D(2026, 10, 2)),
            "date-outside-period", "error")


def _nik_format(b):
    return ("Data PPKS", b.set("Data PPKS", 1, "NIK", "34020312034500"), "nik-format", "error")


def _nik_as_number(b):
    return ("Data PPKS", b.set("Data PPKS", 1, "NIK", 3402031203450002), "nik-as-number", "error")


def _nik_missing(b):
    return ("Data PPKS", b.set("Data PPKS", 1, "NIK", None), "nik-missing", "warning")


def _nik_birthdate(b):
    return ("Data PPKS", b.set("Data PPKS", 1, "NIK", "3402031303450002"), "nik-birthdate", "warning")


def _nik_sex(b):
    b.set("Data PPKS", 1, "Jenis Kelamin", "Perempuan")
    return ("Data PPKS", b.cell("Data PPKS", 1, "NIK"), "nik-birthdate", "warning")


def _formula_error_text(b):
    return ("Buku Tamu", b.set("Buku Tamu", 0, "Nama Tamu", "#REF!"), "formula-error", "error")


def _duplicate_record(b):
    i = b.add_row("Data PPKS", dict(b.rows["Data PPKS"][0], Nama="Painem binti Karto", Alamat="RT 04 Depok"))
    return ("Data PPKS", b.cell("Data PPKS", i, "NIK"), "duplicate-record", "error")


def _duplicate_row(b):
    i = b.add_row("Buku Tamu", b.rows["Buku Tamu"][0])
    return ("Buku Tamu", "", "duplicate-row", "warning", b.row_of("Buku Tamu", i))


def _ref_ppks(b):
    return ("Kegiatan", b.set("Kegiatan", 0, "NIK Penerima", "3402030101900003"), "ref-ppks-missing", "error")


def _ref_donor(b):
    return ("Pemasukan", b.set("Pemasukan", 0, "Nama Donatur/Pihak", "Bu Harti"), "ref-donor-missing", "warning")


def _ref_partner(b):
    return ("Kegiatan", b.set("Kegiatan", 0, "Mitra", "Dinas Kesehatan"), "ref-partner-missing", "warning")


def _ref_meeting(b):
    i = b.add_row("Daftar Hadir", {"Tanggal Rapat": D(2026, 8, 11), "Nama": "Wagiyo"})
    return ("Daftar Hadir", b.cell("Daftar Hadir", i, "Tanggal Rapat"), "ref-meeting-missing", "error")


def _attendance(b):
    return ("Notulensi Rapat", b.set("Notulensi Rapat", 0, "Jumlah Hadir", 5), "attendance-mismatch", "warning")


def _balance(b):
    return ("Pengeluaran", b.set("Pengeluaran", 1, "Jumlah (Rp)", 2000000), "balance-negative", "error")


CASES = [v for k, v in dict(globals()).items() if k.startswith("_") and callable(v) and k != "_drop"
         and v.__module__ == __name__]


@pytest.mark.parametrize("mistake", CASES, ids=[c.__name__.strip("_") for c in CASES])
def test_one_mistake_one_finding(mistake, tmp_path):
    book = Book()
    expected = mistake(book)
    findings = findings_of(book, tmp_path)
    assert only(findings) == expected[:4]
    if len(expected) > 4:
        assert findings[0].row == expected[4]


@pytest.mark.parametrize("error", ["#DIV/0!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#BLOCKED!"])
def test_formula_error_value_cell(error, tmp_path):
    """An Excel error value (t="e") reaches calamine as an empty string: it is still found.
    Excel 365's newer ones (#SPILL! of a dynamic array...), which calamine refuses for the whole
    workbook, too: the cell is one formula-error, not the file unreadable."""
    book = Book()
    cell = book.cell("Kegiatan", 0, "Nilai Bantuan (Rp)")
    other = book.cell("Kegiatan", 1, "Nilai Bantuan (Rp)")
    path = book.write(tmp_path / "rumus.xlsx")
    wb = load_workbook(path)
    wb["Kegiatan"][cell] = "=1/0"
    wb["Kegiatan"][other] = "=1/0"
    wb.save(path)
    _with_cached_error(path, "Kegiatan", cell, error)
    _with_cached_error(path, "Kegiatan", other, "#REF!")
    (result,) = validate_files([path], workers=1)
    assert [only([f]) for f in result.findings] == [("Kegiatan", c, "formula-error", "error") for c in (cell, other)]
    assert [f.value for f in result.findings] == [error, "#REF!"]
    assert f"menghasilkan {error}" in result.findings[0].message


def _with_cached_error(path, sheet, cell, error):
    """Give a formula cell the cached error value Excel would have stored."""
    import re
    import shutil
    import zipfile

    wb = load_workbook(path)
    index = wb.sheetnames.index(sheet) + 1
    member = f"xl/worksheets/sheet{index}.xml"
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                data = re.sub(rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v>[^<]*</v></c>'.encode(),
                              rf'<c r="{cell}"\1 t="e"><f>\2</f><v>{error}</v></c>'.encode(), data)
                data = re.sub(rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v\s*/></c>'.encode(),
                              rf'<c r="{cell}"\1 t="e"><f>\2</f><v>{error}</v></c>'.encode(), data)
                assert b't="e"' in data
            dst.writestr(info, data)
    shutil.move(tmp, path)


def test_nik_value_is_masked(tmp_path):
    book = Book()
    _nik_format(book)
    (f,) = findings_of(book, tmp_path)
    assert f.value == "340203****4500"
    assert "3402031203" not in f.message


def test_a_value_seen_before_is_judged_the_same(tmp_path):
    """The reader remembers per column the values that parsed cleanly; a later cell that is only
    equal in Python (TRUE after 1) is still judged on its own, whatever was read before."""
    from compiler.read import reader

    book = Book()
    book.set("Kegiatan", 0, "Jumlah Penerima", 1)
    cell = book.set("Kegiatan", 1, "Jumlah Penerima", True)
    path = book.write(tmp_path / "benar_salah.xlsx")
    reader._MEMOS.clear()
    (cold,) = validate_files([path], workers=1)
    (warm,) = validate_files([path], workers=1)
    assert only(cold.findings) == ("Kegiatan", cell, "type-integer", "error")
    assert warm == cold


@pytest.mark.parametrize("unread", ["a Barang row", "an income after the day it went below zero"])
def test_a_negative_balance_is_said_beside_a_mistake_that_cannot_change_it(unread, tmp_path):
    """One mistake, one finding: but a row that moves no cash (Barang), or an income dated after
    the cash went below zero, is no input of that finding, so it is still said."""
    book = Book()
    expected = [_balance(book)]
    if unread == "a Barang row":
        cell = book.set("Pemasukan", 1, "Jumlah (Rp)", "tiga ratus ribu")
    else:
        i = book.add_row("Pemasukan", dict(book.rows["Pemasukan"][0], Tanggal=D(2026, 9, 20)))
        cell = book.set("Pemasukan", i, "Jumlah (Rp)", "dua juta")
    expected.append(("Pemasukan", cell, "type-number", "error"))
    assert sorted((f.sheet, f.cell, f.code, f.severity) for f in findings_of(book, tmp_path)) == sorted(expected)


def test_an_income_not_read_before_the_cash_went_below_zero_leaves_the_balance_unsaid(tmp_path):
    book = Book()
    _balance(book)
    cell = book.set("Pemasukan", 0, "Jumlah (Rp)", "satu juta")   # 20/07, before 05/09
    assert only(findings_of(book, tmp_path)) == ("Pemasukan", cell, "type-number", "error")


def test_a_cash_book_column_renamed_away_leaves_the_balance_unsaid(tmp_path):
    """Pemasukan's Bentuk renamed: no income row is known to be cash, so no balance is said
    (every income skipped would make a healthy cash book look below zero)."""
    book = Book()
    book.set("Pemasukan", 0, "Jumlah (Rp)", 3000000)
    _balance(book)   # 1.500.000 + 3.000.000 - 750.000 - 2.000.000: above zero
    book.headers["Pemasukan"] = [h if h != "Bentuk" else "Bentuk Dana" for h in book.headers["Pemasukan"]]
    assert only(findings_of(book, tmp_path)) == ("Pemasukan", "", "column-missing", "error")


def test_a_cash_book_without_its_pemasukan_sheet_leaves_the_balance_unsaid(tmp_path):
    book = Book()
    book.set("Pemasukan", 0, "Jumlah (Rp)", 3000000)
    _balance(book)
    book.sheets.remove("Pemasukan")
    assert only(findings_of(book, tmp_path)) == ("Pemasukan", "", "sheet-missing", "error")


@pytest.mark.parametrize("day,said", [(D(2026, 6, 30), "yaitu di Triwulan II 2026. Bila baris ini sudah dilaporkan di "
                                                        "triwulan itu, hapus barisnya; bila tanggalnya salah, perbaiki "
                                                        "tanggalnya."),
                                      (D(2026, 10, 2), "yaitu di Triwulan IV 2026. Periksa tanggalnya, atau laporkan di "
                                                       "triwulan yang sesuai.")])
def test_a_date_outside_the_quarter_says_which_quarter_it_is_in(day, said, tmp_path):
    """A row left from last quarter's workbook, copied for this one, may simply be deleted."""
    book = Book()
    cell = book.set("Buku Tamu", 0, "Tanggal", day)
    (f,) = findings_of(book, tmp_path)
    assert (f.cell, f.code) == (cell, "date-outside-period") and said in f.message


def test_a_header_not_found_names_no_one_column(tmp_path):
    """STANDARD 4: kolom is a column's label; the labels looked for are said in the message."""
    book = Book()
    _no_header(book)
    (f,) = findings_of(book, tmp_path)
    assert (f.code, f.column) == ("header-not-found", "")
    assert "judul kolom Tanggal, Nama Tamu dan Keperluan seperti pada templat" in f.message


@pytest.mark.parametrize("label,typed,also", [("Sumber Dana", "donatur", []),
                                              ("Uraian", "Sumbangan santunan lansia ", []),
                                              ("Jumlah (Rp)", "1500000", ["number-as-text"])])
def test_a_row_the_same_as_read_is_a_duplicate(label, typed, also, tmp_path):
    """Spellings the reader takes as one (case of a choice, spaces around, a number typed as
    text) make no different record."""
    book = Book()
    first = dict(book.rows["Pemasukan"][0], **{"Jumlah (Rp)": 1500000, "Sumber Dana": "Donatur",
                                               "Uraian": "Sumbangan santunan lansia"})
    book.rows["Pemasukan"][0] = first
    i = book.add_row("Pemasukan", dict(first, **{label: typed}))
    got = findings_of(book, tmp_path)
    assert sorted(f.code for f in got) == sorted(["duplicate-row"] + also)
    (dup,) = [f for f in got if f.code == "duplicate-row"]
    assert (dup.sheet, dup.row) == ("Pemasukan", book.row_of("Pemasukan", i))


def test_a_duplicate_column_names_both_title_cells(tmp_path):
    """Deleting the wrong one of two 'Keperluan' columns would lose what was written under it."""
    book = Book()
    _column_duplicate(book)
    (f,) = findings_of(book, tmp_path)
    h = book.header_row("Buku Tamu")
    first = book.headers["Buku Tamu"].index("Keperluan")
    assert f"di sel {'ABCDEFGH'[first]}{h} dan {'ABCDEFGH'[len(book.headers['Buku Tamu']) - 1]}{h}." in f.message


def test_an_empty_error_cell_beside_a_newer_error_value_changes_no_other_cell(tmp_path):
    """<c t="e"/> holds no value: rewriting the #SPILL! elsewhere for the reader must not reach
    into the cell after it."""
    import shutil
    import zipfile

    book = Book()
    spill = book.cell("Kegiatan", 0, "Nilai Bantuan (Rp)")
    path = book.write(tmp_path / "rumus.xlsx")
    wb = load_workbook(path)
    wb["Kegiatan"][spill] = "=1/0"
    wb.save(path)
    _with_cached_error(path, "Kegiatan", spill, "#SPILL!")
    member = f"xl/worksheets/sheet{load_workbook(path).sheetnames.index('Kegiatan') + 1}.xml"
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:   # the first record's No (never read) an empty error cell
                row = book.row_of("Kegiatan", 0)
                data = re.sub(rf'<c r="A{row}"[^>]*>.*?</c>'.encode(), f'<c r="A{row}" t="e"/>'.encode(), data, count=1)
                assert f'<c r="A{row}" t="e"/><c r="B{row}"'.encode() in data
            dst.writestr(info, data)
    shutil.move(tmp, path)
    (result,) = validate_files([path], workers=1)
    assert [only([f]) for f in result.findings] == [("Kegiatan", spill, "formula-error", "error")]
