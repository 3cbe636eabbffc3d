"""What other locales and habits do to typed values (STANDARD 1.4, 1.1; issue 18): each case writes
a real workbook with the value as LibreOffice or Excel stores it (112.5 as a number, a date as
the swapped date) and asserts (sheet, position, code, severity) and that it is the only finding;
the look-alikes that are no mistake stay clean."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from compiler.api import validate_files
from tests.helpers.builder import D, Book


def findings_of(book: Book, tmp_path, name="wksbm.xlsx", change=None):
    path = book.write(tmp_path / name)
    if change is not None:
        wb = load_workbook(path)
        change(wb)
        wb.save(path)
    (result,) = validate_files([path], workers=1)
    return result.findings


def only(findings):
    assert len(findings) == 1, [(f.code, f.sheet, f.cell, f.message) for f in findings]
    f = findings[0]
    assert f.message and "{" not in f.message
    return f


def found(findings):
    return sorted((f.sheet, f.cell, f.code, f.severity) for f in findings)


# --- amounts -------------------------------------------------------------------------------------
@pytest.mark.parametrize("sheet,i,label", [("Pemasukan", 0, "Jumlah (Rp)"), ("Pengeluaran", 1, "Jumlah (Rp)"),
                                           ("Inventaris", 0, "Nilai (Rp)"), ("Kegiatan", 0, "Nilai Bantuan (Rp)"),
                                           ("Identitas", 0, "Saldo Kas Awal (Rp)")])
def test_an_amount_typed_with_a_thousands_dot_on_an_english_computer(sheet, i, label, tmp_path):
    """"112.500" typed where the dot is the decimal mark is stored as 112.5."""
    book = Book()
    cell = book.set(sheet, i, label, 112.5)
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == (sheet, cell, "amount-decimal", "error")
    assert "terbaca 112,5" in f.message and "membaca titik sebagai koma desimal" in f.message
    assert f.message.endswith("Ketik 112500 (tanpa titik).")


def test_an_amount_with_cents_is_told_to_be_whole(tmp_path):
    """A fraction no thousands dot explains (a formula dividing by three): whole rupiah."""
    book = Book()
    cell = book.set("Kegiatan", 0, "Nilai Bantuan (Rp)", 250000.3333333)
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == ("Kegiatan", cell, "amount-decimal", "error")
    assert "rupiah harus bulat" in f.message and "Ketik 250000 (angka bulat, tanpa koma)." in f.message


@pytest.mark.parametrize("sheet,i,label,value", [("Pemasukan", 0, "Jumlah (Rp)", 360),
                                                 ("Pengeluaran", 0, "Jumlah (Rp)", 750),
                                                 ("Identitas", 0, "Saldo Kas Awal (Rp)", 761)])
def test_an_amount_under_a_thousand_is_a_warning(sheet, i, label, value, tmp_path):
    """"360.000" on an English computer is 360; the cash balance says nothing about such amounts."""
    book = Book()
    cell = book.set(sheet, i, label, value)
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == (sheet, cell, "amount-small", "warning")
    assert f"terbaca {value}, kurang dari Rp 1.000" in f.message and f"ketik {value}000 (tanpa titik)" in f.message


@pytest.mark.parametrize("sheet,i,label,value", [
    ("Pemasukan", 0, "Jumlah (Rp)", 1000), ("Kegiatan", 0, "Nilai Bantuan (Rp)", 0),
    ("Identitas", 0, "Saldo Kas Awal (Rp)", 0), ("Inventaris", 0, "Jumlah", 2),
    ("Kegiatan", 1, "Jumlah Penerima", 35), ("Pengeluaran", 0, "Jumlah (Rp)", 750000.0)])
def test_whole_amounts_and_counts_stay_clean(sheet, i, label, value, tmp_path):
    book = Book()
    book.set(sheet, i, label, value)
    assert found(findings_of(book, tmp_path)) == []


def test_an_amount_typed_as_text_in_indonesian_form_is_read_the_indonesian_way(tmp_path):
    """Text keeps what was typed: "112.500" is 112500, with the number-as-text warning only."""
    book = Book()
    cell = book.set("Pemasukan", 0, "Jumlah (Rp)", "112.500")
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == ("Pemasukan", cell, "number-as-text", "warning")


@pytest.mark.parametrize("label,value,typed", [("Jumlah (Rp)", -885000, "885000")])
def test_a_negative_amount_names_the_comma_dash_habit(label, value, typed, tmp_path):
    """"Rp 885.000,-" on an Indonesian computer is stored as -885000."""
    book = Book()
    cell = book.set("Pemasukan", 0, label, value)
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == ("Pemasukan", cell, "value-range", "error")
    assert "Tanda ,- di belakang angka" in f.message and f"yaitu {typed}." in f.message


# --- dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("sheet,i,label", [("Agenda Surat", 0, "Tanggal"), ("Daftar Hadir", 0, "Tanggal Rapat"),
                                           ("Kegiatan", 1, "Tanggal"), ("Buku Tamu", 0, "Tanggal")])
def test_a_date_typed_day_first_on_a_month_first_computer(sheet, i, label, tmp_path):
    """"03/08/2026" (3 August) stored as 8 March: outside the quarter, its swap inside."""
    book = Book()
    cell = book.set(sheet, i, label, D(2026, 3, 8))
    if sheet == "Daftar Hadir":     # the meeting's own date swapped alike: one mistake a cell
        book.set("Daftar Hadir", 1, "Tanggal Rapat", D(2026, 3, 8))
        book.set("Notulensi Rapat", 0, "Tanggal Rapat", D(2026, 3, 8))
        got = findings_of(book, tmp_path)
        assert {f.code for f in got} == {"date-swapped"} and len(got) == 3
        return
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == (sheet, cell, "date-swapped", "error")
    assert "terbaca 8 Maret 2026" in f.message and "maksudnya 3 Agustus 2026" in f.message
    assert "Ketik 2026-08-03 (tahun-bulan-tanggal)" in f.message and "membaca bulan lebih dulu" in f.message


def test_a_report_date_typed_day_first_on_a_month_first_computer(tmp_path):
    """Tanggal Laporan "05/10/2026" stored as 10 May: before the quarter, its swap after it starts."""
    book = Book()
    cell = book.set("Identitas", 0, "Tanggal Laporan", D(2026, 5, 10))
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == ("Identitas", cell, "date-swapped", "error")
    assert "maksudnya 5 Oktober 2026" in f.message and "Ketik 2026-10-05" in f.message


@pytest.mark.parametrize("value,code", [
    (D(2026, 3, 15), "date-outside-period"),   # day 15: no month 15, nothing swapped
    (D(2026, 6, 2), "date-outside-period"),    # swapped, 6 February: outside too
    (D(2025, 8, 3), "date-outside-period")])   # last year's date: its swap is last year too
def test_a_date_outside_the_quarter_whose_swap_is_too_stays_outside(value, code, tmp_path):
    book = Book()
    cell = book.set("Agenda Surat", 0, "Tanggal", value)
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code) == ("Agenda Surat", cell, code)


def test_a_report_date_before_the_quarter_whose_swap_is_not_either_stays_value_range(tmp_path):
    book = Book()
    cell = book.set("Identitas", 0, "Tanggal Laporan", D(2026, 6, 30))
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code) == ("Identitas", cell, "value-range")


def test_an_ambiguous_date_inside_the_quarter_is_clean(tmp_path):
    """"09/08/2026" stored as 8 September: both inside, nothing can tell."""
    book = Book()
    book.set("Agenda Surat", 0, "Tanggal", D(2026, 9, 8))
    assert found(findings_of(book, tmp_path)) == []


def test_the_hint_of_a_text_date_and_a_swapped_date_never_meet_on_one_cell(tmp_path):
    """"25/08/2026" left as text by a month-first computer gets the hint to check dates of day 12
    or less; "03/08/2026" turned into 8 March gets date-swapped: each cell one piece of advice,
    and both say the same thing."""
    book = Book()
    text = book.set("Agenda Surat", 0, "Tanggal", "25/08/2026")
    stored = book.set("Agenda Surat", 1, "Tanggal", D(2026, 3, 8))
    got = findings_of(book, tmp_path)
    assert found(got) == [("Agenda Surat", text, "date-as-text", "warning"),
                          ("Agenda Surat", stored, "date-swapped", "error")]
    hint, swapped = sorted(got, key=lambda f: f.code)
    assert "hari dan bulannya tertukar" in hint.message and "hari dan bulannya tertukar" in swapped.message


def test_a_text_date_typed_month_first_is_said_so(tmp_path):
    """"08/03/2026" typed as text (month first) reads 8 March: swapped, and the text warning goes."""
    book = Book()
    cell = book.set("Agenda Surat", 0, "Tanggal", "08/03/2026")
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == ("Agenda Surat", cell, "date-swapped", "error")
    assert "ditulis bulan dulu" in f.message and "Ketik 2026-08-03" in f.message


# --- records on an extra sheet -------------------------------------------------------------------
def _income_sheet(book: Book, records: int, total: bool = False) -> list[list]:
    header = book.headers["Pemasukan"]
    rows = [["PEMASUKAN AGUSTUS 2026"], header]
    for k in range(records):
        rows.append([k + 1, D(2026, 8, 3 + k), "Donatur", "Sumbangan", "Toko Makmur", "Uang", 250000])
    if total:
        rows.append([None, None, None, "JUMLAH", None, None, 250000 * records])
    return rows


def test_one_sheet_per_month_is_extra_data(tmp_path):
    book = Book()
    book.extra_sheets["Pemasukan Agustus"] = _income_sheet(book, 2, total=True)
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == ("Pemasukan Agustus", "", "sheet-extra-data", "error")
    assert "2 baris data dengan judul kolom lembar 'Pemasukan' (baris 3 s.d. 4)" in f.message
    assert "Pindahkan baris data itu ke lembar 'Pemasukan'" in f.message


def test_one_record_on_an_extra_sheet_is_named_by_its_row(tmp_path):
    book = Book()
    book.extra_sheets["Pemasukan Agustus"] = _income_sheet(book, 1)
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == ("Pemasukan Agustus", "", "sheet-extra-data", "error")
    assert "1 baris data dengan judul kolom lembar 'Pemasukan' (baris 3), yang" in f.message


@pytest.mark.parametrize("rows", [
    [["Catatan ketua"], ["Rapat berikutnya 3 Oktober"], ["Tanggal", "Nama", "Catatan"], ["", "Suharjo", "hadir"]],
    [["FOTO KEGIATAN"], ["No", "Tanggal", "Kegiatan", "Foto"], [1, D(2026, 8, 20), "Santunan", "foto1.jpg"]],
    "header-only", "total-only"], ids=["notes", "photos", "header-only", "total-only"])
def test_what_volunteers_legitimately_add_stays_an_unknown_sheet(rows, tmp_path):
    book = Book()
    if rows == "header-only":
        rows = _income_sheet(book, 0)
    elif rows == "total-only":
        rows = _income_sheet(book, 0) + [[None, None, None, "JUMLAH", None, None, 750000]]
    book.extra_sheets["Tambahan"] = rows
    f = only(findings_of(book, tmp_path))
    assert (f.sheet, f.cell, f.code, f.severity) == ("Tambahan", "", "sheet-unknown", "warning")


def test_a_sheet_of_photos_stays_an_unknown_sheet(tmp_path):
    """Pictures of an activity with their captions: nothing of a book there."""
    from tests.helpers.photos import with_photo_sheet
    path = Book().write(tmp_path / "foto.xlsx")
    path.write_bytes(with_photo_sheet(path.read_bytes(), "Foto Kegiatan",
                                      ["Foto santunan sembako, 20 Agustus 2026", "Tanggal", "Jumlah (Rp)"]))
    (result,) = validate_files([path], workers=1)
    f = only(result.findings)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Foto Kegiatan", "", "sheet-unknown", "warning")
    wb = load_workbook(path)       # the picture is there, as a reader sees it
    assert "Foto Kegiatan" in wb.sheetnames


# --- a block shifted by whole columns -----------------------------------------------------------
def _three_incomes(book: Book) -> None:
    book.add_row("Pemasukan", {"Tanggal": D(2026, 8, 5), "Sumber Dana": "Usaha WKSBM", "Uraian": "Hasil usaha",
                               "Bentuk": "Uang", "Jumlah (Rp)": 400000})


def _move(sheet: str, first: int, last: int, cols: int, left: str = "B", right: str = "H"):
    def change(wb):
        wb[sheet].move_range(f"{left}{first}:{right}{last}", rows=0, cols=cols)
    return change


def test_a_block_pasted_one_column_right_is_one_finding(tmp_path):
    """A voucher number in front of each row: every value one column right of its header."""
    book = Book()
    _three_incomes(book)
    first, last = book.row_of("Pemasukan", 0), book.row_of("Pemasukan", 2)

    def voucher(wb):
        ws = wb["Pemasukan"]
        ws.move_range(f"B{first}:H{last}", rows=0, cols=1)
        for r in range(first, last + 1):
            ws[f"B{r}"] = f"BKM-0{r - first + 1}"
    f = only(findings_of(book, tmp_path, change=voucher))
    assert (f.sheet, f.row, f.cell, f.code, f.severity) == ("Pemasukan", first, "", "columns-shifted", "error")
    assert f"3 baris data (baris {first} s.d. {last}) bergeser 1 kolom ke kanan" in f.message
    assert f"isi kolom Tanggal ada di sel C{first}, sedangkan sel di bawah judulnya (B{first}) berisi 'BKM-01'" \
        in f.message and f"Hapus sel kolom B baris {first} s.d. {last}" in f.message


def test_a_block_pasted_one_column_left_is_one_finding(tmp_path):
    book = Book()
    book.add_row("Pengeluaran", {"Tanggal": D(2026, 9, 9), "Uraian": "Sembako", "Jenis Pengeluaran": "Jaminan Sosial",
                                 "Bentuk": "Barang", "Jumlah (Rp)": 200000})
    first, last = book.row_of("Pengeluaran", 0), book.row_of("Pengeluaran", 2)
    f = only(findings_of(book, tmp_path, change=_move("Pengeluaran", first, last, -1)))
    assert (f.sheet, f.row, f.code, f.severity) == ("Pengeluaran", first, "columns-shifted", "error")
    assert "bergeser 1 kolom ke kiri" in f.message and "Sisipkan sel kosong di kolom B" in f.message


def test_a_book_with_one_typed_column_shifted_is_one_finding(tmp_path):
    book = Book()
    for k in range(2):
        book.add_row("Buku Tamu", {"Tanggal": D(2026, 9, 1 + k), "Nama Tamu": f"Tamu {k}", "Keperluan": "Silaturahmi"})
    first, last = book.row_of("Buku Tamu", 0), book.row_of("Buku Tamu", 2)
    f = only(findings_of(book, tmp_path, change=_move("Buku Tamu", first, last, 2, right="E")))
    assert (f.sheet, f.row, f.code) == ("Buku Tamu", first, "columns-shifted")
    assert "bergeser 2 kolom ke kanan" in f.message and "kolom B s.d. C" in f.message
    assert f"isi kolom Tanggal ada di sel D{first}, sedangkan sel di bawah judulnya (B{first}) kosong" in f.message


def test_two_rows_that_happen_to_fail_are_no_block(tmp_path):
    """Two shifted rows: their cells are said one by one (too few to be sure of a block)."""
    book = Book()
    first, last = book.row_of("Pemasukan", 0), book.row_of("Pemasukan", 1)
    got = findings_of(book, tmp_path, change=_move("Pemasukan", first, last, 1))
    assert got and "columns-shifted" not in {f.code for f in got}


def test_a_keterangan_across_several_columns_and_a_total_row_are_no_block(tmp_path):
    book = Book()
    _three_incomes(book)
    rows = [book.row_of("Pemasukan", k) for k in range(3)]

    def notes_and_total(wb):
        ws = wb["Pemasukan"]
        for r in rows:
            ws[f"H{r}"], ws[f"I{r}"], ws[f"J{r}"] = "lunas", "diterima bendahara", "kuitansi ada"
        ws[f"E{rows[-1] + 1}"], ws[f"G{rows[-1] + 1}"] = "JUMLAH", 1700000
    got = findings_of(book, tmp_path, change=notes_and_total)
    assert "columns-shifted" not in {f.code for f in got}
    assert [f.code for f in got if f.row in rows] == []
