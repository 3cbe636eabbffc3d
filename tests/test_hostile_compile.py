"""Every hostile case, in one batch with good workbooks: each costs one finding, the good ones count.

Built at test time by tests/hostile_corpus.py. The whole batch goes through the real CLI.
"""
from __future__ import annotations

import csv
import os
import time
import zipfile

import pytest
from click.testing import CliRunner

import hostile_corpus as hc
from builder import Book
from compiler.api import validate_files
from compiler.cli import main

GOOD = ("Dusun A", "Dusun B", "Dusun C")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("campur")
    paths = hc.build_all(folder)
    for n, dusun in enumerate(GOOD, start=1):
        book = Book()
        book.set("Identitas", 0, "Padukuhan", dusun)
        book.write(folder / f"baik{n}.xlsx")
    good_bytes = (folder / "baik1.xlsx").read_bytes()
    with open(os.path.join(os.fsencode(str(folder)), b"laporan_\xff.xlsx"), "wb") as fh:
        fh.write(good_bytes)  # a name that is not valid UTF-8: same WKSBM as baik1, so one supersedes
    out = tmp_path_factory.mktemp("keluar")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["compile", str(folder), "--tahun", "2026", "--triwulan", "III",
                                       "--out", str(out), "--workers", "2"])
    seconds = time.monotonic() - started
    with open(out / "2026-T3" / "daftar_temuan.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(out / "2026-T3" / "rekap_data.csv", encoding="utf-8-sig", newline="") as fh:
        rekap = {(r["tingkat"], r["kode_wilayah"], r["indikator"], r["kategori"]): float(r["nilai"])
                 for r in csv.DictReader(fh)}
    return paths, result, seconds, rows, rekap


def test_batch_runs_through_without_traceback(batch):
    _, result, seconds, _, _ = batch
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert seconds < 90


@pytest.mark.parametrize("name", [n for n, c in hc.CASES.items() if c.code])
def test_each_hostile_file_is_one_file_level_finding(batch, name):
    _, _, _, rows, _ = batch
    mine = [r for r in rows if r["berkas"] == f"{name}.xlsx"]
    assert [(r["kode"], r["lembar"], r["sel"]) for r in mine] == [(hc.CASES[name].code, "", "")]
    assert mine[0]["pesan"] and "{" not in mine[0]["pesan"]


def test_good_workbooks_still_count(batch):
    _, _, _, rows, rekap = batch
    for n in range(1, 4):
        assert not [r for r in rows if r["berkas"] == f"baik{n}.xlsx" and r["tingkat"] == "error"]
    assert rekap[("kabupaten", "34.02", "wksbm_melapor", "")] == 3


def test_undecodable_file_name_is_shown_safely(batch):
    _, result, _, rows, _ = batch
    shown = "laporan_\ufffd.xlsx"
    assert any(r["berkas"] == shown for r in rows)  # superseded by (or superseding) baik1.xlsx
    assert "Traceback" not in result.output


def test_styled_empty_rows_cost_nothing(tmp_path):
    """A real WKSBM workbook with 200,000 styled empty rows below its data validates quickly."""
    path = Book().write(tmp_path / "panjang.xlsx")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        parts = {n: z.read(n) for n in names}
    sheet = "xl/worksheets/sheet4.xml"  # Pengeluaran in Book's sheet order
    rows = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % r for r in range(50, 200_050))
    parts[sheet] = parts[sheet].replace(b"</sheetData>", rows + b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            z.writestr(n, parts[n])
    started = time.monotonic()
    (result,) = validate_files([path], workers=1)
    assert result.findings == []
    assert time.monotonic() - started < 10
