"""Across quarters (STANDARD 5, issue 22): status_wksbm.csv, balance-carryover against the quarter
before, value-outlier over the whole quarter, the deadline (submission-late, wksbm_tepat_waktu /
wksbm_terlambat) and the trend in the recaps. Every quarter is compiled from real workbooks."""
from __future__ import annotations

import csv
import datetime as dt
import re

import pytest
from openpyxl import load_workbook

from compiler.jobs.compile import compile_quarter
from tests.e2e.test_compile import _registry
from tests.helpers.builder import Book

D = dt.datetime
PERIOD_SHEETS = ("Agenda Surat", "Pemasukan", "Pengeluaran", "Buku Tamu", "Notulensi Rapat", "Daftar Hadir", "Kegiatan")
SALDO = "Saldo Kas Awal (Rp)"
# The builder's book: 1.500.000 + 1.000.000 in cash - 750.000 - 50.000 out
SALDO_AKHIR = 1_700_000
STATUS_COLUMNS = ["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm", "berkas", "diterima", "status",
                  "kesalahan", "peringatan", "saldo_awal_rp", "saldo_akhir_rp"]
QUARTER = {"I": 1, "II": 2, "III": 3, "IV": 4}


def book_of(triwulan: str, tahun: int = 2026, **identity) -> Book:
    """The builder's clean book moved to another quarter: its dated records and Tanggal Laporan."""
    book = Book()
    shift = (tahun * 4 + QUARTER[triwulan]) - (2026 * 4 + 3)
    for sheet in PERIOD_SHEETS:
        for rec in book.rows[sheet]:
            for label, value in rec.items():
                if isinstance(value, dt.datetime):
                    months = value.year * 12 + value.month - 1 + 3 * shift
                    rec[label] = D(months // 12, months % 12 + 1, min(value.day, 28))
    end_month = 3 * QUARTER[triwulan] % 12 + 1
    book.set("Identitas", 0, "Tanggal Laporan", D(tahun + (triwulan == "IV"), end_month, 5))
    book.set("Identitas", 0, "Tahun", tahun)
    book.set("Identitas", 0, "Triwulan", triwulan)
    for label, value in identity.items():
        book.set("Identitas", 0, label, value)
    # each WKSBM its own PPKS (the same person in two WKSBM is nik-multiple-wksbm)
    serial = {"Depok": "", "Glugo": "01", "Kauman": "02", "Sono": "03"}[book.identity["Padukuhan"]]
    for sheet, label in (("Data PPKS", "NIK"), ("Kegiatan", "NIK Penerima")):
        for rec in book.rows[sheet]:
            if rec.get(label) and serial:
                rec[label] = rec[label][:-4] + serial + rec[label][-2:]
    return book


GLUGO = {"Kapanewon": "Sewon", "Kalurahan": "Panggungharjo", "Padukuhan": "Glugo", "Nama WKSBM": "WKSBM Glugo"}
KAUMAN = {"Kapanewon": "Srandakan", "Kalurahan": "Poncosari", "Padukuhan": "Kauman", "Nama WKSBM": "WKSBM Kauman"}
REGISTRY = ("34.02.03.2002,Parangtritis,Depok,WKSBM Depok Sejahtera", "34.02.15.2004,Panggungharjo,Glugo,WKSBM Glugo",
            "34.02.01.2001,Poncosari,Kauman,WKSBM Kauman", "34.02.14.2002,Srimulyo,Banyakan I,WKSBM Banyakan I")


def compile_books(root, tahun: int, triwulan: str, books: dict, **kw):
    """Write the books into root/masuk-YYYY-TW and compile them into root/keluar."""
    inp = root / f"masuk-{tahun}-{triwulan}"
    inp.mkdir()
    for name, book in books.items():
        book.write(inp / f"{name}.xlsx")
    registry = _registry(root, *REGISTRY)
    summary = compile_quarter(inp, tahun, triwulan, root / "keluar", registry, workers=1, **kw)
    return summary, inp


def findings(folder, file=None) -> list[dict]:
    with open(folder / "daftar_temuan.csv", encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if file is None or r["berkas"] == file]


def status(folder) -> list[dict]:
    raw = (folder / "status_wksbm.csv").read_bytes()
    assert raw.startswith(b"kode_kalurahan,")   # for programs: no BOM, like rekap_data.csv
    with open(folder / "status_wksbm.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == STATUS_COLUMNS
        return list(reader)


def rekap(folder) -> dict:
    with open(folder / "rekap_data.csv", encoding="utf-8", newline="") as fh:
        return {(r["tingkat"], r["kode_wilayah"], r["indikator"], r["kategori"]): float(r["nilai"])
                for r in csv.DictReader(fh)}


def carryovers(folder) -> list[tuple]:
    return [(r["berkas"], r["lembar"], r["sel"], r["tingkat"], r["nilai"]) for r in findings(folder)
            if r["kode"] == "balance-carryover"]


# --- status_wksbm.csv and no previous quarter ---------------------------------------------------
def test_a_compile_with_no_quarter_before_writes_the_status_list_and_no_history(tmp_path):
    old = book_of("III")
    old.set("Identitas", 0, "Tanggal Laporan", D(2026, 10, 1))
    other_quarter = book_of("II", **GLUGO)
    broken = book_of("III", **GLUGO)
    broken.set("Buku Tamu", 0, "Tanggal", "kemarin")
    summary, _ = compile_books(tmp_path, 2026, "III", {
        "depok_baru": book_of("III"), "depok_lama": old, "glugo_tw2": other_quarter, "glugo": broken,
        "kauman": book_of("III", **KAUMAN), "sono": book_of("III", Padukuhan="Sono", **{"Nama WKSBM": "WKSBM Sono"})})
    folder = tmp_path / "keluar" / "2026-T3"
    assert summary.quarters_before == []
    rows = {(r["padukuhan"], r["berkas"]): r for r in status(folder)}
    assert {k: r["status"] for k, r in rows.items()} == {
        ("Depok", "depok_baru.xlsx"): "dihitung", ("Depok", "depok_lama.xlsx"): "diganti",
        ("Glugo", "glugo.xlsx"): "perlu_perbaikan", ("Glugo", "glugo_tw2.xlsx"): "triwulan_lain",
        ("Kauman", "kauman.xlsx"): "dihitung", ("Sono", "sono.xlsx"): "tidak_terdaftar",
        ("Banyakan I", ""): "belum_melapor"}
    depok = rows[("Depok", "depok_baru.xlsx")]
    assert (depok["kode_kalurahan"], depok["kalurahan"], depok["nama_wksbm"]) == (
        "34.02.03.2002", "Parangtritis", "WKSBM Depok Sejahtera")
    assert (depok["saldo_awal_rp"], depok["saldo_akhir_rp"], depok["diterima"]) == ("1500000", str(SALDO_AKHIR), "")
    assert rows[("Glugo", "glugo.xlsx")]["kesalahan"] == "1"
    assert rows[("Depok", "depok_lama.xlsx")]["peringatan"] == "1"   # submission-superseded alone
    for key in [("Depok", "depok_lama.xlsx"), ("Glugo", "glugo.xlsx"), ("Glugo", "glugo_tw2.xlsx"),
                ("Banyakan I", "")]:   # figures of counted reports only
        assert rows[key]["saldo_awal_rp"] == rows[key]["saldo_akhir_rp"] == ""
    assert rows[("Sono", "sono.xlsx")]["saldo_akhir_rp"] == str(SALDO_AKHIR)   # counted, though not registered
    text = (folder / "status_wksbm.csv").read_text(encoding="utf-8")
    for personal in ("Painem", "Sukiman", "Suharjo", "Sri Lestari", "3402035508500001"):
        assert personal not in text
    # nothing of the quarters before: no finding, no trend, no timeliness (a folder compile)
    assert carryovers(folder) == []
    assert "bagian-tren" not in (folder / "rekap_kabupaten.html").read_text(encoding="utf-8")
    assert "9 Tren" not in load_workbook(folder / "rekap_kabupaten.xlsx", read_only=True).sheetnames
    assert not [k for k in rekap(folder) if k[2] in ("wksbm_tepat_waktu", "wksbm_terlambat")]


# --- balance-carryover -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def two_quarters(tmp_path_factory):
    """TW II: Depok sends twice (the newer one counts), Glugo must correct, Kauman sends nothing.
    TW III: each of them, and Banyakan I, with a Saldo Kas Awal that differs from what TW II ended with."""
    root = tmp_path_factory.mktemp("dua")
    depok_old = book_of("II")
    depok_old.set("Identitas", 0, "Tanggal Laporan", D(2026, 7, 1))
    depok_old.set("Identitas", 0, SALDO, 900_000)             # its Saldo Akhir would be 1.100.000
    glugo = book_of("II", **GLUGO)
    glugo.set("Buku Tamu", 0, "Tanggal", "kemarin")
    sono = book_of("II", Padukuhan="Sono", **{"Nama WKSBM": "WKSBM Sono"})
    compile_books(root, 2026, "II", {"depok_1": depok_old, "depok_2": book_of("II"), "glugo": glugo, "sono": sono})
    depok = book_of("III")
    cell = depok.set("Identitas", 0, SALDO, 1_100_000)        # the replaced report's Saldo Akhir: not the reference
    sono3 = book_of("III", Padukuhan="Sono", **{"Nama WKSBM": "WKSBM Sono"})
    sono3.set("Identitas", 0, SALDO, SALDO_AKHIR)              # carried over right
    glugo3 = book_of("III", **GLUGO)
    glugo3.set("Identitas", 0, SALDO, 5_000)                      # TW II not counted: nothing known
    kauman3 = book_of("III", **KAUMAN)
    kauman3.set("Identitas", 0, SALDO, 7_000)                     # skipped TW II: nothing known
    summary, _ = compile_books(root, 2026, "III", {"depok": depok, "sono": sono3, "glugo": glugo3, "kauman": kauman3})
    return root / "keluar" / "2026-T3", cell, summary


def test_balance_carryover_is_the_only_finding_on_the_saldo_cell(two_quarters):
    folder, cell, summary = two_quarters
    assert summary.quarters_before == ["2026-T2"]
    assert carryovers(folder) == [("depok.xlsx", "Identitas", cell, "warning", "Rp 1.100.000")]
    (row,) = findings(folder, "depok.xlsx")
    assert row["baris"] == re.sub(r"\D", "", cell) and row["kolom"] == SALDO
    assert row["pesan"].startswith("Saldo Kas Awal Rp 1.100.000 berbeda dengan Saldo Akhir triwulan sebelumnya "
                                   "(Rp 1.700.000, triwulan II 2026).")
    assert "ketik 1700000 di sel ini" in row["pesan"]
    depok = next(r for r in status(folder) if r["berkas"] == "depok.xlsx")
    assert depok["status"] == "dihitung" and depok["peringatan"] == "1"   # a warning: still counted


def test_no_carryover_where_the_quarter_before_is_not_known_or_agrees(two_quarters):
    folder, _, _ = two_quarters
    for name in ("glugo.xlsx", "kauman.xlsx"):
        assert findings(folder, name) == [], name
    assert [r["kode"] for r in findings(folder, "sono.xlsx")] == ["wksbm-unregistered"]   # agrees: no carryover


def test_a_quarter_before_that_cannot_be_read_is_no_history_and_no_error(tmp_path):
    before = tmp_path / "keluar" / "2026-T2"
    before.mkdir(parents=True)
    (before / "status_wksbm.csv").write_bytes(b"\xff\xfe garbage")
    (before / "rekap_data.csv").write_text("tahun;something\n1;2\n", encoding="utf-8")
    book = book_of("III")
    book.set("Identitas", 0, SALDO, 3_000)
    summary, _ = compile_books(tmp_path, 2026, "III", {"depok": book})
    folder = tmp_path / "keluar" / "2026-T3"
    assert findings(folder) == [] and summary.quarters_before == []
    assert "bagian-tren" not in (folder / "rekap_kabupaten.html").read_text(encoding="utf-8")


# --- the trend over three quarters -------------------------------------------------------------
@pytest.fixture(scope="module")
def three_quarters(tmp_path_factory):
    """TW IV 2025: Depok; TW I 2026: Depok and Glugo; TW II 2026: Depok, Glugo and Kauman."""
    root = tmp_path_factory.mktemp("tiga")
    compile_books(root, 2025, "IV", {"depok": book_of("IV", 2025)})
    compile_books(root, 2026, "I", {"depok": book_of("I"), "glugo": book_of("I", **GLUGO)})
    summary, _ = compile_books(root, 2026, "II", {"depok": book_of("II"), "glugo": book_of("II", **GLUGO),
                                                  "kauman": book_of("II", **KAUMAN)})
    return root / "keluar" / "2026-T2", summary


def _table(html: str) -> list[list[str]]:
    section = html[html.index('id="bagian-tren"'):]
    body = section[section.index("<tbody>"):section.index("</tbody>")]
    return [re.findall(r">([^<>]*)</t[hd]>", row) for row in body.split("</tr>") if "<th" in row]


def test_the_kabupaten_trend_shows_each_quarter(three_quarters):
    folder, summary = three_quarters
    assert summary.quarters_before == ["2026-T1", "2025-T4"]
    rows = _table((folder / "rekap_kabupaten.html").read_text(encoding="utf-8"))
    # melapor, terdaftar, rate, pemasukan (Uang and Barang), pengeluaran, penerima manfaat, PPKS
    assert rows == [["TW IV 2025", "1", "4", "25%", "1.300.000", "800.000", "36", "2"],
                    ["TW I 2026", "2", "4", "50%", "2.600.000", "1.600.000", "72", "4"],
                    ["TW II 2026", "3", "4", "75%", "3.900.000", "2.400.000", "108", "6"]]
    ws = load_workbook(folder / "rekap_kabupaten.xlsx")["9 Tren"]
    values = [[c for c in r] for r in ws.iter_rows(min_row=7, max_row=10, values_only=True)]
    assert values[0][:4] == ["Triwulan", "WKSBM Melapor", "WKSBM Terdaftar", "Tingkat Pelaporan"]
    assert values[1][:3] == ["TW IV 2025", 1, 4] and values[3][4:8] == [3_900_000, 2_400_000, 108, 6]
    assert len(ws._charts) == 5


def test_a_kapanewon_trend_is_its_own_and_dashes_a_quarter_without_reports(three_quarters):
    folder, _ = three_quarters
    sewon = _table((folder / "rekap_34.02.15_Sewon.html").read_text(encoding="utf-8"))
    assert sewon == [["TW IV 2025", "0", "1", "0%", "-", "-", "-", "-"],
                     ["TW I 2026", "1", "1", "100%", "1.300.000", "800.000", "36", "2"],
                     ["TW II 2026", "1", "1", "100%", "1.300.000", "800.000", "36", "2"]]
    # a kapanewon with no WKSBM anywhere still has the quarters, all without reports
    assert _table((folder / "rekap_34.02.02_Sanden.html").read_text(encoding="utf-8"))[0][1:4] == ["0", "0", "-"]


def test_the_trend_keeps_at_most_five_quarters(tmp_path):
    for tahun, tw in (("2025", "I"), ("2025", "II"), ("2025", "III"), ("2025", "IV"), ("2026", "I")):
        folder = tmp_path / "keluar" / f"{tahun}-T{QUARTER[tw]}"
        folder.mkdir(parents=True)
        folder.joinpath("rekap_data.csv").write_text(
            "tahun,triwulan,tingkat,kode_wilayah,nama_wilayah,indikator,kategori,nilai\r\n"
            f"{tahun},{tw},kabupaten,34.02,Bantul,wksbm_melapor,,{QUARTER[tw]}\r\n", encoding="utf-8")
    summary, _ = compile_books(tmp_path, 2026, "II", {"depok": book_of("II")})
    assert summary.quarters_before == ["2026-T1", "2025-T4", "2025-T3", "2025-T2"]
    rows = _table((tmp_path / "keluar" / "2026-T2" / "rekap_kabupaten.html").read_text(encoding="utf-8"))
    assert [r[:2] for r in rows] == [["TW II 2025", "2"], ["TW III 2025", "3"], ["TW IV 2025", "4"],
                                     ["TW I 2026", "1"], ["TW II 2026", "1"]]
    # a quarter compiled without the registry has no rate; one with reports, its figures (0 here)
    assert rows[0] == ["TW II 2025", "2", "-", "-", "0", "0", "0", "0"]
    assert rows[-1] == ["TW II 2026", "1", "4", "25%", "1.300.000", "800.000", "36", "2"]


# --- the command line ----------------------------------------------------------------------------
def test_compile_takes_a_deadline_and_refuses_one_it_cannot_read(tmp_path):
    from click.testing import CliRunner

    from compiler.cli import main

    inp = tmp_path / "masuk"
    inp.mkdir()
    book_of("III").write(inp / "depok.xlsx")
    run = ["compile", str(inp), "--tahun", "2026", "--triwulan", "III", "--out", str(tmp_path / "keluar"),
           "--workers", "1", "--tenggat"]
    bad = CliRunner().invoke(main, run + ["10/10/2026"])
    assert bad.exit_code == 2 and "Tulis tahun-bulan-tanggal, misalnya 2026-10-10" in bad.output
    assert not (tmp_path / "keluar" / "2026-T3").exists()
    good = CliRunner().invoke(main, run + ["2026-10-31"])
    assert good.exit_code == 0, good.output
    assert status(tmp_path / "keluar" / "2026-T3")[0]["status"] == "dihitung"
    assert "--tenggat" in CliRunner().invoke(main, ["compile", "--help"]).output
