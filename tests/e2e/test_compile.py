"""`wksbm compile`: every compile rule, every figure against what the test wrote, no personal data."""
from __future__ import annotations

import csv
import datetime as dt
import os
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from tests.helpers.builder import NIK_PAINEM, NIK_SUKIMAN, Book
from compiler.cli import main
from schemas.reference import KALURAHAN_KODE, KAPANEWON_KODE

D = dt.datetime
# indikator -> (sheet, category label or None, summed label or None to count rows): the test's own reading
EXPECTED_SPEC = {
    "pemasukan_rp": ("Pemasukan", "Sumber Dana", "Jumlah (Rp)"),
    "pengeluaran_rp": ("Pengeluaran", "Jenis Pengeluaran", "Jumlah (Rp)"),
    "kegiatan_jumlah": ("Kegiatan", "Jenis Kegiatan", None),
    "penerima_manfaat_orang": ("Kegiatan", "Jenis Kegiatan", "Jumlah Penerima"),
    "nilai_bantuan_rp": ("Kegiatan", "Jenis Kegiatan", "Nilai Bantuan (Rp)"),
    "ppks_orang": ("Data PPKS", "Jenis PPKS", None),
    "ppks_jenis_kelamin": ("Data PPKS", "Jenis Kelamin", None),
    "ppks_status": ("Data PPKS", "Status Penanganan", None),
    "psks_jumlah": ("Data PSKS", "Jenis PSKS", None),
    "donatur_jumlah": ("Data Donatur", "Jenis Donatur", None),
    "jejaring_jumlah": ("Data Jejaring", "Jenis Lembaga", None),
    "surat_jumlah": ("Agenda Surat", "Jenis Surat", None),
    "tamu_jumlah": ("Buku Tamu", None, None),
    "rapat_jumlah": ("Notulensi Rapat", None, None),
    "kehadiran_rapat_orang": ("Daftar Hadir", None, None),
    "inventaris_barang": ("Inventaris", "Kondisi", "Jumlah"),
    "inventaris_nilai_rp": ("Inventaris", "Kondisi", "Nilai (Rp)"),
}


def expected_figures(book: Book) -> dict:
    out = defaultdict(float)
    saldo = book.identity["Saldo Kas Awal (Rp)"]
    cash = sum(r["Jumlah (Rp)"] for r in book.rows["Pemasukan"] if r["Bentuk"] == "Uang")
    cash -= sum(r["Jumlah (Rp)"] for r in book.rows["Pengeluaran"] if r["Bentuk"] == "Uang")
    out[("saldo_awal_rp", "")] = saldo
    out[("saldo_akhir_rp", "")] = saldo + cash
    for ind, (sheet, by, summed) in EXPECTED_SPEC.items():
        for rec in book.rows[sheet]:
            out[(ind, rec[by] if by else "")] += rec.get(summed) or 0 if summed else 1
    for label, answer in book.checklist.items():
        out[("administrasi_ada", label)] += answer == "Ya"
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    inp = root / "masuk"
    inp.mkdir()
    books = {}
    books["depok_baru"] = Book()                          # kept, counted
    b = Book()                                             # same WKSBM, older report: superseded
    b.set("Identitas", 0, "Tanggal Laporan", D(2026, 10, 1))
    books["depok_lama"] = b
    c = Book()                                             # another quarter: left out
    c.set("Identitas", 0, "Triwulan", "II")
    books["triwulan_lalu"] = c
    d = Book(titles=0)                                     # not in the registry: counted, warned
    for label, value in {"Kapanewon": "Srandakan", "Kalurahan": "Poncosari", "Padukuhan": "Kauman",
                         "Nama WKSBM": "WKSBM Kauman"}.items():
        d.set("Identitas", 0, label, value)
    d.checklist["Cap/Stempel WKSBM"] = "Tidak"
    d.rows["Data PPKS"] = d.rows["Data PPKS"][:1]        # Painem also in Depok: nik-multiple-wksbm
    d.rows["Kegiatan"] = d.rows["Kegiatan"][1:]
    books["kauman"] = d
    e = Book()                                             # errors: must correct, not counted
    for label, value in {"Kapanewon": "Sewon", "Kalurahan": "Panggungharjo", "Padukuhan": "Glugo"}.items():
        e.set("Identitas", 0, label, value)
    e.set("Buku Tamu", 0, "Tanggal", "kemarin")
    books["glugo"] = e
    for name, book in books.items():
        book.write(inp / f"{name}.xlsx")
    old = inp / "depok_lama.xlsx"
    os.utime(old, (1_700_000_000, 1_700_000_000))
    registry = root / "daftar_wksbm.csv"
    with open(registry, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm"])
        w.writerow(["34.02.03.2002", "Parangtritis", "depok", "WKSBM Depok Sejahtera"])
        w.writerow(["34.02.15.2004", "Panggungharjo", "Glugo", "WKSBM Glugo"])
        w.writerow(["34.02.14.2002", "Srimulyo", "Banyakan I", "WKSBM Banyakan I"])
    out = root / "keluar"
    result = CliRunner().invoke(main, ["compile", str(inp), "--tahun", "2026", "--triwulan", "III",
                                       "--registry", str(registry), "--out", str(out), "--workers", "2"])
    return books, out / "2026-T3", result


def _rekap(folder):
    assert (folder / "rekap_data.csv").read_bytes().startswith(b"tahun,triwulan,")   # no BOM: for programs
    with open(folder / "rekap_data.csv", encoding="utf-8", newline="") as fh:
        return {(r["tingkat"], r["kode_wilayah"], r["indikator"], r["kategori"]): float(r["nilai"])
                for r in csv.DictReader(fh)}


def _findings(folder):
    with open(folder / "daftar_temuan.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_exit_status_and_summary(batch):
    _, _, result = batch
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for label, n in [("Berkas ditemukan", 5), ("Dihitung dalam rekap", 2), ("Perlu perbaikan", 1),
                     ("Diganti laporan yang lebih baru", 1), ("Triwulan lain", 1), ("Belum terdaftar", 1),
                     ("WKSBM terdaftar belum melapor", 1)]:
        line = next(x for x in result.output.splitlines() if label in x)
        assert line.split()[-1] == str(n), line


def test_compile_rules_are_listed(batch):
    _, folder, _ = batch
    rows = _findings(folder)
    files = {(r["berkas"], r["kode"], r["tingkat"], r["lembar"], r["sel"]) for r in rows}
    assert ("depok_lama.xlsx", "submission-superseded", "warning", "", "") in files
    assert ("triwulan_lalu.xlsx", "period-mismatch", "error", "", "") in files
    assert ("kauman.xlsx", "wksbm-unregistered", "warning", "", "") in files
    assert ("glugo.xlsx", "type-date", "error", "Buku Tamu", "B4") in files
    nik_rows = [r for r in rows if r["kode"] == "nik-multiple-wksbm"]
    # Painem is in Depok, Kauman and Glugo; Sukiman in Depok and Glugo (superseded files do not count)
    assert sorted((r["berkas"], r["sel"], r["nilai"]) for r in nik_rows) == [
        ("depok_baru.xlsx", "B4", "340203******0001"), ("depok_baru.xlsx", "B5", "340203******0002"),
        ("glugo.xlsx", "B4", "340203******0001"), ("glugo.xlsx", "B5", "340203******0002"),
        ("kauman.xlsx", "B2", "340203******0001")]
    assert "juga tercatat di Data PPKS WKSBM Padukuhan Depok, Kalurahan Parangtritis (berkas depok_baru.xlsx) dan " \
        "WKSBM Padukuhan Glugo" in [r for r in nik_rows if r["berkas"] == "kauman.xlsx"][0]["pesan"]
    # nothing is lost: every input file appears in the summary or the findings
    assert {r["berkas"] for r in rows} >= {"depok_lama.xlsx", "triwulan_lalu.xlsx", "kauman.xlsx", "glugo.xlsx"}


def test_every_figure_matches_what_was_written(batch):
    books, folder, _ = batch
    rekap = _rekap(folder)
    counted = {"34.02.03.2002": books["depok_baru"], "34.02.01.2001": books["kauman"]}
    kap = {"34.02.03.2002": "34.02.03", "34.02.01.2001": "34.02.01"}
    totals = defaultdict(float)
    for kode, book in counted.items():
        exp = expected_figures(book)
        for (ind, cat), value in exp.items():
            assert rekap[("kalurahan", kode, ind, cat)] == pytest.approx(value), (kode, ind, cat)
            assert rekap[("kapanewon", kap[kode], ind, cat)] == pytest.approx(value), (ind, cat)
            totals[(ind, cat)] += value
    for (ind, cat), value in totals.items():
        assert rekap[("kabupaten", "34.02", ind, cat)] == pytest.approx(value), (ind, cat)
    assert rekap[("kabupaten", "34.02", "administrasi_ada", "Cap/Stempel WKSBM")] == 1
    status = {ind: rekap[("kabupaten", "34.02", ind, "")] for ind in
              ("wksbm_terdaftar", "wksbm_melapor", "wksbm_perlu_perbaikan", "wksbm_belum_melapor")}
    assert status == {"wksbm_terdaftar": 3, "wksbm_melapor": 2, "wksbm_perlu_perbaikan": 1,
                      "wksbm_belum_melapor": 1}
    assert rekap[("kapanewon", "34.02.14", "wksbm_belum_melapor", "")] == 1
    areas = {(t, k) for t, k, _, _ in rekap}
    assert len([a for a in areas if a[0] == "kalurahan"]) == len(KALURAHAN_KODE)
    assert len([a for a in areas if a[0] == "kapanewon"]) == len(KAPANEWON_KODE)


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self._cur, self.text = [], None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-indikator" in a:
            self._cur = a

    def handle_data(self, data):
        self.text.append(data)
        if self._cur is not None:
            self._cur["_text"] = self._cur.get("_text", "") + data

    def handle_endtag(self, tag):
        if tag == "td" and self._cur is not None:
            self.cells.append(self._cur)
            self._cur = None


def test_html_recap_parses_back_to_the_csv(batch):
    _, folder, _ = batch
    rekap = _rekap(folder)
    parser = _Cells()
    parser.feed((folder / "rekap_kabupaten.html").read_text(encoding="utf-8"))
    text = " ".join(parser.text)
    for name in KAPANEWON_KODE:
        assert name in text
    checked = 0
    for cell in parser.cells:
        if (cell.get("data-wilayah") == "total" and cell.get("data-indikator") == "pemasukan_rp"
                and "data-agregat" not in cell):
            value = float(cell["_text"].strip().replace(".", "") or 0)
            assert value == rekap[("kabupaten", "34.02", "pemasukan_rp", cell.get("data-kategori", ""))]
            checked += 1
    assert checked >= 1
    for kode, nama in [(v, k) for k, v in KAPANEWON_KODE.items()]:
        assert (folder / f"rekap_{kode}_{nama}.html").exists()
        assert (folder / f"rekap_{kode}_{nama}.xlsx").exists()


def test_no_personal_data_in_recaps(batch):
    books, folder, _ = batch
    secrets = {NIK_PAINEM, NIK_SUKIMAN, NIK_PAINEM[:12]}
    for book in books.values():
        secrets |= {r["Nama"] for r in book.rows["Data PPKS"]}
    recap_files = [p for p in folder.iterdir() if p.name.startswith("rekap_")]
    assert len(recap_files) == 1 + 2 + 2 * 17
    for path in recap_files:
        if path.suffix == ".xlsx":
            import zipfile
            with zipfile.ZipFile(path) as z:
                blob = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
        else:
            blob = path.read_text(encoding="utf-8")
        for secret in secrets:
            assert secret not in blob, (path.name, secret)


def test_rerun_is_identical(batch, tmp_path):
    books, folder, _ = batch
    inp = folder.parent.parent / "masuk"
    out = tmp_path / "lagi"
    CliRunner().invoke(main, ["compile", str(inp), "--tahun", "2026", "--triwulan", "3", "--out", str(out),
                              "--registry", str(folder.parent.parent / "daftar_wksbm.csv"), "--workers", "1"])
    again = out / "2026-T3"
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert {"rekap_data.csv", "daftar_temuan.csv", "rekap_kabupaten.html", "rekap_kabupaten.xlsx"} <= {
        f.name for f in files} and any(f.name.endswith("_perbaikan.xlsx") for f in files)
    for name in files:   # one worker or two: every output byte for byte the same
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name


def test_a_machine_that_cannot_start_workers_compiles_the_same(batch, tmp_path, monkeypatch):
    """No process can start (memory or process limits): the files are read and every output is
    written in this process instead, byte for byte what the workers write."""
    import errno
    import multiprocessing.context as mpc

    def no_fork(self):
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(mpc.ForkProcess, "start", no_fork)
    books, folder, first = batch
    out = tmp_path / "tanpa_proses"
    result = CliRunner().invoke(main, ["compile", str(folder.parent.parent / "masuk"), "--tahun", "2026",
                                       "--triwulan", "III", "--out", str(out), "--workers", "2",
                                       "--registry", str(folder.parent.parent / "daftar_wksbm.csv")])
    assert result.exit_code == first.exit_code == 1, result.output
    again = out / "2026-T3"
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name


def _compile(inp, out, *more):
    return CliRunner().invoke(main, ["compile", str(inp), "--tahun", "2026", "--triwulan", "III", "--out", str(out),
                                     "--workers", "1", *map(str, more)])


def _registry(folder, *rows: str):
    """A daftar_wksbm.csv of these rows (kode_kalurahan,kalurahan,padukuhan,nama_wksbm)."""
    path = folder / "daftar_wksbm.csv"
    path.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n" + "".join(r + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _kabupaten_status(out) -> dict[str, str]:
    """The kabupaten's wksbm_* figures in rekap_data.csv."""
    with open(out / "2026-T3" / "rekap_data.csv", encoding="utf-8", newline="") as fh:
        return {r["indikator"]: r["nilai"] for r in csv.DictReader(fh)
                if r["tingkat"] == "kabupaten" and r["indikator"].startswith("wksbm_")}


def _found(output: str) -> int:
    (line,) = [line for line in output.splitlines() if "Berkas ditemukan" in line]
    return int(line.split()[-1])


def test_compiling_again_into_the_folder_of_reports_reads_only_the_reports(batch, tmp_path):
    """`wksbm compile laporan --out laporan` (or a folder inside it), again: what earlier compiles
    wrote there is not taken for reports; a quarter folder holding reports still is."""
    import shutil

    books, folder, first = batch
    inp = tmp_path / "laporan"
    shutil.copytree(folder.parent.parent / "masuk", inp)
    outputs = [_compile(inp, out) for out in (inp, inp, inp / "rekap", inp / "rekap")]
    assert [(r.exit_code, _found(r.output)) for r in outputs] == [(1, len(books))] * 4
    written = len(list((inp / "2026-T3").rglob("*.xlsx")))   # recaps, the findings list, the copies
    assert f"Catatan: {written} buku kerja yang ditulis wksbm sebelumnya" in outputs[2].output
    for name in ("daftar_temuan.csv", "rekap_data.csv", "rekap_kabupaten.xlsx"):
        assert (inp / "2026-T3" / name).read_bytes() == (inp / "rekap" / "2026-T3" / name).read_bytes()
    (inp / "2026-T2").mkdir()   # reports kept in a folder named like a quarter are read
    Book().write(inp / "2026-T2" / "kiriman_lama.xlsx")
    again = _compile(inp, inp)
    assert (again.exit_code, _found(again.output)) == (1, len(books) + 1)


def test_a_compile_never_replaces_the_folder_of_reports(batch, tmp_path):
    """`wksbm compile laporan/2026-T3 --out laporan` would put the recap in place of the reports."""
    import shutil

    books, folder, _ = batch
    inp = tmp_path / "laporan" / "2026-T3"
    shutil.copytree(folder.parent.parent / "masuk", inp)
    for out in (tmp_path / "laporan", inp.parent.parent):   # the quarter folder is the reports', or holds them
        if out != tmp_path / "laporan":
            inp = shutil.copytree(inp, out / "2026-T3" / "masuk")
        result = _compile(inp, out)
        assert result.exit_code == 2
        assert "Gagal: folder keluaran" in result.output and "akan menghapus laporan" in result.output
        assert sorted(p.name for p in inp.glob("*.xlsx")) == sorted(f"{name}.xlsx" for name in books)


def test_a_compile_keeps_a_file_the_operator_put_in_the_quarter_folder(batch, tmp_path):
    books, folder, _ = batch
    inp = folder.parent.parent / "masuk"
    out = tmp_path / "hasil"
    assert _compile(inp, out).exit_code == 1
    quarter = out / "2026-T3"
    before = {p: p.read_bytes() for p in quarter.rglob("*") if p.is_file()}
    (quarter / "Thumbs.db").write_bytes(b"")          # what file managers leave does not count
    (quarter / ".DS_Store").write_bytes(b"")
    assert _compile(inp, out).exit_code == 1
    signed = quarter / "rekap_kabupaten - sudah ditandatangani.xlsx"   # named like a recap
    edited = quarter / "rekap_kabupaten.html"
    for path, data in ((quarter / "scan.pdf", b"%PDF-"), (signed, (quarter / "rekap_kabupaten.xlsx").read_bytes()),
                       (quarter / ".catatan.txt", b"x"), (edited, edited.read_bytes() + b"<!-- catatan -->")):
        original = path.read_bytes() if path.exists() else None
        path.write_bytes(data)
        result = _compile(inp, out)
        assert result.exit_code == 2 and path.name in result.output, result.output
        assert path.read_bytes() == data   # kept, as every other file
        assert all(p.read_bytes() == d for p, d in before.items() if p != path)
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    assert _compile(inp, out).exit_code == 1   # nothing else there: replaced again


def test_outputs_can_be_read_by_colleagues(batch):
    """Files and folders get the usual permissions (by the umask), not tempfile's 0600 / 0700."""
    import stat

    _, folder, _ = batch
    umask = os.umask(0o022)
    os.umask(umask)
    paths = [folder, *folder.rglob("*")]
    assert len(paths) > 20
    for path in paths:
        want = (0o777 if path.is_dir() else 0o666) & ~umask
        assert stat.S_IMODE(path.stat().st_mode) == want, path


def test_a_slip_in_the_quarter_or_the_folder_never_replaces_a_recap_with_an_empty_one(batch, tmp_path):
    books, folder, _ = batch
    inp, out = folder.parent.parent / "masuk", tmp_path / "hasil"
    assert _compile(inp, out).exit_code == 1
    before = {p: p.read_bytes() for p in (out / "2026-T3").rglob("*") if p.is_file()}
    (tmp_path / "kosong").mkdir()
    empty = _compile(tmp_path / "kosong", out)
    assert empty.exit_code == 2 and "tidak ada laporan .xlsx" in empty.output
    wrong = CliRunner().invoke(main, ["compile", str(inp), "--tahun", "2025", "--triwulan", "III", "--out", str(out)])
    assert wrong.exit_code == 2
    assert "tidak ada satu pun laporan triwulan III 2025" in wrong.output and "triwulan III 2026" in wrong.output
    assert {p: p.read_bytes() for p in (out / "2026-T3").rglob("*") if p.is_file()} == before
    assert not (out / "2025-T3").exists()


def test_a_folder_with_no_report_never_replaces_a_recap(batch, tmp_path):
    import openpyxl

    books, folder, _ = batch
    out = tmp_path / "hasil"
    assert _compile(folder.parent.parent / "masuk", out).exit_code == 1
    before = {p: p.read_bytes() for p in (out / "2026-T3").rglob("*") if p.is_file()}
    other = tmp_path / "lain"
    other.mkdir()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "belanja"
    wb.save(other / "belanja.xlsx")
    result = _compile(other, out)
    assert result.exit_code == 2 and "tidak ada satu pun laporan WKSBM yang dapat dibaca" in result.output
    assert {p: p.read_bytes() for p in (out / "2026-T3").rglob("*") if p.is_file()} == before


def test_a_symlink_loop_as_out_is_a_message_not_a_traceback(batch, tmp_path):
    loop = tmp_path / "putar"
    loop.symlink_to(loop)
    books, folder, _ = batch
    result = _compile(folder.parent.parent / "masuk", loop)
    assert result.exit_code == 2 and "pintasan (link)" in result.output
