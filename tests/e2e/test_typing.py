"""What volunteers really type, found by probing the tool as they use it: each case writes a
real workbook and asserts (sheet, cell, code, severity), or that nothing is found."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.builder import D, Book
from compiler.api import validate_files


def findings_of(book: Book, tmp_path, name="wksbm.xlsx"):
    path = book.write(tmp_path / name)
    (result,) = validate_files([path], workers=1)
    return result.findings


def typed_in(tmp_path, sheet: str, i: int, label: str, value):
    """A clean workbook with one cell typed: (that cell, the findings)."""
    book = Book()
    cell = book.set(sheet, i, label, value)
    return cell, findings_of(book, tmp_path)


def found(findings):
    return sorted((f.sheet, f.cell, f.code, f.severity) for f in findings)


@pytest.mark.parametrize("dash", ["-", " - ", "--", "\u2013"])
def test_a_dash_in_an_optional_cell_is_nothing(dash, tmp_path):
    """Indonesian forms write "-" for "none": in an optional cell it is no mistake at all."""
    book = Book()
    book.set("Inventaris", 1, "Tanggal Perolehan", dash)
    book.set("Inventaris", 0, "Nilai (Rp)", dash)
    book.set("Kegiatan", 1, "NIK Penerima", dash)
    book.set("Kegiatan", 1, "Mitra", dash)
    book.set("Kegiatan", 1, "Nilai Bantuan (Rp)", dash)
    book.set("Identitas", 0, "Nomor HP Ketua", dash)
    book.set("Identitas", 0, "Tanggal SK Pengesahan", dash)
    assert found(findings_of(book, tmp_path)) == []


def test_a_dash_in_a_required_cell_is_still_missing(tmp_path):
    book = Book()
    perihal = book.set("Agenda Surat", 0, "Perihal", "-")
    ketua = book.set("Identitas", 0, "Nama Ketua", "-")
    assert found(findings_of(book, tmp_path)) == [
        ("Agenda Surat", perihal, "required-missing", "error"),
        ("Identitas", ketua, "identity-missing", "error")]


@pytest.mark.parametrize("typed,why", [("850,000", "komanya bisa berarti ribuan atau desimal"),
                                       ("Rp 1500,000", "komanya bisa berarti ribuan atau desimal"),
                                       ("1,5", "rupiah yang bulat"), ("50.000,75", "rupiah yang bulat"),
                                       ("1,500,000", "pemisah ribuan adalah titik")])
def test_an_amount_whose_meaning_is_not_certain_is_not_read(typed, why, tmp_path):
    """"850,000" may be 850 or 850.000, and "1,5" (juta?) is no whole rupiah: read as 850 or 2
    with a mere warning, the recap would carry a wrong figure."""
    cell, (f,) = typed_in(tmp_path, "Pemasukan", 0, "Jumlah (Rp)", typed)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Pemasukan", cell, "type-number", "error")
    assert why in f.message and "misalnya 1500000" in f.message


@pytest.mark.parametrize("typed,read,without", [
    ("Rp 1.500.000", "1.500.000", "tanpa Rp dan titik: 1500000"), ("1.500.000,00", "1.500.000", "tanpa titik dan koma: 1500000"),
    ("Rp 850.000,-", "850.000", "tanpa Rp, titik dan koma: 850000"), ("Rp1500000", "1.500.000", "tanpa Rp: 1500000"),
    ("850.000,000", "850.000", "tanpa titik dan koma: 850000"), ("1.500.000.-", "1.500.000", "tanpa titik: 1500000"),
    ("750000", "750.000", "sebagai angka: 750000")])
def test_an_amount_in_indonesian_form_is_read_with_a_warning(typed, read, without, tmp_path):
    """The advice names what to leave out of what was typed, and the number to type."""
    cell, (f,) = typed_in(tmp_path, "Pemasukan", 0, "Jumlah (Rp)", typed)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Pemasukan", cell, "number-as-text", "warning")
    assert f"dibaca sebagai {read}" in f.message and without in f.message


def test_a_count_or_a_year_typed_as_text_gets_advice_without_rupiah(tmp_path):
    book = Book()
    year = book.set("Identitas", 0, "Tahun", "2026")
    count = book.set("Inventaris", 0, "Jumlah", "64")
    got = {f.cell: f for f in findings_of(book, tmp_path)}
    assert (got[year].code, got[count].code) == ("number-as-text", "number-as-text")
    assert "sebagai angka: 2026 " in got[year].message and "Rp" not in got[year].message
    assert "sebagai angka: 64 " in got[count].message and "Rp" not in got[count].message


def test_a_count_whose_comma_is_not_certain_says_why(tmp_path):
    cell, (f,) = typed_in(tmp_path, "Inventaris", 0, "Jumlah", "2,000")
    assert (f.sheet, f.cell, f.code) == ("Inventaris", cell, "type-integer")
    assert "komanya bisa berarti ribuan atau desimal" in f.message


@pytest.mark.parametrize("sheet,label,typed,said", [
    ("Pemasukan", "Jumlah (Rp)", "750 ribu", "'750 ribu' bukan angka. Ketik angka saja tanpa titik dan koma, "
                                             "misalnya 750000."),
    ("Pemasukan", "Jumlah (Rp)", "Rp 1,5 jt", "misalnya 1500000."),
    ("Pemasukan", "Jumlah (Rp)", "1.500 ribu", "misalnya 1500000."),     # the dot groups thousands
    ("Pemasukan", "Jumlah (Rp)", "2 juta rupiah", "'2 juta rupiah' bukan angka. Ketik angka saja tanpa titik dan koma, "
                                                  "misalnya 2000000."),
    ("Pemasukan", "Jumlah (Rp)", "1.5 juta", "'1.5 juta' bukan angka. Ketik angka saja tanpa titik dan koma, "
                                             "misalnya 1500000."),   # English? no number of its own said
    ("Inventaris", "Jumlah", "2 buah", "'2 buah' bukan angka bulat. Ketik angka bulat tanpa koma, misalnya 2."),
    ("Kegiatan", "Jumlah Penerima", 2.5, "'2,5' bukan angka bulat. Ketik angka bulat tanpa koma, misalnya 5.")])
def test_a_number_written_with_words_is_told_the_number_to_type(sheet, label, typed, said, tmp_path):
    """Not read (the words may mean more than the number), but the advice is that number;
    a fraction is shown as Indonesian Excel shows it."""
    cell, (f,) = typed_in(tmp_path, sheet, 1, label, typed)
    assert (f.sheet, f.cell, f.code) == (sheet, cell, "type-integer" if label != "Jumlah (Rp)" else "type-number")
    assert said in f.message


def test_rupiah_typed_in_a_count_is_not_a_count(tmp_path):
    cell, (f,) = typed_in(tmp_path, "Inventaris", 0, "Jumlah", "Rp 1.500.000")
    assert (f.sheet, f.cell, f.code, f.severity) == ("Inventaris", cell, "type-integer", "error")


@pytest.mark.parametrize("typed", ["abc", "12345", "0812 / 0877"])
def test_a_bad_phone_number_says_what_to_type(typed, tmp_path):
    cell, (f,) = typed_in(tmp_path, "Identitas", 0, "Nomor HP Ketua", typed)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Identitas", cell, "value-not-allowed", "error")
    assert "misalnya 081234567890" in f.message and "Pilih salah satu: ." not in f.message


def test_checklist_answers_people_write_are_understood(tmp_path):
    book = Book()
    labels = list(book.checklist)
    for label, typed in zip(labels, ["Ada", "\u221a", "Tidak ada", "y", "Belum", "sudah"]):
        book.checklist[label] = typed
    assert found(findings_of(book, tmp_path)) == []


def test_an_unknown_checklist_answer_is_not_called_unanswered(tmp_path):
    book = Book()
    label = list(book.checklist)[0]
    book.checklist[label] = "mungkin"
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Identitas", book.checklist_cell(label), "checklist-missing", "warning")
    assert "dijawab 'mungkin', yang tidak dikenali" in f.message and "belum dijawab" not in f.message


@pytest.mark.parametrize("typed,shown,why", [
    ("34021508O9700001", "340215******0001", "huruf atau tanda selain angka"),   # the O stands for a hidden digit
    ("3402 1508 0970 0001", "3402 15** **** 0001", "spasi atau tanda baca"),
    ("340215080970001", "340215*****0001", "berisi 15 digit, bukan 16"),
    ("3402 0312 0345 002", "3402 03** ***5 002", "berisi spasi atau tanda baca dan 15 digit, bukan 16"),
    # with the O read as 0 it has 16 digits: no count to hunt a digit for
    ("34O2031203450002", "34O203******0002", "(huruf O bukan angka 0). Ketik"),
    # Excel's short form of a number, pasted as text: its digits are gone
    ("3.40203E+15", "3.40203E+15", "bentuk singkat angka Excel, sehingga digit aslinya sudah hilang"),
    ("3402031203450002, 3402035508500001", "340203******0002, 340203******0001", "berisi lebih dari satu NIK"),
    ("3402031203450002 3402035508500001", "340203******0002 340203******0001", "berisi lebih dari satu NIK"),
    ("Poniyo Sastrosuwondo Wonokromo RT 01", "*" * 36, "bukan angka NIK"),
])
def test_a_bad_nik_says_what_is_wrong_and_shows_where(typed, shown, why, tmp_path):
    """Digits are masked (STANDARD 4), and a letter O typed for one; never a space that is the
    mistake. A name typed in the NIK column is hidden whole, however many O's it has."""
    cell, (f,) = typed_in(tmp_path, "Data PPKS", 1, "NIK", typed)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Data PPKS", cell, "nik-format", "error")
    assert f.value == shown and why in f.message


def test_a_nik_typed_after_a_literal_apostrophe_is_read(tmp_path):
    book = Book()
    book.set("Data PPKS", 1, "NIK", "'" + book.rows["Data PPKS"][1]["NIK"])
    assert found(findings_of(book, tmp_path)) == []
    cell = book.set("Data PPKS", 1, "NIK", "'")         # the mark alone: no NIK
    assert found(findings_of(book, tmp_path)) == [("Data PPKS", cell, "nik-missing", "warning")]


def sent_copy(book: Book, tmp_path):
    """The book checked and its correction copy written, as the volunteer receives it: (copy, findings)."""
    from compiler.correction.copies import write_copy

    path = book.write(tmp_path / "laporan.xlsx")
    (result,) = validate_files([path], workers=1)
    copy = tmp_path / "laporan_perbaikan.xlsx"
    assert write_copy(str(path), result.findings, copy)
    return copy, result.findings


def test_a_correction_copy_sent_back_corrected_is_clean(tmp_path):
    """The volunteer fixes the cells in the copy they were sent and sends it back, with its
    Daftar Perbaikan sheet still in it: that sheet is wksbm's own, never a finding."""
    from openpyxl import load_workbook

    book = Book()
    cell = book.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    copy, _ = sent_copy(book, tmp_path)
    wb = load_workbook(copy)
    assert "Daftar Perbaikan" in wb.sheetnames
    wb["Buku Tamu"][cell] = "21/08/2026"
    wb.save(copy)
    (again,) = validate_files([copy], workers=1)
    assert found(again.findings) == [("Buku Tamu", cell, "date-as-text", "warning")]


def test_a_region_or_quarter_typed_after_its_word_is_read(tmp_path):
    book = Book()
    book.set("Identitas", 0, "Kapanewon", "Kapanewon Kretek")
    book.set("Identitas", 0, "Kalurahan", "Kalurahan Parangtritis")
    book.set("Identitas", 0, "Triwulan", "Triwulan III")
    assert found(findings_of(book, tmp_path)) == []


def test_a_misspelt_region_gets_the_name_it_likely_meant(tmp_path):
    cell, (f,) = typed_in(tmp_path, "Identitas", 0, "Kalurahan", "Parangtritiss")
    assert (f.sheet, f.cell, f.code, f.severity) == ("Identitas", cell, "region-unknown", "error")
    assert "mungkin maksudnya Parangtritis" in f.message


def test_a_workbook_named_xlsm_is_file_unsafe_whatever_it_holds(tmp_path):
    """STANDARD 2: file-unsafe for macros (.xlsm / vbaProject); Excel refuses an .xlsm of plain content too."""
    path = Book().write(tmp_path / "laporan.xlsm")
    (result,) = validate_files([path], workers=1)
    assert found(result.findings) == [("", "", "file-unsafe", "error")]
    assert ".xlsx" in result.findings[0].message


def test_an_attendance_row_with_a_wrong_date_is_one_finding(tmp_path):
    """Its meeting's count then differs too, but which meeting it was is not known."""
    book = Book()
    cell = book.set("Daftar Hadir", 1, "Tanggal Rapat", D(2026, 8, 11))
    (f,) = findings_of(book, tmp_path)
    assert found([f]) == [("Daftar Hadir", cell, "ref-meeting-missing", "error")]
    # which of the two dates is wrong is not known: the meetings there are named
    assert "(di sana tercatat rapat tanggal 10/08/2026)" in f.message


def test_a_stray_attendance_row_hides_no_unrelated_count(tmp_path):
    """One row dated wrong may be what another meeting lacks, but not three."""
    book = Book()
    count = book.set("Notulensi Rapat", 0, "Jumlah Hadir", 5)           # 2 names on that date
    book.add_row("Notulensi Rapat", {**book.rows["Notulensi Rapat"][0], "Tanggal Rapat": D(2026, 9, 20),
                                     "Jumlah Hadir": 1})
    stray = book.cell("Daftar Hadir", book.add_row("Daftar Hadir", {"Tanggal Rapat": D(2026, 9, 21), "Nama": "Jumadi"}), "Tanggal Rapat")
    assert found(findings_of(book, tmp_path)) == [("Daftar Hadir", stray, "ref-meeting-missing", "error"),
                                                  ("Notulensi Rapat", count, "attendance-mismatch", "warning")]


def test_no_accepted_spelling_shadows_a_real_name():
    from schemas.standard import IDENTITAS, TABLES, norm

    for sheet in (IDENTITAS,) + TABLES:
        for col in sheet.columns:
            real = {norm(a): a for a in col.allowed}
            assert all(real.get(norm(alias), canon) == canon for alias, canon in col.aliases), col.label


@pytest.mark.parametrize("typed", ["Kel.Parangtritis", "Ds Parangtritis", "desa parangtritis"])
def test_a_region_after_its_word_is_read(typed, tmp_path):
    assert found(typed_in(tmp_path, "Identitas", 0, "Kalurahan", typed)[1]) == []


def test_a_misspelt_region_after_its_word_gets_the_name_it_likely_meant(tmp_path):
    cell, (f,) = typed_in(tmp_path, "Identitas", 0, "Kalurahan", "Desa Parangtritiss")
    assert (f.cell, f.code) == (cell, "region-unknown") and "mungkin maksudnya Parangtritis" in f.message


@pytest.mark.parametrize("typed,meant", [
    ("Kretek Bantul", "mungkin maksudnya Kretek (Kapanewon tempat Kalurahan Parangtritis)"),   # its kalurahan says
    ("Kec. Sewon, Kab. Bantul", "mungkin maksudnya Kretek (Kapanewon tempat Kalurahan Parangtritis)"),
    ("Kotagede", "mungkin maksudnya Kretek (Kapanewon tempat Kalurahan Parangtritis)")])
def test_an_unknown_kapanewon_gets_the_kapanewon_of_its_kalurahan(typed, meant, tmp_path):
    """An example name such as Kretek, typed as told, would be a region-mismatch in another kapanewon."""
    cell, (f,) = typed_in(tmp_path, "Identitas", 0, "Kapanewon", typed)
    assert (f.cell, f.code) == (cell, "region-unknown") and meant in f.message


@pytest.mark.parametrize("typed,said", [("Semarang", "yang memuat semua nama Kapanewon di Bantul"),
                                        ("Sewon, Kab. Bantul", "mungkin maksudnya Sewon.")])
def test_an_unknown_kapanewon_of_an_unknown_kalurahan(typed, said, tmp_path):
    """No example name to copy blindly; the kabupaten written after the name is no part of it."""
    book = Book()
    book.set("Identitas", 0, "Kalurahan", "Ngemplak Kidul")
    cell = book.set("Identitas", 0, "Kapanewon", typed)
    f = [f for f in findings_of(book, tmp_path) if f.cell == cell][0]
    assert f.code == "region-unknown" and "misalnya" not in f.message and said in f.message


@pytest.mark.parametrize("day,why", [(D(2062, 10, 5), "belum terjadi"), (D(2026, 5, 1), "sebelum triwulan"),
                                     (D(1901, 1, 1), "sebelum triwulan")])
def test_a_report_date_in_the_future_or_before_its_quarter_is_wrong(day, why, tmp_path):
    """It decides which of two reports counts: a typo must not let an old report win."""
    cell, (f,) = typed_in(tmp_path, "Identitas", 0, "Tanggal Laporan", day)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Identitas", cell, "value-range", "error")
    assert why in f.message


def test_a_huge_year_is_one_finding_and_no_crash(tmp_path):
    book = Book()
    cell = book.set("Identitas", 0, "Tahun", 99999)
    assert found(findings_of(book, tmp_path)) == [("Identitas", cell, "period-invalid", "error")]


@pytest.mark.parametrize("drop_list", [False, True])
def test_a_copy_sent_back_again_carries_only_the_new_marks(drop_list, tmp_path):
    """The volunteer fixes one of two cells in the copy (deleting its Daftar Perbaikan sheet or
    not) and sends it back: the fixed cell is no longer coloured or noted, and the other
    cell's note is said once."""
    from openpyxl import load_workbook

    from compiler.correction.copies import FILLS, write_copy

    book = Book()
    fixed = book.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    still = book.set("Pemasukan", 0, "Jumlah (Rp)", "850,000")
    copy, _ = sent_copy(book, tmp_path)
    wb = load_workbook(copy)
    wb["Buku Tamu"][fixed] = D(2026, 8, 21)
    if drop_list:
        del wb["Daftar Perbaikan"]
    wb.save(copy)
    (again,) = validate_files([copy], workers=1)
    assert found(again.findings) == [("Pemasukan", still, "type-number", "error")]
    second = tmp_path / "kedua.xlsx"
    assert write_copy(str(copy), again.findings, second)
    wb = load_workbook(second)
    assert wb["Buku Tamu"][fixed].comment is None
    assert wb["Buku Tamu"][fixed].fill.fill_type is None
    note = wb["Pemasukan"][still].comment.text
    assert note.count("bukan angka") == 1
    assert str(wb["Pemasukan"][still].fill.fgColor.rgb)[-6:] == FILLS["error"][-6:]


def test_a_name_in_the_nik_column_is_no_nik_format_excuse(tmp_path):
    book = Book()
    cell = book.set("Data PPKS", 1, "NIK", "Painem")
    assert found(findings_of(book, tmp_path)) == [("Data PPKS", cell, "nik-format", "error")]


@pytest.mark.parametrize("typed", ["Tidak punya KTP", "belum punya", "tidak ada", "Tidak diketahui NIK-nya"])
def test_a_nik_cell_saying_there_is_none_is_no_nik(typed, tmp_path):
    """Common among PPKS: telling the truth is the warning an empty NIK gets, not an error."""
    book = Book()
    cell = book.set("Data PPKS", 1, "NIK", typed)
    assert found(findings_of(book, tmp_path)) == [("Data PPKS", cell, "nik-missing", "warning")]


def test_words_for_nothing_in_optional_cells_are_nothing(tmp_path):
    book = Book()
    book.set("Kegiatan", 1, "Mitra", "Tidak ada")
    book.set("Identitas", 0, "Nomor HP Ketua", "tidak punya")
    book.set("Inventaris", 1, "Tanggal Perolehan", "tidak tahu")
    book.set("Identitas", 0, "Tanggal SK Pengesahan", "belum ada")
    assert found(findings_of(book, tmp_path)) == []


@pytest.mark.parametrize("typed", ["6281234567890", "(0274) 367123", "081234567890 (WA)", "+62 812-3456-7890"])
def test_phone_numbers_as_people_write_them_are_read(typed, tmp_path):
    assert found(typed_in(tmp_path, "Identitas", 0, "Nomor HP Ketua", typed)[1]) == []


@pytest.mark.parametrize("typed,why", [("29/02/2025", "tidak ada di kalender"), ("31/09/2026", "tidak ada di kalender"),
                                       ("17/08/26", "4 angka"), ("46251", "nomor tanggal Excel"),
                                       ("besok pagi", "tidak dikenali"),
                                       ("08/20/2026", "'08/20/2026' ditulis bulan dulu (tidak ada bulan 20). Ketik hari "
                                                      "dulu: 20/08/2026."),
                                       ("Juli 2026", "'Juli 2026' belum berisi hari. Ketik tanggal lengkapnya, misalnya "
                                                     "17/07/2026."),
                                       (3402012808100001, "angka yang tidak mungkin tanggal"),
                                       (dt.time(10, 30), "berisi jam, bukan tanggal")])
def test_a_date_that_is_no_date_says_why(typed, why, tmp_path):
    cell, (f,) = typed_in(tmp_path, "Buku Tamu", 0, "Tanggal", typed)
    assert (f.cell, f.code) == (cell, "type-date") and why in f.message


@pytest.mark.parametrize("sheet,label,typed", [("Data PPKS", "Jenis Kelamin", "Pria"),
                                               ("Agenda Surat", "Jenis Surat", "Surat Masuk"),
                                               ("Pemasukan", "Sumber Dana", "Zakat Mal")])
def test_choices_written_the_common_way_are_read(sheet, label, typed, tmp_path):
    assert found(typed_in(tmp_path, sheet, 1, label, typed)[1]) == []


@pytest.mark.parametrize("sheet,label,typed", [("Data PPKS", "Alamat", "Tidak diketahui"),
                                               ("Notulensi Rapat", "Hasil/Keputusan", "Belum ada")])
def test_words_for_none_in_a_required_text_are_its_value(sheet, label, typed, tmp_path):
    """A homeless person's Alamat "Tidak diketahui" is what is known: no mistake."""
    assert found(typed_in(tmp_path, sheet, 0, label, typed)[1]) == []


def test_words_for_none_in_a_choice_get_the_list_of_choices(tmp_path):
    cell, (f,) = typed_in(tmp_path, "Data PPKS", 0, "Status Penanganan", "Belum ada")
    assert (f.cell, f.code) == (cell, "value-not-allowed") and f.value == "Belum ada"


def test_rp_dash_is_zero(tmp_path):
    book = Book()
    book.set("Identitas", 0, "Saldo Kas Awal (Rp)", "Rp -")
    assert [f.code for f in findings_of(book, tmp_path)] == ["number-as-text"]


def test_a_month_name_not_known_says_so(tmp_path):
    cell, (f,) = typed_in(tmp_path, "Buku Tamu", 0, "Tanggal", "21 Agst 2026")
    assert (f.cell, f.code) == (cell, "type-date") and "nama bulannya tidak dikenali" in f.message


def test_a_wrong_year_is_one_finding(tmp_path):
    book = Book()
    cell = book.set("Identitas", 0, "Tahun", 2062)
    assert found(findings_of(book, tmp_path)) == [("Identitas", cell, "period-invalid", "error")]


def test_each_stray_attendance_row_explains_one_count_only(tmp_path):
    book = Book()
    book.set("Notulensi Rapat", 0, "Jumlah Hadir", 3)                  # 2 names: short by one
    book.add_row("Notulensi Rapat", {**book.rows["Notulensi Rapat"][0], "Tanggal Rapat": D(2026, 9, 20),
                                     "Jumlah Hadir": 3})
    for name in ("Jumadi", "Warsini"):
        book.add_row("Daftar Hadir", {"Tanggal Rapat": D(2026, 9, 20), "Nama": name})
    book.add_row("Daftar Hadir", {"Tanggal Rapat": D(2026, 9, 21), "Nama": "Tukiyem"})   # one stray row
    codes = sorted(f.code for f in findings_of(book, tmp_path))
    assert codes == ["attendance-mismatch", "ref-meeting-missing"]


def test_a_copy_sent_back_without_its_list_loses_old_marks_on_other_sheets(tmp_path):
    """The new finding is on a sheet with no note yet: the old mark elsewhere still goes."""
    from openpyxl import load_workbook

    from compiler.correction.copies import write_copy

    book = Book()
    fixed = book.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    copy, _ = sent_copy(book, tmp_path)
    wb = load_workbook(copy)
    wb["Buku Tamu"][fixed] = D(2026, 8, 21)
    del wb["Daftar Perbaikan"]
    new = book.cell("Kegiatan", 1, "Jumlah Penerima")
    wb["Kegiatan"][new] = "banyak"
    wb.save(copy)
    (again,) = validate_files([copy], workers=1)
    second = tmp_path / "kedua.xlsx"
    assert write_copy(str(copy), again.findings, second)
    wb = load_workbook(second)
    assert wb["Buku Tamu"][fixed].comment is None and wb["Buku Tamu"][fixed].fill.fill_type is None
    assert wb["Kegiatan"][new].comment is not None


@pytest.mark.parametrize("sheet,label,typed,meant", [("Data PPKS", "Status Penanganan", "Sudah Ditanggani", "Sudah Ditangani"),
                                                     ("Data PSKS", "Lokasi", "Dalam", "Dalam Wilayah")])
def test_a_misspelt_or_shortened_choice_gets_the_one_it_likely_meant(sheet, label, typed, meant, tmp_path):
    cell, (f,) = typed_in(tmp_path, sheet, 0, label, typed)
    assert (f.cell, f.code) == (cell, "value-not-allowed") and f"Mungkin maksudnya {meant}." in f.message


@pytest.mark.parametrize("typed,why", [(D(1905, 5, 28), "tahun 1975 yang diketik saja"), (1975, "hanya berisi tahun"),
                                       ("1975", "hanya berisi tahun")])
def test_a_birth_year_typed_alone_is_no_date(typed, why, tmp_path):
    """1975 typed into a date-formatted cell is Excel's day 1975: 28/05/1905, shown as a date."""
    cell, findings = typed_in(tmp_path, "Data PPKS", 0, "Tanggal Lahir", typed)
    assert found(findings) == [("Data PPKS", cell, "type-date", "error")] and why in findings[0].message


def test_a_date_kept_as_text_is_told_how_to_make_it_a_date_not_to_type_it_again(tmp_path):
    """'17/08/2026' stays text in a Text-formatted cell (or an Excel set to US dates): typing it
    the same way again changes nothing, so the advice is the cell's format."""
    cell, (f,) = typed_in(tmp_path, "Buku Tamu", 0, "Tanggal", "17/08/2026")
    assert (f.cell, f.code, f.severity) == (cell, "date-as-text", "warning")
    assert "ubah format selnya menjadi Tanggal" in f.message and "misalnya 17/08/2026" not in f.message


@pytest.mark.parametrize("sheet,label,typed", [("Pemasukan", "Sumber Dana", "Zakat Maal\u200b"),
                                               ("Pemasukan", "Sumber Dana", "\ufeffZakat Maal_x0007_"),  # a bell, as Excel escapes it
                                               ("Pemasukan", "Tanggal", "17/08/2026\u200b"),
                                               ("Pemasukan", "Jumlah (Rp)", "1500000\u00ad"),
                                               ("Data PPKS", "NIK", "3402035508500001\u200b"),
                                               ("Inventaris", "Nilai (Rp)", "NIHIL\u200b"),
                                               ("Inventaris", "Nilai (Rp)", "-\u200b\u200b\u200b")])
def test_characters_no_one_sees_are_no_part_of_a_value(sheet, label, typed, tmp_path):
    """Pasted from a chat or a web page: what the volunteer sees is right, so it is read so
    (a date or a number typed as text is still said as such)."""
    codes = [f.code for f in typed_in(tmp_path, sheet, 0, label, typed)[1]]
    assert codes in ([], ["date-as-text"], ["number-as-text"])


@pytest.mark.parametrize("typed,iso,swapped", [("20/08/2026", "sebagai 2026-08-20 (tahun-bulan-tanggal", True),
                                              ("05/09/2026", "sebagai 2026-09-05 (tahun-bulan-tanggal", False),
                                              ("21 Agustus 2026", "sebagai 2026-08-21 (tahun-bulan-tanggal", False),
                                              ("2026-08-12", "tanggalnya.", False),   # typed so already: no loop
                                              ("12.08.2026", "sebagai 2026-08-12 (tahun-bulan-tanggal", False)])
def test_a_date_kept_as_text_is_told_the_form_every_computer_reads(typed, iso, swapped, tmp_path):
    """Retyped as 17/08/2026 on a computer that reads month first, it stays text (or turns
    into another date); 2026-08-17 is read right everywhere. A day over 12 kept as text is how
    such a computer shows itself: its other dates may have day and month swapped."""
    cell, (f,) = typed_in(tmp_path, "Buku Tamu", 0, "Tanggal", typed)
    assert (f.cell, f.code) == (cell, "date-as-text") and f"lalu ketik ulang {iso}" in f.message
    assert ("mungkin hari dan bulannya tertukar" in f.message) == swapped
