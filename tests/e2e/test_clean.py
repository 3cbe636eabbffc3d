"""Clean workbooks, however an Excel user lays them out, give no findings at all."""
from __future__ import annotations

import random

import pytest

from tests.helpers.builder import Book
from compiler.api import validate_files


def _reorder(b):
    rnd = random.Random(7)
    for name, labels in b.headers.items():
        rest = labels[1:]
        rnd.shuffle(rest)
        b.headers[name] = [labels[0]] + rest


def _no_titles(b):
    b.titles = dict.fromkeys(b.titles, 0)


def _four_titles(b):
    b.titles = dict.fromkeys(b.titles, 4)


def _upper_labels(b):
    b.headers = {k: [h.upper() for h in v] for k, v in b.headers.items()}


def _lower_labels_with_breaks(b):
    b.headers = {k: [h.lower().replace(" ", "\n", 1) + " " for h in v] for k, v in b.headers.items()}


def _numbered_empty_rows(b):
    b.numbered_empty = 30


def _blank_rows_between(b):
    b.blank_between = set(b.headers)


def _enum_case(b):
    b.set("Pemasukan", 0, "Sumber Dana", "  donatur ")
    b.set("Pemasukan", 1, "Bentuk", "BARANG")
    b.set("Data PPKS", 0, "Jenis Kelamin", "perempuan")
    b.set("Data PPKS", 0, "Jenis PPKS", "lanjut usia terlantar")
    b.set("Data PPKS", 1, "Jenis PPKS", "FM")
    b.set("Data PSKS", 0, "Jenis PSKS", "KT")
    b.set("Identitas", 0, "Triwulan", 3)
    b.set("Identitas", 0, "Kapanewon", "KRETEK")


def _no_column_no(b):
    b.headers = {k: v[1:] for k, v in b.headers.items()}


def _optional_columns_absent(b):
    b.headers["Agenda Surat"].remove("Keterangan")
    b.headers["Kegiatan"].remove("NIK Penerima")
    b.headers["Kegiatan"].remove("Mitra")


def _sheets_reordered_and_helpers(b):
    b.sheets = list(reversed(b.sheets))
    b.extra_sheets["Petunjuk"] = [["Cara mengisi"]]
    b.extra_sheets[" daftar pilihan "] = [["Masuk"], ["Keluar"]]


def _empty_books(b):
    for name in ("Buku Tamu", "Agenda Surat", "Data PSKS"):
        b.rows[name] = []


CLEAN = [_reorder, _no_titles, _four_titles, _upper_labels, _lower_labels_with_breaks, _numbered_empty_rows,
         _blank_rows_between, _enum_case, _no_column_no, _optional_columns_absent,
         _sheets_reordered_and_helpers, _empty_books]


@pytest.mark.parametrize("variant", [None] + CLEAN, ids=["plain"] + [c.__name__.strip("_") for c in CLEAN])
def test_clean_workbook_has_no_findings(variant, tmp_path):
    book = Book()
    if variant:
        variant(book)
    path = book.write(tmp_path / "bersih.xlsx")
    (result,) = validate_files([path], workers=1)
    assert [(f.code, f.sheet, f.cell, f.message) for f in result.findings] == []
    # the records were read, not skipped: every figure of the clean book is there
    from compiler.figures.workbook import FIGURE_KEYS
    kinds = dict(zip(FIGURE_KEYS, validate_files([path], workers=1, figures=True)[0].figures))
    assert kinds[("ppks_orang", "Lanjut Usia Telantar")] == 1
    assert kinds[("pemasukan_rp", "Donatur")] == 1000000


def test_many_workbooks_in_one_call_keep_their_own_findings(tmp_path):
    """Rows of many workbooks are validated together; each finding stays with its file and cell."""
    paths, expected = [], {}
    for n in range(6):
        book = Book(titles=n % 3)
        if n % 2:
            expected[f"wb{n}.xlsx"] = book.set("Buku Tamu", 0, "Tanggal", "bukan tanggal")
        paths.append(book.write(tmp_path / f"wb{n}.xlsx"))
    results = validate_files([tmp_path], workers=1)
    got = {r.file: [(f.code, f.cell) for f in r.findings] for r in results}
    assert got == {f"wb{n}.xlsx": ([("type-date", expected[f"wb{n}.xlsx"])] if n % 2 else []) for n in range(6)}
    assert validate_files([tmp_path], workers=2) == results


def test_workbook_saved_in_1904_date_system(tmp_path):
    """Old Mac Excel counts dates from 1904: the dates must still come out right."""
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    path = Book().write(tmp_path / "mac.xlsx")
    wb = load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    wb.save(path)
    from compiler.screen.gate import screen_path
    assert screen_path(path)[1].date1904
    (result,) = validate_files([path], workers=1, figures=True)
    assert result.findings == []  # a 4-year shift would put every date outside the quarter
    assert str(result.identity["tanggal_laporan"]) == "2026-10-05"
