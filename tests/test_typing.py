"""What volunteers really type, found by probing the tool as they use it: each case writes a
real workbook and asserts (sheet, cell, code, severity), or that nothing is found."""
from __future__ import annotations

import pytest

from builder import Book
from compiler.api import validate_files


def findings_of(book: Book, tmp_path, name="wksbm.xlsx"):
    path = book.write(tmp_path / name)
    (result,) = validate_files([path], workers=1)
    return result.findings


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
    padukuhan = book.set("Identitas", 0, "Nama Ketua", "-")
    assert found(findings_of(book, tmp_path)) == [
        ("Agenda Surat", perihal, "required-missing", "error"),
        ("Identitas", padukuhan, "identity-missing", "error")]


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
