"""Hostile files in a real batch: each gives its code and nothing else, the batch ends in
seconds, and the good workbooks beside them are still read and counted.

The files are the hostile corpus (tests/hostile_corpus.py, built at test time, every case
with an expected code; all build in well under a second, the 1 GB bomb included) plus three
different WKSBM workbooks from tests/builder.py, run through the real `wksbm compile`.
"""
from __future__ import annotations

import csv
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import hostile_corpus as hc
from tests.helpers.builder import Book
from compiler.api import validate_files
from compiler.cli import main
from compiler.screen.gate import screen_path

HOSTILE = [name for name, case in hc.CASES.items() if case.code is not None]
GOOD = {"baik1.xlsx": "Dusun A", "baik2.xlsx": "Dusun B", "baik3.xlsx": "Dusun C"}


def _compile(folder: Path, out: Path):
    started = time.monotonic()
    result = CliRunner().invoke(main, ["compile", str(folder), "--tahun", "2026", "--triwulan", "III",
                                       "--out", str(out), "--workers", "2"])
    return result, time.monotonic() - started


def _csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    # the findings list has a BOM for Excel; rekap_data.csv, for programs, has none
    assert raw.startswith(b"\xef\xbb\xbf") == (path.name == "daftar_temuan.csv"), path.name
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def _crashed(result) -> bool:
    return "Traceback" in result.output or (result.exception is not None
                                            and not isinstance(result.exception, SystemExit))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("masuk")
    hc.build_all(folder)
    for name, case in hc.CASES.items():
        if case.code is None:                     # the corpus's good cases are not WKSBM workbooks
            (folder / f"{name}.xlsx").unlink()
    for file, dusun in GOOD.items():
        book = Book()
        book.set("Identitas", 0, "Padukuhan", dusun)
        book.write(folder / file)
    out = tmp_path_factory.mktemp("keluar")
    result, seconds = _compile(folder, out)
    findings = _csv(out / "2026-T3" / "daftar_temuan.csv")
    recap = _csv(out / "2026-T3" / "rekap_data.csv")
    return result, seconds, findings, recap


def test_batch_ends_quickly_without_a_crash(batch):
    result, seconds, _, _ = batch
    assert result.exit_code == 1, result.output
    assert not _crashed(result), result.output
    assert seconds < 60, f"{seconds:.1f} s"


def test_findings_file_columns(batch):
    _, _, findings, _ = batch
    assert findings and list(findings[0])[:12] == ["berkas", "kapanewon", "kalurahan", "padukuhan", "lembar", "sel",
                                                   "baris", "kolom", "kode", "tingkat", "nilai", "pesan"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_one_file_level_finding(batch, name):
    _, _, findings, _ = batch
    case = hc.CASES[name]
    mine = [row for row in findings if row["berkas"] == f"{name}.xlsx"]
    assert [(row["kode"], row["tingkat"], row["lembar"], row["sel"]) for row in mine] == \
        [(case.code, "error", "", "")]
    assert case.reason in mine[0]["pesan"]


def test_only_known_files_have_findings(batch):
    _, _, findings, _ = batch
    assert {row["berkas"] for row in findings} <= {f"{name}.xlsx" for name in HOSTILE} | set(GOOD)


def test_good_workbooks_are_read_and_counted(batch):
    _, _, findings, recap = batch
    for file in GOOD:
        assert not [row for row in findings if row["berkas"] == file and row["tingkat"] == "error"], file
    reported = [row for row in recap if row["tingkat"] == "kabupaten" and row["kode_wilayah"] == "34.02"
                and row["indikator"] == "wksbm_melapor" and row["kategori"] == ""]
    assert len(reported) == 1 and float(reported[0]["nilai"]) == 3


# ---------------------------------------------------------------------------------------
# A real WKSBM workbook with 200,000 styled empty rows
# ---------------------------------------------------------------------------------------
def _sheet_member(parts: dict[str, bytes], sheet_name: str) -> str:
    """The zip member of a sheet, found through workbook.xml and its relationships."""
    rid = re.search(rb'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(sheet_name.encode()),
                    parts["xl/workbook.xml"]).group(1)
    target = re.search(rb'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % re.escape(rid),
                       parts["xl/_rels/workbook.xml.rels"])
    if target is None:                            # attribute order differs: Target before Id
        target = re.search(rb'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % re.escape(rid),
                           parts["xl/_rels/workbook.xml.rels"])
    return "xl/" + target.group(1).decode().lstrip("/").removeprefix("xl/")


def test_styled_empty_rows_validate_quickly(tmp_path):
    """Book's clean workbook, its Pengeluaran sheet then carrying 200,000 styled but empty
    rows (half row-level formats, half rows of styled empty cells, as in the corpus)."""
    path = Book().write(tmp_path / "panjang.xlsx")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        parts = {n: z.read(n) for n in names}
    assert b"<xf " in parts["xl/styles.xml"] and parts["xl/styles.xml"].count(b"<xf ") >= 2
    member = _sheet_member(parts, "Pengeluaran")
    last = max(map(int, re.findall(rb'<row r="(\d+)"', parts[member])))
    rows = []
    for r in range(last + 1, last + 200_001):
        if r % 2:
            rows.append(b'<row r="%d" s="1" customFormat="1"/>' % r)
        else:
            cells = b"".join(b'<c r="%s%d" s="1"/>' % (col, r) for col in (b"A", b"B", b"C", b"D", b"E", b"F"))
            rows.append(b'<row r="%d">%s</row>' % (r, cells))
    parts[member] = parts[member].replace(b"</sheetData>", b"".join(rows) + b"</sheetData>")
    parts[member] = re.sub(rb"<dimension [^>]*/>", b"", parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            z.writestr(n, parts[n])

    _, verdict = screen_path(path)
    assert verdict.code is None and verdict.last_rows["Pengeluaran"] == last
    started = time.monotonic()
    (result,) = validate_files([path], workers=1)
    seconds = time.monotonic() - started
    assert result.findings == []
    assert seconds < 5, f"{seconds:.1f} s"


# ---------------------------------------------------------------------------------------
# A file name that is not valid UTF-8
# ---------------------------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_undecodable_file_name(tmp_path):
    """Read like any other; shown with U+FFFD in the findings file and on the terminal. The
    workbook misses one required cell, so that it has a finding and a row to show."""
    folder = tmp_path / "masuk"
    folder.mkdir()
    book = Book()
    ref = book.set("Buku Tamu", 0, "Keperluan", None)
    good = book.write(tmp_path / "sumber.xlsx").read_bytes()
    with open(os.path.join(os.fsencode(str(folder)), b"laporan_\xff.xlsx"), "wb") as f:
        f.write(good)
    shown = "laporan_\ufffd.xlsx"

    out = tmp_path / "keluar"
    result, _ = _compile(folder, out)
    assert result.exit_code == 1 and not _crashed(result), result.output
    rows = _csv(out / "2026-T3" / "daftar_temuan.csv")
    assert [(r["berkas"], r["lembar"], r["sel"], r["kode"]) for r in rows] == \
        [(shown, "Buku Tamu", ref, "required-missing")]

    checked = CliRunner().invoke(main, ["validate", str(folder), "--out", str(tmp_path / "periksa"),
                                        "--workers", "1"])
    assert checked.exit_code == 1 and not _crashed(checked), checked.output
    assert f"{shown}: 1 kesalahan" in checked.output
    rows = _csv(tmp_path / "periksa" / "daftar_temuan.csv")
    assert [(r["berkas"], r["kode"]) for r in rows] == [(shown, "required-missing")]


def test_amounts_beyond_any_wksbm_never_reach_the_recap(tmp_path):
    """Two amounts of 1E+308 would sum to infinity, which no recap can write: each is a
    value-range finding (beyond Rp 10 miliar), so the workbook is not counted, and the compile
    writes every output for the others."""
    inp = tmp_path / "masuk"
    inp.mkdir()
    huge = Book()
    huge.set("Identitas", 0, "Padukuhan", "Dusun A")
    cells = [huge.set("Pemasukan", i, "Jumlah (Rp)", 1e308) for i in (0, 1)]
    huge.write(inp / "besar.xlsx")
    Book().write(inp / "baik.xlsx")
    result, _ = _compile(inp, tmp_path / "hasil")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    found = [r for r in _csv(tmp_path / "hasil" / "2026-T3" / "daftar_temuan.csv")
             if r["kode"] != "nik-multiple-wksbm"]   # the two books share their PPKS
    assert [(r["berkas"], r["lembar"], r["sel"], r["kode"]) for r in found] == [
        ("besar.xlsx", "Pemasukan", c, "value-range") for c in cells]
    assert "Nilai '1E+308'" in found[0]["pesan"]   # as Excel shows it, not 309 digits
    assert (tmp_path / "hasil" / "2026-T3" / "rekap_kabupaten.xlsx").exists()
