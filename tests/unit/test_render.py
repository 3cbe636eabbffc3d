"""The human recaps show exactly the figures of rekap_data, print well, and leak nothing.

A synthetic quarter is built in code: two kapanewon with reports (Srandakan, Kretek), the
other fifteen with registered WKSBM but no report. Expected values are computed here, then
read back from the HTML (data attributes) and from the workbooks (openpyxl).
"""
from __future__ import annotations

import random
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from compiler.recap import tables
from compiler.recap import view as rv
from compiler.recap.format import angka, persen
from compiler.recap.render import render_all
from schemas import reference as ref
from schemas import standard as std

TAHUN, TW, DIBUAT = 2026, "III", "5 Oktober 2026"
REPORTED = ("Srandakan", "Kretek")
EVIL_NAME = '=HYPERLINK("http://contoh.invalid","klik")'
SCRIPT_NAME = "<script>alert(1)</script> WKSBM"
PERSONAL = ("3402035508500001", "Sri Lestari", "laporan_sri_lestari_3402035508500001.xlsx",
            "WKSBM Sudah Lapor Rapi")  # the last: reported fine, so it is never listed
KAB_KODE = ref.KABUPATEN[0]


def _kalurahan_figures(rng: random.Random, melapor: int) -> dict[tuple[str, str], float]:
    """The figures of one kalurahan; some categories are left out on purpose (read as 0)."""
    v: dict[tuple[str, str], float] = {("wksbm_melapor", ""): melapor}
    if not melapor:
        return v
    v[("saldo_awal_rp", "")] = rng.randint(1, 9) * 250_000
    for sumber in tables.SUMBER_DANA[:5]:
        v[("pemasukan_rp", sumber)] = rng.randint(1, 40) * 50_000
    for jenis in tables.JENIS_PENGELUARAN[1:4]:
        v[("pengeluaran_rp", jenis)] = rng.randint(1, 20) * 25_000
    v[("saldo_akhir_rp", "")] = v[("saldo_awal_rp", "")] + 1_000_000
    for jenis in tables.JENIS_KEGIATAN[:4]:
        v[("kegiatan_jumlah", jenis)] = rng.randint(1, 5)
        v[("penerima_manfaat_orang", jenis)] = rng.randint(1, 30)
        v[("nilai_bantuan_rp", jenis)] = rng.randint(1, 30) * 100_000
    for jenis in ref.PPKS[::3]:
        v[("ppks_orang", jenis)] = rng.randint(1, 9)
    total = sum(x for (i, _), x in v.items() if i == "ppks_orang")
    v[("ppks_jenis_kelamin", "L")] = total // 2
    v[("ppks_jenis_kelamin", "P")] = total - total // 2
    v[("ppks_status", "Dalam Penanganan")] = total
    for jenis in ref.PSKS[:4]:
        v[("psks_jumlah", jenis)] = rng.randint(1, 3)
    v[("donatur_jumlah", "Perorangan")] = rng.randint(1, 6)
    v[("jejaring_jumlah", "Pemerintah")] = rng.randint(1, 4)
    v[("surat_jumlah", "Masuk")] = rng.randint(0, 5)
    v[("surat_jumlah", "Keluar")] = rng.randint(0, 5)
    v[("tamu_jumlah", "")] = rng.randint(0, 9)
    v[("rapat_jumlah", "")] = rng.randint(1, 3)
    v[("kehadiran_rapat_orang", "")] = rng.randint(10, 40)
    v[("inventaris_barang", "Baik")] = rng.randint(1, 10)
    v[("inventaris_nilai_rp", "Baik")] = rng.randint(1, 10) * 1_000_000
    for item in std.CHECKLIST[:10]:
        v[("administrasi_ada", item)] = rng.randint(0, melapor)
    return v


def make_quarter(registry: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(20260930)
    rows, status = [], []

    def emit(tingkat, kode, nama, figures):
        for (ind, kat), nilai in sorted(figures.items()):
            if not registry and ind in ("wksbm_terdaftar", "wksbm_belum_melapor"):
                continue
            rows.append(dict(tahun=TAHUN, triwulan=TW, tingkat=tingkat, kode_wilayah=kode,
                             nama_wilayah=nama, indikator=ind, kategori=kat, nilai=nilai))

    def add(into, figures):
        for k, x in figures.items():
            into[k] = into.get(k, 0) + x

    kab: dict = {}
    for kp in ref.KAPANEWON:
        kp_fig: dict = {}
        kals = [r for r in ref.WILAYAH if r["kapanewon"] == kp]
        for n, r in enumerate(kals):
            melapor = rng.randint(1, 3) if kp in REPORTED and n < len(kals) - 1 else 0
            fig = _kalurahan_figures(rng, melapor)
            perlu = 1 if kp in REPORTED else 0
            fig.update({("wksbm_terdaftar", ""): 4, ("wksbm_perlu_perbaikan", ""): perlu,
                        ("wksbm_belum_melapor", ""): 4 - melapor - perlu})
            emit("kalurahan", r["kode_kalurahan"], r["kalurahan"], fig)
            add(kp_fig, fig)
            for i in range(4):
                st = ("melapor" if i < melapor else
                      "perlu_perbaikan" if i < melapor + perlu else "belum_melapor")
                nama = f"WKSBM {r['kalurahan']} {i + 1}"
                if st == "melapor" and kp == "Kretek" and n == 0 and i == 0:
                    nama = PERSONAL[3]
                if kp == "Srandakan" and n == 1:
                    nama = EVIL_NAME if i == 0 else SCRIPT_NAME if i == 1 else nama
                status.append(dict(kode_kalurahan=r["kode_kalurahan"], kapanewon=kp, kalurahan=r["kalurahan"],
                                   padukuhan=f"Padukuhan {i + 1}", nama_wksbm=nama, status=st,
                                   berkas=PERSONAL[2] if st != "belum_melapor" else "",
                                   jumlah_error=3 if st == "perlu_perbaikan" else 0))
        emit("kapanewon", ref.KAPANEWON_KODE[kp], kp, kp_fig)
        add(kab, kp_fig)
    emit("kabupaten", KAB_KODE, ref.KABUPATEN[1], kab)
    rows.append(dict(tahun=TAHUN - 1, triwulan=TW, tingkat="kabupaten", kode_wilayah=KAB_KODE,
                     nama_wilayah="Bantul", indikator="tamu_jumlah", kategori="", nilai=987654321))
    return pd.DataFrame(rows), pd.DataFrame(status)


class Cells(HTMLParser):
    """Every figure cell (its data attributes and text) and every row label of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.cells, self.row_labels, self.text = [], [], []
        self._cell, self._th = None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-indikator" in a:
            self._cell = dict(a, text="")
        if tag == "th" and a.get("scope") == "row":
            self._th = ""

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells.append(self._cell)
            self._cell = None
        if tag == "th" and self._th is not None:
            self.row_labels.append(self._th)
            self._th = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell["text"] += data
        if self._th is not None:
            self._th += data


def parse_number(text: str) -> float | None:
    return None if text == "-" else float(text.replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def quarter():
    return make_quarter()


@pytest.fixture(scope="module")
def rendered(quarter, tmp_path_factory):
    out = tmp_path_factory.mktemp("rekap")
    return out, render_all(*quarter, TAHUN, TW, out, DIBUAT)


def lookup(rekap: pd.DataFrame, tingkat: str):
    df = rekap[(rekap.tingkat == tingkat) & (rekap.tahun == TAHUN)]
    return {(r.kode_wilayah, r.indikator, r.kategori): float(r.nilai) for r in df.itertuples()}


def check_page(path: Path, rekap: pd.DataFrame, child: str, parent: tuple[str, str], areas: list[str]):
    """Each cell equals its rekap row; totals equal the sum of the areas and the parent row."""
    page = Cells(path.read_text(encoding="utf-8"))
    kids, top = lookup(rekap, child), lookup(rekap, parent[0])
    assert page.cells
    seen = set()
    for c in page.cells:
        ind, kat, wil = c["data-indikator"], c["data-kategori"], c["data-wilayah"]
        shown = c["text"]
        if c.get("data-agregat"):
            src = top if wil == "total" else kids
            kode = parent[1] if wil == "total" else wil
            want = sum(v for (k, i, _), v in src.items() if k == kode and i == ind)
        elif wil == "total":
            want = top.get((parent[1], ind, kat), 0.0)
            assert want == sum(kids.get((a, ind, kat), 0.0) for a in areas)
        else:
            assert wil in areas
            want = kids.get((wil, ind, kat), 0.0)
            seen.add(wil)
        kode = parent[1] if wil == "total" else wil
        melapor = (top if wil == "total" else kids).get((kode, "wksbm_melapor", ""), 0.0)
        if ind == "administrasi_ada":
            assert shown == (persen(want / melapor) if melapor else "-"), c
        elif not melapor and not ind.startswith("wksbm_"):   # STANDARD 1.1 section 5: nothing counted
            assert shown == "-" and "data-nilai" not in c, c
        else:
            assert parse_number(shown) == want, c
            assert float(c["data-nilai"]) == want
    assert seen == set(areas)
    return page


def test_all_files_written_and_returned_sorted(rendered):
    out, paths = rendered
    assert paths == sorted(paths)
    names = {p.name for p in paths}
    assert len(paths) == 2 + 2 * 17
    assert {"rekap_kabupaten.xlsx", "rekap_kabupaten.html", "rekap_34.02.01_Srandakan.xlsx",
            "rekap_34.02.01_Srandakan.html", "rekap_34.02.03_Kretek.html"} <= names
    for kp in ref.KAPANEWON:
        for ext in ("xlsx", "html"):
            assert f"{rv.file_stem(ref.KAPANEWON_KODE[kp], kp)}.{ext}" in names
    assert sorted(out.iterdir()) == paths  # no temporary file left behind


def test_kabupaten_html_matches_rekap(rendered, quarter):
    out, _ = rendered
    codes = [ref.KAPANEWON_KODE[k] for k in ref.KAPANEWON]
    page = check_page(out / "rekap_kabupaten.html", quarter[0], "kapanewon", ("kabupaten", KAB_KODE), codes)
    for kp in ref.KAPANEWON:
        assert kp in page.row_labels
    text = "".join(page.text)
    assert "KABUPATEN BANTUL" in text and "REKAPITULASI LAPORAN TRIWULAN III TAHUN 2026" in text
    assert "987.654.321" not in text  # another year's row is not this quarter's figure


@pytest.mark.parametrize("kapanewon", REPORTED)
def test_kapanewon_html_matches_rekap(rendered, quarter, kapanewon):
    out, _ = rendered
    kode = ref.KAPANEWON_KODE[kapanewon]
    kals = [r["kode_kalurahan"] for r in ref.WILAYAH if r["kapanewon"] == kapanewon]
    page = check_page(out / f"rekap_{kode}_{kapanewon}.html", quarter[0], "kalurahan",
                      ("kapanewon", kode), kals)
    text = "".join(page.text)
    assert f"KAPANEWON {kapanewon.upper()}, KABUPATEN BANTUL" in text
    assert "Belum ada laporan" not in text
    # every canonical category is a column or a row, even when nobody reported it
    for ind, cats in (("pemasukan_rp", tables.SUMBER_DANA), ("ppks_orang", ref.PPKS), ("psks_jumlah", ref.PSKS),
                      ("administrasi_ada", std.CHECKLIST), ("jejaring_jumlah", tables.JENIS_LEMBAGA)):
        assert {c["data-kategori"] for c in page.cells if c["data-indikator"] == ind} >= set(cats)


def test_pending_list_and_escaping(rendered):
    out, _ = rendered
    html = (out / "rekap_34.02.01_Srandakan.html").read_text(encoding="utf-8")
    assert "Daftar WKSBM yang belum melapor atau perlu perbaikan" in html
    assert "Perlu perbaikan" in html and "Belum melapor" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="id">' in html
    assert "http" not in html.replace("http://contoh.invalid", "").replace("http://www.w3.org/2000/svg", "")
    assert "<svg" in html and "@page { size: A4 portrait" in html   # issue 19: upright, wide tables across
    assert "@page lebar { size: A4 landscape" in html


def test_the_kabupaten_recap_lists_every_wksbm_to_follow_up(rendered):
    """STANDARD 5: the human recaps show the list of WKSBM that have not reported or must
    correct; the kabupaten's gathers every kapanewon's, with its kapanewon."""
    out, _ = rendered
    kab = load_workbook(out / "rekap_kabupaten.xlsx")["1b Daftar WKSBM"]
    rows = [r for r in kab.iter_rows(values_only=True) if isinstance(r[0], int)]
    kap = load_workbook(out / "rekap_34.02.01_Srandakan.xlsx")["1b Daftar WKSBM"]
    srandakan = [r for r in kap.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert srandakan and [r[2:] for r in rows if r[1] == "Srandakan"] == [r[1:] for r in srandakan]
    html = (out / "rekap_kabupaten.html").read_text(encoding="utf-8")
    assert "Daftar WKSBM yang belum melapor atau perlu perbaikan" in html
    assert '<th scope="col">Kapanewon</th><th scope="col">Kalurahan</th>' in html
    assert f"<footer>Data laporan s.d. {DIBUAT}. Angka dihitung" in html   # the reports' date, not today's


def test_kapanewon_without_reports(rendered):
    out, _ = rendered
    html = (out / "rekap_34.02.02_Sanden.html").read_text(encoding="utf-8")
    assert "Belum ada laporan yang dapat direkap." in html
    assert 'data-indikator="pemasukan_rp"' not in html
    wb = load_workbook(out / "rekap_34.02.02_Sanden.xlsx")
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    assert "Belum ada laporan yang dapat direkap." in values
    assert "Kepala Dinas Sosial Kabupaten Bantul" in values


def table_rows(ws, title: str) -> tuple[int, int]:
    """(header row, first data row) of the table titled `title` on a section sheet."""
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == title)
    header = top + 1
    while ws.cell(header + 1, 1).value in (None, ws.cell(header, 1).value) or \
            ws.cell(header + 1, 1).value in ("Kapanewon", "Kalurahan"):
        header += 1
    return header, header + 1


def test_xlsx_print_setup_charts_and_numbers(rendered, quarter):
    """Issue 19: a sheet per group of sections (not a table a page), charts below their tables."""
    out, _ = rendered
    wb = load_workbook(out / "rekap_kabupaten.xlsx")
    assert wb.sheetnames == ["1 Status", "1b Daftar WKSBM", "2 Dana", "3 Kegiatan", "4 PPKS",
                             "5-7 PSKS Donatur Jejaring", "8 Administrasi"]
    for ws in wb:   # narrow sheets upright, wide ones across: fewer pages (issue 19)
        assert ws.page_setup.orientation in ("portrait", "landscape")
        if ws.title in ("1 Status", "1b Daftar WKSBM", "4 PPKS"):   # a 40-character name fits; 18 areas
            assert ws.page_setup.orientation == ("landscape" if ws.title == "4 PPKS" else "portrait")
        assert int(ws.page_setup.paperSize) == 9  # A4
        # fitToWidth/fitToHeight may be left out when 1, the default of the file format
        fit = [1 if n is None else int(n) for n in (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight)]
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert fit == [1, 0]
        assert ws.print_options.horizontalCentered
        m = ws.page_margins
        assert (m.left, m.right, m.top, m.bottom, m.header, m.footer) == (0.4, 0.4, 0.5, 0.6, 0.2, 0.3)
        assert (ws.oddFooter.left.text, ws.oddFooter.left.size) == (f"Data laporan s.d. {DIBUAT}", 8)
        assert (ws.oddFooter.right.text, ws.oddFooter.right.size) == ("Halaman &P dari &N", 8)
        assert ws.print_title_rows and ws.print_title_rows.startswith("$1:$")
        assert ws["A1"].value == "REKAPITULASI LAPORAN TRIWULAN III TAHUN 2026"
    assert wb.properties.creator == "wksbm"
    assert wb.properties.title == "REKAPITULASI LAPORAN TRIWULAN III TAHUN 2026 - KABUPATEN BANTUL"
    status, dana = wb["1 Status"], wb["2 Dana"]
    assert len(status._charts) == 1 and len(dana._charts) == 1
    assert status.print_title_rows == "$1:$4" and status["A4"].value == "1. Status Pelaporan"
    header, first = table_rows(status, "Status pelaporan WKSBM per Kapanewon (jumlah WKSBM)")
    chart = status._charts[0]
    assert chart.tagname == "barChart" and chart.type == "bar"
    assert chart.x_axis.scaling.orientation == "maxMin" and chart.y_axis.numFmt.formatCode == "#,##0"
    assert chart.legend.position == "b"
    assert chart.grouping == "stacked" and chart.overlap == 100 and len(chart.series) == 3
    assert [s.tx.strRef.f.replace("$", "") for s in chart.series] == [f"'1 Status'!{c}{header}" for c in "CDE"]
    assert [s.val.numRef.f for s in chart.series] == \
           [f"'1 Status'!${c}${first}:${c}${first + 16}" for c in "CDE"]
    assert all((s.cat.strRef or s.cat.numRef).f == f"'1 Status'!$A${first}:$A${first + 16}" for s in chart.series)
    assert [str(s.graphicalProperties.solidFill.srgbClr).upper() for s in chart.series] == \
           ["2E7D32", "F9A825", "C62828"]
    assert chart.anchor._from.row + 1 > first + 17   # below its table
    kas = dana._charts[0]
    assert kas.grouping == "clustered" and len(kas.series) == 2
    cell = status.cell(header, 1)
    assert cell.font.b and cell.fill.fgColor.rgb.endswith("DCE6F1")
    assert cell.alignment.horizontal == "center" and cell.alignment.wrap_text
    assert cell.border.left.style == "thin" and cell.border.left.color.rgb.endswith("444444")
    assert status.cell(first + 17, 1).value == "Jumlah" and status.cell(first + 17, 1).fill.fgColor.rgb.endswith("F0F0F0")
    assert "A1:E1" in {str(r) for r in status.merged_cells.ranges}
    last = wb.worksheets[-1]
    assert "Kepala Dinas Sosial Kabupaten Bantul" in [c.value for row in last.iter_rows() for c in row]

    header, first = table_rows(dana, "Pemasukan menurut Sumber Dana (Rp)")
    heads = [c.value for c in dana[header]]
    kab, kp = lookup(quarter[0], "kabupaten"), lookup(quarter[0], "kapanewon")
    for r in range(first, first + 18):
        label = dana.cell(r, 1).value
        kode = KAB_KODE if label == "Jumlah" else ref.KAPANEWON_KODE[label]
        src = kab if label == "Jumlah" else kp
        for c, sumber in enumerate(heads[1:len(tables.SUMBER_DANA) + 1], start=2):
            cell = dana.cell(r, c)
            if not src.get((kode, "wksbm_melapor", "")):   # STANDARD 1.1 section 5: nothing counted there
                assert cell.value == "-"
                continue
            assert isinstance(cell.value, int) and cell.number_format == "#,##0"
            assert cell.value == src.get((kode, "pemasukan_rp", sumber), 0)
    pct = wb["8 Administrasi"]
    numbers = [c for row in pct.iter_rows() for c in row if isinstance(c.value, float)]
    assert numbers and all(c.number_format == "0%" and 0 <= c.value <= 1 for c in numbers)


def test_names_never_become_formulas(rendered):
    out, _ = rendered
    path = out / "rekap_34.02.01_Srandakan.xlsx"
    ws = load_workbook(path)["1b Daftar WKSBM"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == EVIL_NAME]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)  # stays text when edited
    assert ws.freeze_panes == "A8" and ws.print_title_rows == "$1:$7"
    with zipfile.ZipFile(path) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_no_personal_data_anywhere(rendered):
    out, paths = rendered
    for p in paths:
        if p.suffix == ".html":
            text = p.read_text(encoding="utf-8")
        else:
            wb = load_workbook(p)
            text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
        for secret in PERSONAL:
            assert secret not in text, (p.name, secret)


def test_status_without_registry_shows_dash(tmp_path):
    rekap, status = make_quarter(registry=False)
    render_all(rekap, status, TAHUN, TW, tmp_path, DIBUAT)
    page = Cells((tmp_path / "rekap_kabupaten.html").read_text(encoding="utf-8"))
    terdaftar = [c for c in page.cells if c["data-indikator"] == "wksbm_terdaftar"]
    assert len(terdaftar) == 18 and all(c["text"] == "-" and "data-nilai" not in c for c in terdaftar)
    ws = load_workbook(tmp_path / "rekap_kabupaten.xlsx")["1 Status"]
    header, first = table_rows(ws, "Status pelaporan WKSBM per Kapanewon (jumlah WKSBM)")
    col = next(c for c in range(1, 6) if ws.cell(header, c).value == "Terdaftar")
    assert [ws.cell(r, col).value for r in range(first, first + 18)] == ["-"] * 18


def test_rendering_is_deterministic(quarter, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    render_all(*quarter, TAHUN, TW, a, DIBUAT)
    render_all(*quarter, TAHUN, TW, b, DIBUAT)
    for p in sorted(a.iterdir()):
        q = b / p.name
        assert p.read_bytes() == q.read_bytes(), p.name
        if p.suffix == ".xlsx":
            wa, wb = load_workbook(p), load_workbook(q)
            assert wa.sheetnames == wb.sheetnames
            for name in wa.sheetnames:
                assert [[c.value for c in r] for r in wa[name].iter_rows()] == \
                       [[c.value for c in r] for r in wb[name].iter_rows()]


def test_indonesian_number_format():
    assert angka(1500000) == "1.500.000"
    assert angka(1500000.0) == "1.500.000"
    assert angka(0) == "0" and angka(None) == "-"
    assert angka(-2500) == "-2.500"
    assert angka(1234.5) == "1.234,5"
    assert persen(0.5) == "50%" and persen(2 / 3) == "67%" and persen(0.125) == "13%"
    assert persen(None) == "-"
