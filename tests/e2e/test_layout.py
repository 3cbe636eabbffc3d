"""How volunteers lay their books out, found by probing the tool as they use it: title rows,
column titles typed otherwise, rows that are no records, merged cells. Each case writes a real
workbook and asserts (sheet, cell, code, severity), or that nothing is found."""
from __future__ import annotations

import pytest

from tests.helpers.builder import D, Book
from compiler.api import validate_files
from tests.e2e.test_typing import findings_of, found


def test_a_row_of_dashes_is_not_a_record(tmp_path):
    book = Book()
    book.add_row("Buku Tamu", {"Tanggal": "-", "Nama Tamu": "-", "Instansi/Alamat": "-", "Keperluan": "-"})
    assert found(findings_of(book, tmp_path)) == []


def test_a_row_holding_only_a_zero_is_a_record(tmp_path):
    """STANDARD 1.2: only a row of empty cells (or only No) is not a record; a 0 is a value."""
    book = Book()
    i = book.add_row("Pengeluaran", {"Jumlah (Rp)": 0})
    got = found(findings_of(book, tmp_path))
    assert ("Pengeluaran", book.cell("Pengeluaran", i, "Tanggal"), "required-missing", "error") in got
    assert ("Pengeluaran", book.cell("Pengeluaran", i, "Jumlah (Rp)"), "value-range", "error") in got


def test_labels_with_a_colon_a_spaced_slash_or_without_rp_are_read(tmp_path):
    from openpyxl import load_workbook

    path = Book().write(tmp_path / "label.xlsx")
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=30):
            for cell in row:
                if cell.value in ("Kapanewon", "Saldo Kas Awal (Rp)", "Jumlah (Rp)", "Nama Donatur/Pihak"):
                    cell.value = {"Kapanewon": "Kapanewon :", "Nama Donatur/Pihak": "Nama Donatur / Pihak"}.get(
                        cell.value, cell.value.replace(" (Rp)", ""))
    wb.save(path)
    (result,) = validate_files([path], workers=1)
    assert found(result.findings) == []


def test_a_slightly_wrong_column_title_gets_the_right_title_as_advice(tmp_path):
    book = Book()
    book.headers["Buku Tamu"] = [h.replace("Keperluan", "Keperluann") for h in book.headers["Buku Tamu"]]
    (f,) = findings_of(book, tmp_path)   # a required column renamed: one mistake, one finding
    assert (f.sheet, f.code, f.severity) == ("Buku Tamu", "column-missing", "error")
    assert "'Keperluann' tampaknya kolom ini: ubah judulnya menjadi 'Keperluan'" in f.message
    assert "Keterangan" not in f.message


def test_an_identity_label_typed_otherwise_is_said_at_that_label(tmp_path):
    """The answer is there, under 'Nama Ketua WKSBM': not 'belum diisi', but which label to change."""
    book = Book()
    cell = "A" + book.identity_cell("Nama Ketua")[1:]
    book.identity = {("Nama Ketua WKSBM" if k == "Nama Ketua" else k): v for k, v in book.identity.items()}
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.cell, f.code, f.severity, f.column) == ("Identitas", cell, "identity-missing", "error", "Nama Ketua")
    assert f.message == (f"Nama Ketua tidak terbaca: labelnya di sel {cell} tertulis 'Nama Ketua WKSBM'. Ubah label "
                         "itu menjadi 'Nama Ketua', persis seperti pada templat.")


def test_an_identity_label_not_found_is_said_so(tmp_path):
    book = Book()
    book.identity = {("Pimpinan" if k == "Nama Ketua" else k): v for k, v in book.identity.items()}
    (f,) = [f for f in findings_of(book, tmp_path) if f.code == "identity-missing"]
    assert (f.cell, f.column) == ("", "Nama Ketua")
    assert f.message == ("Nama Ketua tidak terbaca: label 'Nama Ketua' tidak ditemukan di kolom A. Bila labelnya "
                         "tertulis lain, ubah menjadi 'Nama Ketua', persis seperti pada templat; bila barisnya "
                         "terhapus, tambahkan 'Nama Ketua' di kolom A dan isinya di kolom B, misalnya Suharjo.")


def test_a_workbook_without_identitas_gets_that_one_finding(tmp_path):
    book = Book()
    book.sheets.remove("Identitas")
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Identitas", "", "sheet-missing", "error")
    assert "lalu isi jawabannya di kolom B" in f.message and "baris judul" not in f.message   # a form, no header


def _merged_down(tmp_path, book: Book, sheet: str, top: str, below: str) -> list:
    """The findings of the book with the cells top to below merged down (Merge & Center): the
    cells under the first emptied, as Excel leaves them."""
    from openpyxl import load_workbook

    path = book.write(tmp_path / "gabung.xlsx")
    wb = load_workbook(path)
    wb[sheet][below] = None
    wb[sheet].merge_cells(f"{top}:{below}")
    wb.save(path)
    (result,) = validate_files([path], workers=1)
    return result.findings


def _merged_dates(tmp_path, date):
    """Daftar Hadir with one meeting date merged down over its two attendees."""
    book = Book()
    top = book.set("Daftar Hadir", 0, "Tanggal Rapat", date)
    return top, _merged_down(tmp_path, book, "Daftar Hadir", top, book.cell("Daftar Hadir", 1, "Tanggal Rapat"))


def test_a_date_merged_down_over_its_attendees_is_each_rows(tmp_path):
    """As the person sees it: the merged date belongs to every row it covers."""
    _, findings = _merged_dates(tmp_path, D(2026, 8, 10))
    assert found(findings) == []


def test_a_mistake_in_a_merged_cell_is_said_once_where_it_is_seen(tmp_path):
    top, findings = _merged_dates(tmp_path, "besok pagi")
    assert found(findings) == [("Daftar Hadir", top, "type-date", "error")]


def test_a_total_row_is_told_it_may_go(tmp_path):
    book = Book()
    i = book.add_row("Pemasukan", {"Uraian": "JUMLAH", "Jumlah (Rp)": 1300000})
    got = [f for f in findings_of(book, tmp_path) if f.row == book.row_of("Pemasukan", i)]
    (f,) = got   # one mistake, one finding: on the row's first empty required cell
    assert (f.cell, f.code) == (book.cell("Pemasukan", i, "Tanggal"), "required-missing")
    assert f.message == ("Kolom Tanggal wajib diisi. Baris ini tampaknya baris jumlah: hapus barisnya, karena Dinas "
                         "menjumlahkan sendiri.")   # not also "Lengkapi isinya"


def test_the_header_row_pasted_again_is_not_a_record(tmp_path):
    book = Book()
    book.add_row("Buku Tamu", {label: label for label in book.headers["Buku Tamu"][1:]})
    book.add_row("Buku Tamu", {**book.rows["Buku Tamu"][0], "Nama Tamu": "Wartini"})
    assert found(findings_of(book, tmp_path)) == []


@pytest.mark.parametrize("typed", ["NIHIL", "Tidak ada tamu pada triwulan ini"])
def test_a_row_saying_the_book_is_empty_is_not_a_record(typed, tmp_path):
    book = Book()
    book.rows["Buku Tamu"] = [{"Tanggal": typed}]
    assert found(findings_of(book, tmp_path)) == []


def test_a_merged_amount_or_count_is_never_copied_to_each_row(tmp_path):
    """A copy would multiply the recap's figure: each hidden cell is missing, and says why."""
    book = Book()
    i = book.add_row("Kegiatan", {**book.rows["Kegiatan"][1], "Nama Kegiatan": "Penyuluhan lanjutan"})
    top = book.cell("Kegiatan", 1, "Jumlah Penerima")
    findings = _merged_down(tmp_path, book, "Kegiatan", top, book.cell("Kegiatan", i, "Jumlah Penerima"))
    assert found(findings) == [("Kegiatan", top, "required-missing", "error")]   # where it is seen
    assert "pisahkan gabungannya" in findings[0].message


def test_a_quantity_column_beside_the_amount_is_only_an_extra_column(tmp_path):
    """"Jumlah" is read as "Jumlah (Rp)" only when that label is not there too."""
    book = Book()
    book.headers["Pengeluaran"].insert(4, "Jumlah")
    got = found(findings_of(book, tmp_path))
    assert got == [("Pengeluaran", "", "column-unknown", "warning")]


def test_title_advice_never_names_a_column_that_is_there(tmp_path):
    book = Book()
    book.headers["Data Donatur"].insert(1, "Nama Donatu")
    (f,) = findings_of(book, tmp_path)
    assert f.code == "column-unknown" and "ubah judulnya" not in f.message


def test_an_extra_column_where_there_is_no_keterangan_gets_fitting_advice(tmp_path):
    book = Book()
    book.headers["Buku Tamu"].append("Tanda Tangan")
    (f,) = findings_of(book, tmp_path)
    assert f.code == "column-unknown" and "Keterangan" not in f.message and "hapus kolom ini" in f.message


def test_a_real_expense_named_total_gets_no_advice_to_delete_it(tmp_path):
    book = Book()
    book.set("Pengeluaran", 1, "Uraian", "Total biaya fotokopi buku administrasi")
    book.set("Pengeluaran", 1, "Jenis Pengeluaran", None)
    (f,) = findings_of(book, tmp_path)
    assert f.code == "required-missing" and "baris jumlah" not in f.message


def test_a_nik_merged_over_one_persons_rows_is_each_rows(tmp_path):
    """One person, several PPKS kinds: the NIK merged down is theirs on every row."""
    book = Book()
    i = book.add_row("Data PPKS", {**book.rows["Data PPKS"][1], "Jenis PPKS": "Penyandang Disabilitas"})
    top, below = book.cell("Data PPKS", 1, "NIK"), book.cell("Data PPKS", i, "NIK")
    assert found(_merged_down(tmp_path, book, "Data PPKS", top, below)) == []


@pytest.mark.parametrize("sheet,label,typed,code", [("Data PPKS", "NIK", "NIK KTP", "column-unknown"),
                                                    ("Data Donatur", "Nama Donatur", "Nama", "column-missing"),
                                                    ("Data Jejaring", "Nama Lembaga", "Nama", "column-missing"),
                                                    ("Notulensi Rapat", "Hasil/Keputusan", "Keputusan", "column-missing"),
                                                    ("Agenda Surat", "Asal/Tujuan", "Tujuan", "column-missing")])
def test_a_renamed_key_column_is_one_finding_and_no_lookup_fails(sheet, label, typed, code, tmp_path):
    """A register's key column renamed ("NIK KTP") is said once, with its right title; the books
    that look names and NIKs up in it are not told those are missing, for they are there."""
    book = Book()
    book.headers[sheet] = [typed if h == label else h for h in book.headers[sheet]]
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.cell, f.code) == (sheet, "", code)
    assert f"ubah judulnya menjadi '{label}'" in f.message and "Keterangan" not in f.message


def test_a_renamed_meeting_date_makes_no_attendance_mismatch(tmp_path):
    book = Book()
    book.headers["Daftar Hadir"] = [h if h != "Tanggal Rapat" else "Tgl" for h in book.headers["Daftar Hadir"]]
    assert sorted(f.code for f in findings_of(book, tmp_path)) == ["column-missing", "column-unknown"]


def test_rename_advice_never_names_a_column_read_under_its_short_title(tmp_path):
    book = Book()
    book.headers["Pemasukan"] = [h if h != "Jumlah (Rp)" else "Jumlah" for h in book.headers["Pemasukan"]]
    book.headers["Pemasukan"].append("Jumlah Barang")
    book.rows["Pemasukan"] = [{("Jumlah" if k == "Jumlah (Rp)" else k): v for k, v in row.items()}
                              for row in book.rows["Pemasukan"]]
    (f,) = findings_of(book, tmp_path)
    assert f.code == "column-unknown" and f.column == "Jumlah Barang" and "ubah judulnya" not in f.message


def test_two_columns_with_one_title_are_two_findings_and_no_guess(tmp_path):
    book = Book()
    book.headers["Buku Tamu"] += ["Catatan", "Catatan"]
    book.headers["Data Donatur"] = [h if h != "Nama Donatur" else "Nama" for h in book.headers["Data Donatur"]]
    book.headers["Data Donatur"].append("Nama")
    got = findings_of(book, tmp_path)
    assert found(got) == [("Buku Tamu", "", "column-unknown", "warning")] * 2 + [
        ("Data Donatur", "", "column-missing", "error")] + [("Data Donatur", "", "column-unknown", "warning")] * 2
    assert "Tambahkan kolom berjudul 'Nama Donatur'" in next(f.message for f in got if f.code == "column-missing")
    assert not any("ubah judulnya" in f.message for f in got)


def _donors(book: Book) -> list[list]:
    return [book.headers["Data Donatur"]] + [[None] + list(r.values()) for r in book.rows["Data Donatur"]]


def test_a_renamed_sheet_is_one_finding_naming_the_sheet_it_is(tmp_path):
    """'Donatur' for 'Data Donatur': told to rename it, not to add an empty 'Data Donatur' and
    that 'Donatur' is not read (which, followed, would lose the donors)."""
    book = Book()
    book.sheets.remove("Data Donatur")
    book.extra_sheets["Donatur"] = _donors(book)
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Data Donatur", "", "sheet-missing", "error")
    assert "Lembar 'Donatur' tampaknya lembar ini: ubah nama lembarnya menjadi 'Data Donatur'." in f.message


def test_a_missing_sheet_is_told_to_be_copied_with_its_header(tmp_path):
    """An empty sheet of that name would be header-not-found; two titles that may be it: neither.
    Each holds the donors' records under their header (STANDARD 1.1: sheet-extra-data)."""
    book = Book()
    book.sheets.remove("Data Donatur")
    book.extra_sheets.update({"Donatur Tetap": _donors(book), "Donatur Lain": _donors(book)})
    got = {f.sheet: f for f in findings_of(book, tmp_path)}
    assert sorted((s, f.code) for s, f in got.items()) == [
        ("Data Donatur", "sheet-missing"), ("Donatur Lain", "sheet-extra-data"), ("Donatur Tetap", "sheet-extra-data")]
    assert "Pindahkan baris data itu ke lembar 'Data Donatur'" in got["Donatur Lain"].message
    assert "Salin lembar 'Data Donatur' dari templat, lengkap dengan baris judul kolomnya" in got["Data Donatur"].message


def test_a_second_sheet_of_the_same_name_is_said_not_to_be_read(tmp_path):
    """Names match ignoring case and surrounding spaces (STANDARD 1): 'Pemasukan ' after
    'Pemasukan' would be left unread without a word."""
    book = Book()
    book.extra_sheets["Pemasukan "] = [["Tanggal", "Jumlah (Rp)"], ["01/08/2026", "banyak"]]
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.cell, f.code, f.severity) == ("Pemasukan ", "", "sheet-unknown", "warning")
    assert f.message == ("Lembar 'Pemasukan ' tidak dibaca: namanya sama dengan lembar 'Pemasukan', yang dibaca "
                         "(hanya beda spasi atau huruf besar/kecil). Pindahkan isinya yang penting ke lembar "
                         "'Pemasukan', lalu hapus lembar ini.")


def test_what_a_second_sheet_named_alike_holds_is_never_the_first_ones(tmp_path):
    """Its error cells and merges are its own: an error value there is no finding on the sheet
    read, and a date merged down there fills no empty date of the sheet read."""
    from openpyxl import load_workbook

    book = Book()
    empty = book.set("Pemasukan", 1, "Tanggal", None)
    path = book.write(tmp_path / "dua.xlsx")
    wb = load_workbook(path)
    copy = wb.copy_worksheet(wb["Pemasukan"])
    copy.title = "Pemasukan "
    top = book.cell("Pemasukan", 0, "Tanggal")
    copy[empty] = None
    copy.merge_cells(f"{top}:{empty}")
    copy[book.cell("Pemasukan", 0, "Jumlah (Rp)")] = "=1/0"
    wb.save(path)
    (result,) = validate_files([path], workers=1)
    assert found(result.findings) == [("Pemasukan", empty, "required-missing", "error"),
                                      ("Pemasukan ", "", "sheet-unknown", "warning")]


def test_of_two_sheets_named_alike_the_visible_one_is_read(tmp_path):
    from openpyxl import load_workbook

    book = Book()
    path = book.write(tmp_path / "tersembunyi.xlsx")
    wb = load_workbook(path)
    hidden = wb.create_sheet("pemasukan ", 0)
    hidden.append(["tidak dipakai"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    (result,) = validate_files([path], workers=1)
    assert found(result.findings) == [("pemasukan ", "", "sheet-unknown", "warning")]
    assert "yang dibaca" in result.findings[0].message and "'Pemasukan'" in result.findings[0].message


def test_an_empty_sheet_of_another_name_may_be_deleted(tmp_path):
    book = Book()
    book.extra_sheets["Sheet1"] = []
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.code, f.severity) == ("Sheet1", "sheet-unknown", "warning")
    assert f.message == "Lembar 'Sheet1' tidak dibaca: kosong dan bukan bagian dari templat. Lembar ini boleh dihapus."


def _without(book: Book, sheet: str, label: str) -> None:
    book.headers[sheet].remove(label)
    for record in book.rows[sheet]:
        record.pop(label, None)


def test_a_column_required_by_other_cells_is_missing_when_rows_need_it(tmp_path):
    """Nama Donatur/Pihak is required when Sumber Dana is Donatur (STANDARD 1.2): a Pemasukan
    with a Donatur row and no such column is column-missing, not clean."""
    book = Book()
    _without(book, "Pemasukan", "Nama Donatur/Pihak")
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.cell, f.code, f.severity, f.column) == ("Pemasukan", "", "column-missing", "error",
                                                                "Nama Donatur/Pihak")
    assert f"bila Sumber Dana berisi Donatur, seperti di baris {book.row_of('Pemasukan', 0)}." in f.message
    book.rows["Pemasukan"][0]["Sumber Dana"] = "Usaha WKSBM"     # no row needs it: nothing missing
    assert findings_of(book, tmp_path, "tanpa_donatur.xlsx") == []


def test_a_renamed_column_required_by_other_cells_is_one_finding(tmp_path):
    book = Book()
    book.headers["Pemasukan"] = [h if h != "Nama Donatur/Pihak" else "Nama Pihak" for h in book.headers["Pemasukan"]]
    for record in book.rows["Pemasukan"]:
        record["Nama Pihak"] = record.pop("Nama Donatur/Pihak", None)
    (f,) = findings_of(book, tmp_path)
    assert (f.sheet, f.code, f.column) == ("Pemasukan", "column-missing", "Nama Donatur/Pihak")
    assert "Kolom berjudul 'Nama Pihak' tampaknya kolom ini" in f.message


def test_data_ppks_without_its_nik_column_has_no_nik_in_any_row(tmp_path):
    """NIK may be empty with a warning (STANDARD 1.2): without the column, every row is so, and a
    recipient's NIK in Kegiatan is in no Data PPKS row. Renamed ('NIK KTP'), it is said as such."""
    book = Book()
    _without(book, "Data PPKS", "NIK")
    got = found(findings_of(book, tmp_path))
    rows = [book.row_of("Data PPKS", i) for i in range(len(book.rows["Data PPKS"]))]
    recipients = [book.cell("Kegiatan", i, "NIK Penerima") for i, r in enumerate(book.rows["Kegiatan"])
                  if r.get("NIK Penerima")]
    assert got == sorted([("Data PPKS", "", "nik-missing", "warning")] * len(rows)
                         + [("Kegiatan", c, "ref-ppks-missing", "error") for c in recipients])
    ref = [f for f in findings_of(book, tmp_path, "lagi.xlsx") if f.code == "ref-ppks-missing"][0]
    assert "Lembar Data PPKS tidak punya kolom NIK" in ref.message and "Tambahkan penerima" not in ref.message
    renamed = Book()
    renamed.headers["Data PPKS"] = ["NIK KTP" if h == "NIK" else h for h in renamed.headers["Data PPKS"]]
    for record in renamed.rows["Data PPKS"]:
        record["NIK KTP"] = record.pop("NIK")
    assert found(findings_of(renamed, tmp_path, "nik_ktp.xlsx")) == [("Data PPKS", "", "column-unknown", "warning")]


def test_a_title_merged_down_over_a_two_row_header_is_read(tmp_path):
    """'Tanggal' typed in the row above and merged down over the header row (a two-row header
    whose other titles sit in its second row): the person sees it there."""
    from openpyxl import load_workbook

    book = Book(titles=2)
    path = book.write(tmp_path / "judul_gabung.xlsx")
    h = book.header_row("Buku Tamu")
    letter = book.cell("Buku Tamu", 0, "Tanggal")[0]
    wb = load_workbook(path)
    ws = wb["Buku Tamu"]
    ws[f"{letter}{h - 1}"], ws[f"{letter}{h}"] = "Tanggal", None
    ws.merge_cells(f"{letter}{h - 1}:{letter}{h}")
    wb.save(path)
    (result,) = validate_files([path], workers=1)
    assert found(result.findings) == []
