"""value-outlier over the whole quarter, and the deadline (submission-late, wksbm_tepat_waktu /
wksbm_terlambat, `diterima`), from real workbooks compiled together."""
from __future__ import annotations

import datetime as dt

import pytest

from compiler.run.pipeline import process_chunk
from tests.e2e.test_quarters import GLUGO, KAUMAN, book_of, compile_books, findings, rekap, status
from tests.helpers.builder import Book

D = dt.datetime
MEDIAN = 150_000


def _cash_book(amounts: list[int], **identity) -> Book:
    """Depok's book with these Pemasukan amounts, each its own row (Usaha WKSBM, no donor needed)."""
    book = book_of("III", **identity)
    book.rows["Pemasukan"] = [{"Tanggal": D(2026, 7, 1 + i % 28), "Sumber Dana": "Usaha WKSBM",
                               "Uraian": f"Hasil usaha minggu {i + 1}", "Bentuk": "Uang", "Jumlah (Rp)": a}
                              for i, a in enumerate(amounts)]
    return book


def test_an_amount_over_twenty_times_the_median_is_the_only_finding(tmp_path):
    book = _cash_book([MEDIAN] * 58 + [15_000_000, 20 * MEDIAN])   # the last: exactly 20 times, not over
    cell = book.cell("Pemasukan", 58, "Jumlah (Rp)")
    compile_books(tmp_path, 2026, "III", {"depok": book, "glugo": book_of("III", **GLUGO)})
    (row,) = findings(tmp_path / "keluar" / "2026-T3")
    assert (row["berkas"], row["lembar"], row["sel"], row["kode"], row["tingkat"], row["nilai"]) == (
        "depok.xlsx", "Pemasukan", cell, "value-outlier", "warning", "Rp 15.000.000")
    assert row["pesan"].startswith("Jumlah (Rp) Rp 15.000.000 adalah 100 kali nilai tengah kabupaten Rp 150.000")
    assert next(r for r in status(tmp_path / "keluar" / "2026-T3") if r["berkas"] == "depok.xlsx")["status"] == "dihitung"


def test_no_outlier_under_fifty_values(tmp_path):
    compile_books(tmp_path, 2026, "III", {"depok": _cash_book([MEDIAN] * 47 + [15_000_000])})
    assert findings(tmp_path / "keluar" / "2026-T3") == []


def test_a_workbook_to_correct_neither_gets_nor_gives_outliers(tmp_path):
    """Only counted workbooks make the median: 60 values of a report with errors do not count."""
    broken = _cash_book([MEDIAN] * 60, **GLUGO)
    broken.set("Buku Tamu", 0, "Tanggal", "kemarin")
    depok = _cash_book([MEDIAN] * 10 + [15_000_000])
    compile_books(tmp_path, 2026, "III", {"depok": depok, "glugo": broken})
    assert [r["kode"] for r in findings(tmp_path / "keluar" / "2026-T3")] == ["type-date"]


def test_workers_send_back_every_amount_column_and_saldo_but_not_tahun(tmp_path):
    book = book_of("III")
    path = book.write(tmp_path / "depok.xlsx")
    (res,) = process_chunk([(str(path), "depok.xlsx")], figures=True)
    keys = {a[1] for a in res.amounts}
    assert keys == {("identitas", "saldo_awal"), ("pemasukan", "jumlah"), ("pengeluaran", "jumlah"),
                    ("inventaris", "jumlah"), ("inventaris", "nilai"), ("notulensi_rapat", "jumlah_hadir"),
                    ("kegiatan", "jumlah_penerima"), ("kegiatan", "nilai_bantuan")}
    assert ("Identitas", ("identitas", "saldo_awal"), 13, 1, 1_500_000.0) in res.amounts
    assert res.saldo == ("Identitas", 13, 1, 1_500_000.0)
    assert all(isinstance(a, tuple) and a[4] > 0 for a in res.amounts)


def test_saldo_kas_awal_is_an_amount_column_too(tmp_path):
    """Fifty counted reports: one Saldo Kas Awal far above the others."""
    from compiler.model.results import FileResult
    from compiler.quarter.outliers import value_outliers

    def reports(n: int) -> list[FileResult]:
        return [FileResult(f"p{i}", f"w{i}.xlsx", amounts=[("Identitas", ("identitas", "saldo_awal"), 13, 1,
                                                            1_000_000.0 if i else 90_000_000.0)]) for i in range(n)]

    few = reports(49)
    assert value_outliers(few) == 0 and few[0].findings == []
    results = reports(50)
    assert value_outliers(results) == 1
    (f,) = results[0].findings
    assert (f.sheet, f.cell, f.code, f.severity, f.column, f.value) == (
        "Identitas", "B13", "value-outlier", "warning", "Saldo Kas Awal (Rp)", "Rp 90.000.000")
    assert "90 kali nilai tengah kabupaten Rp 1.000.000" in f.message


# --- the deadline ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def received(tmp_path_factory):
    """Depok on the deadline's last minute, Glugo a minute later, Kauman late but with errors."""
    root = tmp_path_factory.mktemp("tenggat")
    kauman = book_of("III", **KAUMAN)
    kauman.set("Buku Tamu", 0, "Tanggal", "kemarin")
    books = {"depok": book_of("III"), "glugo": book_of("III", **GLUGO), "kauman": kauman}
    inp = root / "masuk-2026-III"
    times = {"depok": D(2026, 10, 10, 23, 59), "glugo": D(2026, 10, 11, 0, 0), "kauman": D(2026, 10, 20, 8, 0)}
    summary, _ = compile_books(root, 2026, "III", books, received={str(inp / f"{n}.xlsx"): t for n, t in times.items()})
    return root / "keluar" / "2026-T3", summary


def test_a_report_received_after_the_deadline_is_late_and_still_counted(received):
    folder, _ = received
    (row,) = findings(folder, "glugo.xlsx")
    assert (row["kode"], row["tingkat"], row["lembar"], row["sel"], row["baris"]) == (
        "submission-late", "warning", "", "", "")
    assert row["pesan"] == ("Laporan diterima 11 Oktober 2026 pukul 00.00, sesudah batas waktu 10 Oktober 2026. "
                            "Laporan tetap dihitung.")
    assert findings(folder, "depok.xlsx") == []
    assert "submission-late" not in {r["kode"] for r in findings(folder, "kauman.xlsx")}   # not counted: no verdict
    rows = {r["berkas"]: r for r in status(folder)}
    assert rows["glugo.xlsx"]["diterima"] == "2026-10-11T00:00:00" and rows["glugo.xlsx"]["status"] == "dihitung"
    assert rows["depok.xlsx"]["diterima"] == "2026-10-10T23:59:00"


def test_the_timeliness_indicators_at_every_level(received):
    folder, _ = received
    data = rekap(folder)
    assert data[("kabupaten", "34.02", "wksbm_tepat_waktu", "")] == 1
    assert data[("kabupaten", "34.02", "wksbm_terlambat", "")] == 1
    assert data[("kapanewon", "34.02.03", "wksbm_tepat_waktu", "")] == 1       # Kretek: Depok
    assert data[("kapanewon", "34.02.15", "wksbm_terlambat", "")] == 1         # Sewon: Glugo
    assert data[("kalurahan", "34.02.15.2004", "wksbm_terlambat", "")] == 1
    assert data[("kapanewon", "34.02.01", "wksbm_terlambat", "")] == 0         # Srandakan: Kauman not counted
    assert data[("kabupaten", "34.02", "wksbm_melapor", "")] == 2


def test_an_operators_deadline_replaces_the_usual_one(tmp_path):
    inp = tmp_path / "masuk-2026-III"
    summary, _ = compile_books(tmp_path, 2026, "III", {"depok": book_of("III")}, tenggat=dt.date(2026, 10, 31),
                               received={str(inp / "depok.xlsx"): D(2026, 10, 20, 9, 0)})
    assert findings(tmp_path / "keluar" / "2026-T3") == []
    assert rekap(tmp_path / "keluar" / "2026-T3")[("kabupaten", "34.02", "wksbm_tepat_waktu", "")] == 1


def _counts(key: tuple[str, str], sheet: str, col: int, values: list[float]):
    from compiler.model.results import FileResult

    return [FileResult(f"p{i}", f"w{i}.xlsx", amounts=[(sheet, key, 5, col, float(v))]) for i, v in enumerate(values)]


def test_a_count_column_without_a_typical_size_is_not_judged():
    """Most Kegiatan rows give to one person: a median of 1 makes every group activity of 25
    people stand out. Such a column (median under 5) is left alone; rupiah columns never are."""
    from compiler.quarter.outliers import value_outliers

    results = _counts(("kegiatan", "jumlah_penerima"), "Kegiatan", 6, [1] * 55 + [25, 60])
    assert value_outliers(results) == 0 and all(not r.findings for r in results)


def test_a_count_column_with_a_typical_size_is_judged():
    """Meetings of about 15 people: a Jumlah Hadir of 1500 (two zeros too many) stands out."""
    from compiler.quarter.outliers import value_outliers

    results = _counts(("notulensi_rapat", "jumlah_hadir"), "Notulensi Rapat", 5, [15] * 55 + [1500, 300])
    assert value_outliers(results) == 1
    (f,) = results[55].findings
    assert (f.sheet, f.cell, f.code, f.severity, f.column, f.value) == (
        "Notulensi Rapat", "F5", "value-outlier", "warning", "Jumlah Hadir", "1.500")
    assert not results[56].findings   # exactly 20 times: not over
