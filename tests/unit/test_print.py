"""Issue 19: what people print, sign and read. Page setup, widths and row heights read back
with openpyxl; each recap's footer date its own area's; '-' where nothing is counted; the cash
row adding up; daftar_temuan.xlsx in Indonesian; a correction copy's stable name and fills."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

from compiler.cli import main
from compiler.correction.copies import SHEET, copy_name, write_copy
from compiler.outputs.findings_list import HEADERS, write_xlsx
from tests.helpers.builder import Book
from tests.unit.test_correction import RED, finding


NAME_40 = "WKSBM Sejahtera Gemah Ripah Loh Jinawi W"   # 40 characters: whole on one line
LONG_NAME = "WKSBM Sejahtera Gemah Ripah Loh Jinawi Wonorejo Kidul Lor"   # 57: wraps, its row taller


def a4_one_page_wide(ws, orientation: str = "landscape", titles: bool = True) -> None:
    assert ws.page_setup.orientation == orientation and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert [1 if n is None else int(n) for n in (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight)] == [1, 0]
    assert not titles or ws.print_title_rows.startswith("$1:$")


@pytest.fixture(scope="module")
def quarter(tmp_path_factory):
    """Two counted reports in two kapanewon, dated apart; Sanden has none."""
    root = tmp_path_factory.mktemp("cetak")
    inp = root / "masuk"
    inp.mkdir()
    kretek = Book()   # Kretek, Parangtritis; Tanggal Laporan 05/10/2026
    srandakan = Book(titles=0)
    for label, value in {"Kapanewon": "Srandakan", "Kalurahan": "Poncosari", "Padukuhan": "Kauman",
                         "Nama WKSBM": "WKSBM Kauman Sejahtera Gemah Ripah Loh Jinawi",
                         "Tanggal Laporan": dt.datetime(2026, 10, 20)}.items():
        srandakan.set("Identitas", 0, label, value)
    kretek.write(inp / "kretek.xlsx")
    srandakan.write(inp / "srandakan.xlsx")
    registry = root / "daftar_wksbm.csv"
    with open(registry, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm"])
        w.writerow(["34.02.03.2002", "Parangtritis", "Depok", "WKSBM Depok Sejahtera"])
        w.writerow(["34.02.01.2001", "Poncosari", "Kauman", "WKSBM Kauman Sejahtera Gemah Ripah Loh Jinawi"])
        w.writerow(["34.02.02.2001", "Gadingsari", "Wonorejo", LONG_NAME])   # have not reported
        w.writerow(["34.02.02.2001", "Gadingsari", "Wonosari", NAME_40])
    result = CliRunner().invoke(main, ["compile", str(inp), "--tahun", "2026", "--triwulan", "III",
                                       "--registry", str(registry), "--out", str(root / "keluar"),
                                       "--workers", "1"])
    assert result.exit_code in (0, 1), result.output
    return {"kretek": kretek, "srandakan": srandakan}, root / "keluar" / "2026-T3"


def test_each_kapanewon_recap_dates_its_own_reports(quarter):
    _, out = quarter
    footer = {name: load_workbook(out / f"{name}.xlsx").worksheets[0].oddFooter.left.text
              for name in ("rekap_kabupaten", "rekap_34.02.01_Srandakan", "rekap_34.02.03_Kretek",
                           "rekap_34.02.02_Sanden")}
    assert footer == {"rekap_kabupaten": "Data laporan s.d. 20/10/2026",
                      "rekap_34.02.01_Srandakan": "Data laporan s.d. 20/10/2026",
                      "rekap_34.02.03_Kretek": "Data laporan s.d. 05/10/2026",
                      "rekap_34.02.02_Sanden": "Belum ada laporan yang dihitung"}
    html = (out / "rekap_34.02.03_Kretek.html").read_text(encoding="utf-8")
    assert "Data laporan s.d. 05/10/2026." in html and "20/10/2026" not in html


def _kas(ws) -> dict[str, list]:
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Ringkasan kas (Rp)")
    heads = [ws.cell(top + 2, c).value for c in range(2, 8)]   # below the groups' row
    assert ws.cell(top + 1, 1).value == "Kapanewon" and ws.cell(top + 1, 2).value == "Kas (bentuk uang)"
    assert heads == ["Saldo Awal", "Pemasukan Uang", "Pengeluaran Uang", "Saldo Akhir", "Jumlah Pemasukan",
                     "Jumlah Pengeluaran"]
    rows = {}
    for r in range(top + 3, top + 3 + 18):
        rows[ws.cell(r, 1).value] = [ws.cell(r, c).value for c in range(2, 8)]
    return rows


def test_the_cash_row_adds_up_and_an_area_without_reports_shows_dash(quarter):
    books, out = quarter
    kas = _kas(load_workbook(out / "rekap_kabupaten.xlsx")["2 Dana"])
    for area in ("Kretek", "Srandakan", "Jumlah"):
        awal, masuk, keluar, akhir, semua_masuk, semua_keluar = kas[area]
        assert awal + masuk - keluar == akhir and masuk > 0 and keluar > 0
        assert semua_masuk >= masuk and semua_keluar >= keluar
    book = books["kretek"]
    assert kas["Kretek"][1] == sum(r["Jumlah (Rp)"] for r in book.rows["Pemasukan"] if r["Bentuk"] == "Uang")
    assert kas["Sanden"] == ["-"] * 6   # STANDARD 1.1 section 5: nothing counted there
    with open(out / "rekap_data.csv", encoding="utf-8", newline="") as fh:
        data = {(r["kode_wilayah"], r["indikator"]): r["nilai"] for r in csv.DictReader(fh) if r["kategori"] == ""}
    assert float(data[("34.02.03", "pemasukan_uang_rp")]) == kas["Kretek"][1]
    assert float(data[("34.02.03", "pengeluaran_uang_rp")]) == kas["Kretek"][2]
    assert data[("34.02.02", "saldo_awal_rp")] == "0"   # the CSV keeps its 0


def test_recap_sheets_print_on_a4_with_names_whole(quarter):
    _, out = quarter
    for name in ("rekap_kabupaten", "rekap_34.02.01_Srandakan"):
        wb = load_workbook(out / f"{name}.xlsx")
        for ws in wb:   # a kapanewon's sheets are narrow: upright; the kabupaten's 18 area columns across
            kapanewon = name != "rekap_kabupaten"
            a4_one_page_wide(ws, "portrait" if kapanewon or ws.title.startswith("1") else ws.page_setup.orientation)
            if not kapanewon and ws.title == "4 PPKS":
                assert ws.page_setup.orientation == "landscape"
            for r in range(1, ws.max_row + 1):
                assert ws.row_dimensions[r].height is None or ws.row_dimensions[r].height >= 15
        assert "Kepala Dinas Sosial Kabupaten Bantul" in [c.value for row in wb.worksheets[-1].iter_rows()
                                                         for c in row]
    for ws in load_workbook(out / "rekap_kabupaten.xlsx"):   # a page breaks only before a table's title
        breaks = [b.id for b in ws.row_breaks.brk]
        assert all(ws.cell(b + 1, 1).font.b and ws.cell(b + 1, 1).font.sz == 10 for b in breaks), ws.title
    assert load_workbook(out / "rekap_kabupaten.xlsx")["3 Kegiatan"].row_breaks.brk   # 3 tables of 17 areas
    listed = load_workbook(out / "rekap_kabupaten.xlsx")["1b Daftar WKSBM"]
    header = next(r for r in range(1, 12) if listed.cell(r, 1).value == "No")
    col = next(c for c in range(1, 9) if listed.cell(header, c).value == "Nama WKSBM")
    letter = listed.cell(header, col).column_letter
    names = [listed.cell(r, col).value for r in range(header + 1, listed.max_row + 1) if listed.cell(r, col).value]
    assert sorted(names) == sorted([LONG_NAME, NAME_40])
    assert listed.column_dimensions[letter].width >= len(NAME_40) + 1
    for r in range(header + 1, header + 3):
        long = listed.cell(r, col).value == LONG_NAME
        assert listed.cell(r, col).alignment.wrap_text
        assert (listed.row_dimensions[r].height or 15) == (30 if long else 15)   # 15: the default


def test_findings_workbook_for_people(tmp_path):
    rows = [("wksbm_3402012001_gondangan_2026-T3_ok.xlsx", "Kretek", "", "", "Buku Tamu", "B7", 7,
             "Tanggal", "type-date", "error", "kemarin", "Tanggal tidak dikenali. " * 8),
            ("a.xlsx", "Kretek", "", "", "Identitas", "", "", "", "period-mismatch", "warning", "", "Cek.")]
    write_xlsx(rows, tmp_path / "d.xlsx")
    ws = load_workbook(tmp_path / "d.xlsx")["Daftar Temuan"]
    assert [c.value for c in ws[1]] == list(HEADERS) and HEADERS[9] == "Tingkat"
    assert [ws["J2"].value, ws["J3"].value] == ["Harus diperbaiki", "Perlu diperiksa"]
    a4_one_page_wide(ws)
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["A"].width >= len(rows[0][0]) + 1        # the file name whole
    assert ws["L2"].alignment.wrap_text and ws.row_dimensions[2].height >= 15 * 4   # 190 characters in 50
    assert ws.row_dimensions[3].height == 30   # "Perlu diperiksa" in two lines of its narrow column


def test_a_copy_of_a_copy_keeps_its_name():
    assert copy_name("laporan.xlsx") == "laporan_perbaikan.xlsx"
    assert copy_name("laporan_perbaikan.xlsx") == "laporan_perbaikan.xlsx"
    assert copy_name("laporan_Perbaikan_perbaikan.xlsx") == "laporan_perbaikan.xlsx"
    assert copy_name("perbaikan.xlsx") == "perbaikan_perbaikan.xlsx"   # no suffix of ours: a name like any


def _data(tmp_path, fill: str | None):
    wb = Workbook()
    ws = wb.active
    ws.title = "Identitas"
    ws["A1"], ws["B1"] = "Kapanewon", "Kretk"
    ws["A2"], ws["B2"] = "Kalurahan", "Parangtritis"
    if fill:
        ws["B1"].fill = ws["B2"].fill = PatternFill("solid", fgColor=fill)
    data = wb.create_sheet("Data")
    data["B2"] = "salah"
    data["B2"].fill = PatternFill("solid", fgColor="FF00B050")   # the volunteer's own green
    wb.save(tmp_path / "src.xlsx")
    return tmp_path / "src.xlsx"


@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_fills_that_are_not_ours_stay(way, tmp_path, monkeypatch):
    """Round trip: a fixed answer of a workbook that never had the template's yellow gets none;
    a cell in the volunteer's own colour keeps it, marked by its note and the list."""
    if way == "openpyxl":
        monkeypatch.setattr("compiler.correction.copies.patched_copy",
                            lambda *a: (_ for _ in ()).throw(ValueError("general path")))
    src = _data(tmp_path, None)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert write_copy(str(src), [finding("Identitas", "B1", 1), finding("Data", "B2", 2)], first)
    copy = load_workbook(first)
    assert copy["Identitas"]["B1"].fill.fgColor.rgb == RED
    own = copy["Data"]["B2"]
    assert own.fill.fgColor.rgb == "FF00B050" and "Salah" in own.comment.text
    assert write_copy(str(first), [finding("Data", "B2", 2)], second)
    again = load_workbook(second)
    assert again["Identitas"]["B1"].fill.fill_type is None          # never had the yellow: none
    assert again["Data"]["B2"].fill.fgColor.rgb == "FF00B050"


@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_daftar_perbaikan_prints_one_page_wide(way, tmp_path, monkeypatch):
    if way == "openpyxl":
        monkeypatch.setattr("compiler.correction.copies.patched_copy",
                            lambda *a: (_ for _ in ()).throw(ValueError("general path")))
    src = _data(tmp_path, "FFFFF2CC")
    out = tmp_path / "copy.xlsx"
    long = "Isi dengan tanggal laporan dalam bentuk tanggal, misalnya 05/10/2026. " * 3
    assert write_copy(str(src), [finding("Identitas", "B1", 1, message=long), finding("Data", "B2", 2)], out)
    ws = load_workbook(out)[SHEET]
    a4_one_page_wide(ws)
    assert ws.print_title_rows == "$1:$1"
    assert sum(ws.column_dimensions[c].width for c in "ABCDEFGH") <= 150
    assert ws["H2"].alignment.wrap_text and ws.row_dimensions[2].height >= 15 * 4
    assert ws.row_dimensions[3].height == 15


def test_html_recap_prints_as_a_report(quarter):
    """Sections flow (no page forced per section); a wide table prints across on its own page
    kind, and the signature stays on the last table's page; the stacked bars say what their
    numbers are."""
    _, out = quarter
    kab = (out / "rekap_kabupaten.html").read_text(encoding="utf-8")
    assert "break-before: page" not in kab and "div.blok.lebar, div.penutup.lebar { page: lebar; }" in kab
    assert kab.count('<div class="blok lebar">') == 3          # 26 PPKS, 12 PSKS, 13 items by 17 kapanewon
    assert '<div class="penutup lebar">' in kab                 # its last table is one of those
    kap = (out / "rekap_34.02.01_Srandakan.html").read_text(encoding="utf-8")
    assert 'class="blok lebar"' not in kap and '<div class="penutup">' in kap
    assert "Angka di ujung batang: Melapor / Perlu Perbaikan / Belum Melapor" in kap


def test_the_volunteers_sheets_print_one_page_wide_unless_they_set_it_up(tmp_path):
    import zipfile

    wb = Workbook()
    wide = wb.active
    wide.title = "Data"
    wide.append([f"Kolom {i}" for i in range(1, 15)])
    wide.append(["salah"] + [i for i in range(13)])
    for letter in "ABCDEFGHIJKLMN":
        wide.column_dimensions[letter].width = 16
    own = wb.create_sheet("Sendiri")
    own.append(["sudah diatur"])
    own.page_setup.orientation, own.page_setup.scale = "portrait", 80
    wb.save(tmp_path / "src.xlsx")
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "src.xlsx"), [finding("Data", "A2", 2)], out)
    copy = load_workbook(out)
    a4_one_page_wide(copy["Data"], "landscape", titles=False)   # 224 characters: across
    assert copy["Data"]["A2"].value == "salah" and copy["Data"]["A2"].fill.fgColor.rgb == RED
    kept = copy["Sendiri"]
    assert kept.page_setup.scale == 80 and not kept.sheet_properties.pageSetUpPr.fitToPage   # theirs, as it was
    with zipfile.ZipFile(tmp_path / "src.xlsx") as a, zipfile.ZipFile(out) as b:
        assert a.read("xl/worksheets/sheet2.xml") == b.read("xl/worksheets/sheet2.xml")


def test_every_figure_a_recap_shows_is_one_rekap_data_declares():
    """The recap's tables name indicators as text (recap/view.py): each must be one the figures
    declare (figures/workbook.py FIGURE_KEYS, figures/tidy.py), or its cells would read 0 or '-'
    for ever without anyone noticing."""
    from compiler.figures.tidy import categories
    from compiler.recap.view import build_recaps
    from tests.unit.test_render import DIBUAT, TAHUN, TW, make_quarter

    declared = {ind for ind, _ in categories()}
    rekap, status = make_quarter()
    shown = {f.indikator for r in build_recaps(rekap, status, TAHUN, TW, DIBUAT)
             for s in r.sections for t in s.tables for row in t.rows for f in row.figs}
    assert {"pemasukan_uang_rp", "pengeluaran_uang_rp"} <= shown
    assert shown <= declared, shown - declared


def test_the_declared_tables_show_only_declared_figures():
    """compiler/recap/tables.py, the declaration the views are built from, names only indicators
    that rekap_data declares, and every table shows each declared category of its indicator."""
    from compiler.figures.tidy import categories
    from compiler.recap import tables

    declared = {ind for ind, _ in categories()}
    assert tables.indicators() <= declared, tables.indicators() - declared
    for section in tables.SECTIONS:
        for t in section.tables:
            for c in [t, *t.columns]:
                if getattr(c, "categories", ()) and getattr(c, "indikator", ""):
                    known = {k for ind, k in categories() if ind == c.indikator}
                    assert set(c.categories) <= known, (t.sheet, set(c.categories) - known)
