"""Which WKSBM a report is of, when its region is typed wrong or left out, and which of two
reports counts: the registry read by code or name, resubmissions, status figures that add up."""
from __future__ import annotations

import csv
import datetime as dt
import os

import pytest

from tests.helpers.builder import Book
from tests.e2e.test_compile import _compile, _findings, _kabupaten_status, _registry

D = dt.datetime


@pytest.mark.parametrize("typed", ["Poncosari", None])   # in Srandakan, not in Kretek; not filled in
def test_a_report_with_a_wrong_region_is_its_registered_wksbm_to_correct(typed, tmp_path):
    """Kalurahan typed wrong (in another kapanewon) or left empty: the report is the registered
    WKSBM of that padukuhan in the kapanewon it gives, to be corrected; not also a WKSBM that has
    not reported."""
    inp = tmp_path / "masuk"
    inp.mkdir()
    book = Book()
    book.set("Identitas", 0, "Kalurahan", typed)
    book.write(inp / "depok.xlsx")
    registry = _registry(tmp_path, "34.02.03.2002,Parangtritis,Depok,WKSBM Depok Sejahtera")
    result = _compile(inp, tmp_path / "hasil", "--registry", registry)
    assert result.exit_code == 1, result.output
    assert _kabupaten_status(tmp_path / "hasil") == {"wksbm_terdaftar": "1", "wksbm_melapor": "0", "wksbm_perlu_perbaikan": "1",
                      "wksbm_belum_melapor": "0"}


@pytest.mark.parametrize("name", ["WKSBM Depok Sejahtera", "WKSBM Depok", "WKSBM"])
def test_a_report_without_its_kalurahan_never_replaces_another_wksbm_of_a_padukuhan_so_named(name, tmp_path):
    """Padukuhan names repeat across kalurahan: a report that leaves Kalurahan empty and names
    another WKSBM is not taken for the one reporting from a Depok elsewhere, however short its name."""
    inp = tmp_path / "masuk"
    inp.mkdir()
    first = Book()
    first.set("Identitas", 0, "Nama WKSBM", name)
    first.write(inp / "a.xlsx")
    other = Book()
    other.set("Identitas", 0, "Kalurahan", None)
    other.set("Identitas", 0, "Nama WKSBM", "WKSBM Depok Donotirto")
    other.set("Identitas", 0, "Tanggal Laporan", D(2026, 10, 6))
    other.write(inp / "b.xlsx")
    result = _compile(inp, tmp_path / "hasil")
    assert result.exit_code == 1, result.output
    codes = {(r["berkas"], r["kode"]) for r in _findings(tmp_path / "hasil" / "2026-T3")}
    assert ("a.xlsx", "submission-superseded") not in codes and ("b.xlsx", "identity-missing") in codes
    assert _kabupaten_status(tmp_path / "hasil")["wksbm_melapor"] == "1"


def test_a_wrong_region_sent_twice_is_one_wksbm_and_the_newer_report(tmp_path):
    inp = tmp_path / "masuk"
    inp.mkdir()
    for name, day in (("depok_1.xlsx", D(2026, 10, 1)), ("depok_2.xlsx", D(2026, 10, 5))):
        book = Book()
        book.set("Identitas", 0, "Kalurahan", "Parangtritiss")   # unknown everywhere
        book.set("Identitas", 0, "Tanggal Laporan", day)
        book.write(inp / name)
    registry = _registry(tmp_path, "34.02.03.2002,Parangtritis,Depok,WKSBM Depok Sejahtera")
    result = _compile(inp, tmp_path / "hasil", "--registry", registry)
    assert result.exit_code == 1, result.output
    assert _kabupaten_status(tmp_path / "hasil") == {"wksbm_terdaftar": "1", "wksbm_melapor": "0", "wksbm_perlu_perbaikan": "1",
                      "wksbm_belum_melapor": "0"}
    codes = {(r["berkas"], r["kode"]) for r in _findings(tmp_path / "hasil" / "2026-T3")}
    assert ("depok_1.xlsx", "submission-superseded") in codes
    assert not any(code == "nik-multiple-wksbm" for _, code in codes)


def test_a_registry_row_is_read_by_its_code_or_its_name_and_never_guessed(tmp_path):
    from compiler.intake.registry import RegistryError, parse_registry

    path = tmp_path / "daftar_wksbm.csv"
    path.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n"
                    "3402032002,Parangtritis,Depok,WKSBM Depok\n"          # code without dots: read
                    ",Parangtritis,Samiran,WKSBM Samiran\n"                # no code: the name
                    "3402030002,Parangtritis,Mancingan,WKSBM Mancingan\n"  # a BPS-style code: the name
                    "34.02.03.2001,Parangtritis,Sono,WKSBM Sono\n"         # code of another kalurahan
                    "34.02.03.2002,,Padukuhan Grogol,WKSBM Grogol\n", encoding="utf-8")
    entries, skipped = parse_registry(path)
    assert [(e.kalurahan, e.padukuhan) for e in entries] == [
        ("Parangtritis", "Depok"), ("Parangtritis", "Samiran"), ("Parangtritis", "Mancingan"),
        ("Parangtritis", "Padukuhan Grogol")]
    assert [line for line, _ in skipped] == [5] and "bukan Parangtritis" in skipped[0][1]
    assert entries[3].key == ("parangtritis", "grogol")
    path.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n9999,Atlantis,Depok,WKSBM\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="Tidak satu baris pun"):
        parse_registry(path)


def test_a_correction_without_its_date_replaces_the_dated_original_by_file_time(tmp_path):
    old = Book()
    old.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    old.write(tmp_path / "sono.xlsx")
    new = Book()
    new.set("Identitas", 0, "Tanggal Laporan", None)
    new.write(tmp_path / "sono_revisi.xlsx")
    os.utime(tmp_path / "sono.xlsx", (1_700_000_000, 1_700_000_000))
    result = _compile(tmp_path, tmp_path / "hasil")
    assert result.exit_code == 1, result.output
    rows = {(r["berkas"], r["kode"]) for r in _findings(tmp_path / "hasil" / "2026-T3")}
    assert ("sono.xlsx", "submission-superseded") in rows
    assert ("sono_revisi.xlsx", "identity-missing") in rows


def test_a_report_to_follow_up_is_named_even_unreadable_and_unregistered_is_not_said_counted(tmp_path):
    from openpyxl import load_workbook

    inp = tmp_path / "masuk"
    inp.mkdir()
    (inp / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan buku kerja")
    book = Book()
    book.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    book.write(inp / "depok.xlsx")
    registry = _registry(tmp_path, "34.02.03.2002,Parangtritis,Sono,WKSBM Sono")
    result = _compile(inp, tmp_path / "hasil", "--registry", registry)
    (line,) = [x for x in result.output.splitlines() if "Belum terdaftar di daftar WKSBM" in x]
    assert line.split()[-1] == "1", result.output
    (row,) = [r for r in _findings(tmp_path / "hasil" / "2026-T3") if r["kode"] == "wksbm-unregistered"]
    assert "dihitung setelah kesalahannya diperbaiki" in row["pesan"] and "tetap dihitung" not in row["pesan"]
    ws = load_workbook(tmp_path / "hasil" / "2026-T3" / "rekap_kabupaten.xlsx")["1b Daftar WKSBM"]
    names = [r[4] for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert "(berkas rusak.xlsx)" in names


@pytest.mark.parametrize("typed", ["Parangtritiss", "Kalurahan Parangtritiss"])
def test_without_a_registry_a_wrong_region_is_replaced_by_its_correction(typed, tmp_path):
    old = Book()
    old.set("Identitas", 0, "Kalurahan", typed)
    old.set("Identitas", 0, "Tanggal Laporan", D(2026, 10, 1))
    old.write(tmp_path / "depok.xlsx")
    Book().write(tmp_path / "depok_benar.xlsx")           # dated later, region right
    other = Book()                                        # another Depok in Kretek: the misspelt name decides
    other.set("Identitas", 0, "Kalurahan", "Tirtomulyo")
    for i, nik in enumerate(("3402035508509999", "3402031203459998")):   # people of its own
        other.set("Data PPKS", i, "NIK", nik)
    other.set("Kegiatan", 0, "NIK Penerima", "3402035508509999")
    other.write(tmp_path / "depok_tirtomulyo.xlsx")
    result = _compile(tmp_path, tmp_path / "hasil")
    assert result.exit_code == 0, result.output
    rows = {(r["berkas"], r["kode"]) for r in _findings(tmp_path / "hasil" / "2026-T3")}
    assert rows == {("depok.xlsx", "submission-superseded")}


def test_a_status_total_above_its_rows_is_explained(tmp_path):
    """A report whose kalurahan is unknown counts in the total only: the recap says why."""
    book = Book()
    book.set("Identitas", 0, "Kalurahan", "Atlantis")
    book.write(tmp_path / "entah.xlsx")
    result = _compile(tmp_path, tmp_path / "hasil")
    assert result.exit_code == 1, result.output
    html = (tmp_path / "hasil" / "2026-T3" / "rekap_34.02.03_Kretek.html").read_text(encoding="utf-8")
    assert "Kalurahan-nya tidak dapat dikenali hanya masuk baris Jumlah" in html
    kab = (tmp_path / "hasil" / "2026-T3" / "rekap_kabupaten.html").read_text(encoding="utf-8")
    assert "tidak dapat dikenali" not in kab   # its kapanewon is known: the kabupaten's rows add up


def test_the_word_padukuhan_is_shown_once():
    from compiler.intake.registry import unprefixed, wksbm_key

    assert unprefixed("Padukuhan Sono") == "Sono" and unprefixed("Dukuh") == "Dukuh"
    assert wksbm_key("Parangtritis", "Dusun Sono") == wksbm_key("parangtritis", "sono")


def test_a_report_replaced_by_a_newer_one_gets_no_correction_copy(tmp_path):
    old = Book()
    old.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    old.set("Identitas", 0, "Tanggal Laporan", D(2026, 10, 1))
    old.write(tmp_path / "laporan_awal.xlsx")
    Book().write(tmp_path / "laporan_revisi.xlsx")   # the same WKSBM, corrected, dated later
    result = _compile(tmp_path, tmp_path / "hasil")
    assert result.exit_code == 0 and "Diganti laporan yang lebih baru           1" in result.output
    assert not (tmp_path / "hasil" / "2026-T3" / "perbaikan").exists()
    with open(tmp_path / "hasil" / "2026-T3" / "daftar_temuan.csv", encoding="utf-8-sig") as fh:
        codes = {(row["berkas"], row["kode"]) for row in csv.DictReader(fh)}
    assert ("laporan_awal.xlsx", "submission-superseded") in codes   # still listed, with its reason


def test_a_replaced_report_is_listed_only_as_replaced_and_leaves_the_status_0(tmp_path):
    """Its own mistakes need no correcting any more: the volunteer sent a newer report."""
    old = Book()
    old.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    old.set("Identitas", 0, "Tanggal Laporan", D(2026, 10, 1))
    old.write(tmp_path / "laporan_awal.xlsx")
    Book().write(tmp_path / "laporan_revisi.xlsx")
    result = _compile(tmp_path, tmp_path / "hasil")
    assert result.exit_code == 0, result.output
    with open(tmp_path / "hasil" / "2026-T3" / "daftar_temuan.csv", encoding="utf-8-sig") as fh:
        rows = [(row["berkas"], row["kode"], row["tingkat"]) for row in csv.DictReader(fh)]
    assert ("laporan_awal.xlsx", "submission-superseded", "warning") in rows
    assert [r for r in rows if r[0] == "laporan_awal.xlsx"] == [("laporan_awal.xlsx", "submission-superseded", "warning")]


def test_a_report_of_another_quarter_is_an_error_in_the_status(tmp_path):
    """STANDARD 3: status 1 when the findings list holds an error; period-mismatch is one."""
    Book().write(tmp_path / "baik.xlsx")
    other = Book()
    other.set("Identitas", 0, "Triwulan", "II")
    other.set("Identitas", 0, "Padukuhan", "Kauman")
    other.write(tmp_path / "triwulan_lalu.xlsx")
    result = _compile(tmp_path, tmp_path / "hasil")
    assert result.exit_code == 1, result.output
    assert "Perlu perbaikan (ada kesalahan)           0" in result.output


@pytest.mark.parametrize("name", ["WKSBM Depok Sejahtera.", 'WKSBM "Depok Sejahtera"', "WKSBM Depok-Sejahtera",
                                  "WKSBM Dusun Depok Sejahtra", "Wksbm. Depok Sejahtera", "WKSBM Depok"])
def test_a_report_without_its_kalurahan_is_its_registered_wksbm_however_its_name_is_written(name, tmp_path):
    inp = tmp_path / "masuk"
    inp.mkdir()
    book = Book()
    book.set("Identitas", 0, "Kalurahan", None)
    book.set("Identitas", 0, "Nama WKSBM", name)
    book.write(inp / "depok.xlsx")
    registry = _registry(tmp_path, "34.02.03.2002,Parangtritis,Depok,WKSBM Depok Sejahtera")
    assert _compile(inp, tmp_path / "hasil", "--registry", registry).exit_code == 1
    assert _kabupaten_status(tmp_path / "hasil") == {"wksbm_terdaftar": "1", "wksbm_melapor": "0",
                                                     "wksbm_perlu_perbaikan": "1", "wksbm_belum_melapor": "0"}


def test_an_unreadable_report_named_as_its_template_is_that_wksbm_to_chase(tmp_path):
    """A broken file keeps the name `wksbm template --registry` gave it: its WKSBM must send it
    again, and is not also listed as not reported; it never takes a read report's place."""
    inp = tmp_path / "masuk"
    inp.mkdir()
    Book().write(inp / "depok.xlsx")
    (inp / "wksbm_34.02.03.2002_grogol_vii.xlsx").write_bytes(b"PK\x03\x04 rusak")
    (inp / "wksbm_34.02.03.2002_depok.xlsx").write_bytes(b"bukan excel")
    registry = _registry(tmp_path, "34.02.03.2002,Parangtritis,Depok,WKSBM Depok Sejahtera",
                         "34.02.03.2002,Parangtritis,Grogol VII,WKSBM Grogol")
    assert _compile(inp, tmp_path / "hasil", "--registry", registry).exit_code == 1
    assert _kabupaten_status(tmp_path / "hasil") == {"wksbm_terdaftar": "2", "wksbm_melapor": "1",
                                                     "wksbm_perlu_perbaikan": "2", "wksbm_belum_melapor": "0"}
    with open(tmp_path / "hasil" / "2026-T3" / "rekap_data.csv", encoding="utf-8", newline="") as fh:
        kalurahan = {r["indikator"]: r["nilai"] for r in csv.DictReader(fh)
                     if r["kode_wilayah"] == "34.02.03.2002" and r["indikator"].startswith("wksbm_")}
    assert kalurahan["wksbm_perlu_perbaikan"] == "1" and kalurahan["wksbm_belum_melapor"] == "0"
