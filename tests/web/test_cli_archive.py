"""`wksbm links`, `wksbm archive export` and `wksbm compile --archive`."""
from __future__ import annotations

import csv
import io

import openpyxl
from click.testing import CliRunner

from compiler.archive.db import Archive
from compiler.cli import main
from compiler.jobs.upload import receive
from tests.helpers.builder import Book
from tests.web.conftest import ON_TIME, workbook

COLUMNS = ["kapanewon", "kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm", "tautan", "api"]


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_links_imports_the_registry_and_writes_each_link_sorted(tmp_path, registry):
    data = tmp_path / "data"
    registry.write_text(registry.read_text() + "34.02.01.2001,Poncosari,Jogahan,WKSBM Jogahan\n", encoding="utf-8")
    done = _run("links", "--data", data, "--registry", registry, "--base-url", "https://lapor.example.id/",
                "-o", tmp_path / "tautan.csv")
    assert done.exit_code == 0, done.output
    assert "3 WKSBM baru" in done.output and "3 tautan WKSBM ditulis" in done.output
    rows = _rows(tmp_path / "tautan.csv")
    assert list(rows[0]) == COLUMNS
    assert [(r["kapanewon"], r["padukuhan"]) for r in rows] == [
        ("Kretek", "Depok"), ("Kretek", "Grogol"), ("Srandakan", "Jogahan")]
    archive = Archive(data)
    for r in rows:
        token = r["tautan"].rsplit("/", 1)[1]
        assert r["tautan"] == f"https://lapor.example.id/lapor/{token}"
        assert r["api"] == f"https://lapor.example.id/api/lapor/{token}"
        assert archive.by_token(token).padukuhan == r["padukuhan"]


def test_links_again_keeps_the_links_and_writes_xlsx(tmp_path, registry):
    data = tmp_path / "data"
    _run("links", "--data", data, "--registry", registry, "-o", tmp_path / "a.csv")
    registry.write_text(registry.read_text() + "34.02.03.2002,Parangtritis,Bungkus,WKSBM Bungkus\n", encoding="utf-8")
    done = _run("links", "--data", data, "--registry", registry, "-o", tmp_path / "b.xlsx")
    assert done.exit_code == 0 and "1 WKSBM baru, 2 sudah ada" in done.output
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx").active
    rows = [dict(zip(COLUMNS, row)) for row in ws.iter_rows(min_row=2, values_only=True)]
    assert [c.value for c in ws[1]] == COLUMNS
    before = {r["padukuhan"]: r["tautan"] for r in _rows(tmp_path / "a.csv")}
    assert {r["padukuhan"]: r["tautan"] for r in rows if r["padukuhan"] in before} == before
    assert [r["padukuhan"] for r in rows] == ["Bungkus", "Depok", "Grogol"]


def test_links_refuses_an_empty_archive_and_a_wrong_name(tmp_path):
    empty = _run("links", "--data", tmp_path / "data", "-o", tmp_path / "a.csv")
    assert empty.exit_code == 2 and "--registry daftar_wksbm.csv" in empty.output
    wrong = _run("links", "--data", tmp_path / "data", "-o", tmp_path / "a.pdf")
    assert wrong.exit_code == 2 and ".xlsx atau .csv" in wrong.output


def _fill(tmp_path, registry, checker) -> Archive:
    """Depok reports twice (the second counts), Grogol once; another WKSBM's workbook too."""
    archive = Archive(tmp_path / "data")
    archive.import_registry(registry)
    depok, grogol = (archive.by_key(("parangtritis", p)) for p in ("depok", "grogol"))
    first = Book()
    first.set("Identitas", 0, "Saldo Kas Awal (Rp)", 900000)
    receive(archive, checker, depok, workbook(tmp_path, first, "1.xlsx"), "depok lama.xlsx", now=ON_TIME)
    later = ON_TIME.replace(hour=5)
    receive(archive, checker, depok, workbook(tmp_path, Book(), "2.xlsx"), "depok.xlsx", now=later)
    book = Book()
    book.set("Identitas", 0, "Padukuhan", "Grogol")
    book.set("Identitas", 0, "Nama WKSBM", "WKSBM Grogol Makmur")
    receive(archive, checker, grogol, workbook(tmp_path, book, "3.xlsx"), "grogol.xlsx", now=later)
    receive(archive, checker, grogol, workbook(tmp_path, Book(), "4.xlsx"), "bukan grogol.xlsx",
            now=later.replace(hour=6))   # Depok's workbook through Grogol's link: never counted
    return archive


def test_export_and_compile_from_the_archive_match_a_folder_compile(tmp_path, registry, checker):
    _fill(tmp_path, registry, checker)
    done = _run("archive", "export", "--data", tmp_path / "data", "--tahun", 2026, "--triwulan", "III",
                "-o", tmp_path / "ekspor")
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in (tmp_path / "ekspor").iterdir())
    assert names == ["wksbm_34.02.03.2002_depok.xlsx", "wksbm_34.02.03.2002_grogol.xlsx"]
    folder = _run("compile", tmp_path / "ekspor", "--tahun", 2026, "--triwulan", "III", "--registry", registry,
                  "--out", tmp_path / "dari_folder")
    archive = _run("compile", "--archive", tmp_path / "data", "--tahun", 2026, "--triwulan", "III",
                   "--out", tmp_path / "dari_arsip")
    assert folder.exit_code == 0 and archive.exit_code == 0, archive.output
    timely = ("wksbm_tepat_waktu", "wksbm_terlambat")

    def figures(out):
        text = (out / "2026-T3" / "rekap_data.csv").read_text(encoding="utf-8")
        return [line for line in text.splitlines() if not any(t in line for t in timely)]
    assert figures(tmp_path / "dari_arsip") == figures(tmp_path / "dari_folder")
    assert any(",saldo_awal_rp,,3000000" in line for line in figures(tmp_path / "dari_arsip"))   # 2 x 1.5 M
    assert "Dihitung dalam rekap" in archive.output


def test_compile_takes_a_folder_or_an_archive(tmp_path):
    neither = _run("compile", "--tahun", 2026, "--triwulan", "III")
    assert neither.exit_code == 2 and "FOLDER_LAPORAN atau --archive" in neither.output
    (tmp_path / "data").mkdir()
    wrong = _run("compile", "--archive", tmp_path / "data", "--tahun", 2026, "--triwulan", "III")
    assert wrong.exit_code == 2 and "bukan folder --data" in wrong.output
    assert list((tmp_path / "data").iterdir()) == []
    Archive(tmp_path / "data")
    nothing = _run("compile", "--archive", tmp_path / "data", "--tahun", 2026, "--triwulan", "III",
                   "--out", tmp_path / "out")
    assert nothing.exit_code == 2 and "belum berisi laporan triwulan III 2026" in nothing.output


def test_export_needs_an_archive(tmp_path):
    done = _run("archive", "export", "--data", tmp_path / "tidak-ada", "--tahun", 2026, "--triwulan", "III",
                "-o", tmp_path / "x")
    assert done.exit_code == 2 and "tidak ditemukan" in done.output


def test_the_deadline_and_receipt_times_go_to_a_compile_that_takes_them(tmp_path, registry, checker, monkeypatch):
    import datetime as dt

    from compiler.jobs import archive as jobs
    from compiler.jobs import compile as compile_job

    archive = _fill(tmp_path, registry, checker)
    archive.set_deadline(2026, "III", dt.date(2026, 10, 12))
    seen = {}

    def compile_quarter(input_dir, tahun, triwulan, out, registry_path=None, workers=None, progress=None,
                        start_progress=None, writing=None, tenggat=None, received=None):
        seen.update(names=sorted(p.name for p in input_dir.iterdir()), tenggat=tenggat, received=received)
        return "done"
    monkeypatch.setattr(compile_job, "compile_quarter", compile_quarter)
    assert jobs.compile_archive(archive, 2026, "III", tmp_path / "out") == "done"
    assert seen["tenggat"] == dt.date(2026, 10, 12)
    assert {__import__("pathlib").Path(p).name: t for p, t in seen["received"].items()} == {
        "wksbm_34.02.03.2002_depok.xlsx": ON_TIME.replace(hour=5),
        "wksbm_34.02.03.2002_grogol.xlsx": ON_TIME.replace(hour=5)}
    assert seen["names"] == ["wksbm_34.02.03.2002_depok.xlsx", "wksbm_34.02.03.2002_grogol.xlsx"]


def test_serve_says_when_its_port_is_taken(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = _run("serve", "--data", tmp_path / "data", "--port", taken.getsockname()[1])
    assert done.exit_code == 2 and "port sudah dipakai program lain" in done.output
