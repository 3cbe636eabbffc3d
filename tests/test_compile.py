"""`wksbm compile`: every compile rule, every figure against what the test wrote, no personal data."""
from __future__ import annotations

import csv
import datetime as dt
import os
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from builder import NIK_PAINEM, NIK_SUKIMAN, Book
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


def test_a_compile_never_replaces_a_validations_folder(tmp_path):
    Book().write(tmp_path / "baik.xlsx")
    bad = Book()
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    bad.write(tmp_path / "salah.xlsx")
    quarter = tmp_path / "hasil" / "2026-T3"
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "salah.xlsx"), "--out", str(quarter)]).exit_code == 1
    result = \
        CliRunner().invoke(main, ["compile", str(tmp_path), "--tahun", "2026", "--triwulan", "III",
                                  "--out", str(tmp_path / "hasil")])
    assert result.exit_code == 2 and "daftar_temuan" in result.output
    assert (quarter / "perbaikan" / "salah_perbaikan.xlsx").exists()


def test_a_symlink_loop_as_out_is_a_message_not_a_traceback(batch, tmp_path):
    loop = tmp_path / "putar"
    loop.symlink_to(loop)
    books, folder, _ = batch
    result = _compile(folder.parent.parent / "masuk", loop)
    assert result.exit_code == 2 and "pintasan (link)" in result.output


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


def test_a_report_without_its_kalurahan_never_replaces_another_wksbm_of_a_padukuhan_so_named(tmp_path):
    """Padukuhan names repeat across kalurahan: a report that leaves Kalurahan empty and names
    another WKSBM is not taken for the one reporting from a Depok elsewhere."""
    inp = tmp_path / "masuk"
    inp.mkdir()
    Book().write(inp / "a.xlsx")
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
    from compiler.registry import RegistryError, parse_registry

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
    from compiler.registry import unprefixed, wksbm_key

    assert unprefixed("Padukuhan Sono") == "Sono" and unprefixed("Dukuh") == "Dukuh"
    assert wksbm_key("Parangtritis", "Dusun Sono") == wksbm_key("parangtritis", "sono")
