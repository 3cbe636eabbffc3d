"""Compiling the quarter from the archive with one button: the same outputs as `wksbm compile
--archive`, kept per compile (never written again), with its time and who ran it, a zip, the
HTML recap in the page; the uploads used are those received before it started."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import threading
import time
import zipfile

from compiler.archive import compiles
from compiler.archive.db import stamp
from compiler.jobs import console_compile
from tests.console.conftest import ON_TIME, sign_in, text_of, upload
from tests.helpers.builder import Book


def _wait(archive, compile_id, seconds=120):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        record = compiles.get(archive, compile_id)
        if record["state"] != "berjalan":
            return record
        time.sleep(0.2)
    raise AssertionError("the compile did not end")


def _digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _rekap(folder):
    rows = list(csv.DictReader(io.StringIO((folder / "2026-T3" / "rekap_data.csv").read_text(encoding="utf-8-sig"))))
    return {(r["tingkat"], r["nama_wilayah"], r["indikator"]): r["nilai"] for r in rows if not r["kategori"]}


def test_one_button_compiles_keeps_and_shows_the_recap(client, archive, checker, tmp_path):
    upload(archive, checker, "Depok", tmp_path)
    upload(archive, checker, "Wonosari", tmp_path)
    token = sign_in(client, "operator")
    answer = client.post("/konsol/kompilasi/mulai", data={"csrf": token, "tahun": "2026", "triwulan": "III"})
    assert answer.status_code == 303
    compile_id = int(answer.headers["location"].rsplit("/", 1)[1])
    record = _wait(archive, compile_id)
    assert record["state"] == "selesai", record["message"]
    assert record["by"] == "Budi" and record["uploads"] == 2
    folder = archive.dir / record["folder"]
    figures = _rekap(folder)
    assert figures[("kabupaten", "Bantul", "wksbm_melapor")] in ("2", "2.0")
    assert figures[("kabupaten", "Bantul", "wksbm_belum_melapor")] in ("1", "1.0")
    page = client.get(f"/konsol/kompilasi/{compile_id}")
    text = text_of(page.text)
    assert "Dimulai 5 Oktober 2026" in text and "oleh Budi, dari 2 unggahan" in text
    assert f'src="/konsol/kompilasi/{compile_id}/berkas/rekap_kabupaten.html"' in page.text
    recap = client.get(f"/konsol/kompilasi/{compile_id}/berkas/rekap_kabupaten.html")
    assert recap.status_code == 200 and recap.headers["content-type"].startswith("text/html")
    assert recap.headers["content-security-policy"].startswith("default-src 'none'")   # no script runs
    zipped = client.get(f"/konsol/kompilasi/{compile_id}/berkas/kompilasi_2026-T3.zip")
    assert zipped.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert "2026-T3/rekap_data.csv" in names and "2026-T3/rekap_kabupaten.html" in names


def test_a_compile_never_changes_an_earlier_one(client, archive, checker, tmp_path):
    upload(archive, checker, "Depok", tmp_path)
    first = _wait(archive, console_compile.start(archive, 2026, "III", "Budi", workers=1, wait=True))
    before = _digests(archive.dir / first["folder"])
    upload(archive, checker, "Grogol", tmp_path, when=ON_TIME.replace(hour=6))
    second = _wait(archive, console_compile.start(archive, 2026, "III", "Sari", workers=1, wait=True))
    assert first["folder"] != second["folder"]
    assert _digests(archive.dir / first["folder"]) == before
    assert _rekap(archive.dir / first["folder"])[("kabupaten", "Bantul", "wksbm_melapor")] in ("1", "1.0")
    assert _rekap(archive.dir / second["folder"])[("kabupaten", "Bantul", "wksbm_melapor")] in ("2", "2.0")


def test_a_compile_uses_the_uploads_received_before_it_started(archive, checker, tmp_path):
    depok = upload(archive, checker, "Depok", tmp_path)
    upload(archive, checker, "Grogol", tmp_path, when=ON_TIME + dt.timedelta(hours=3))      # after the start
    bad = Book()
    bad.set("Pemasukan", 0, "Jumlah (Rp)", "banyak")
    upload(archive, checker, "Depok", tmp_path, bad, when=ON_TIME + dt.timedelta(hours=4))  # a newer Depok, after too
    snap = console_compile.Snapshot(archive, 2026, "III", stamp(ON_TIME + dt.timedelta(hours=1)))
    compile_id, folder = compiles.begin(archive, 2026, "III", "Budi", 1, snap.at)
    console_compile.run(archive, snap, compile_id, folder, 2026, "III", workers=1)
    record = compiles.get(archive, compile_id)
    assert record["state"] == "selesai", record["message"]
    used = list(csv.DictReader((folder / "unggahan_dipakai.csv").open(encoding="utf-8")))
    assert [int(r["unggahan"]) for r in used] == [depok["id"]]
    figures = _rekap(folder)
    assert figures[("kabupaten", "Bantul", "wksbm_melapor")] in ("1", "1.0")
    assert figures[("kabupaten", "Bantul", "wksbm_perlu_perbaikan")] in ("0", "0.0")


def test_a_compile_waits_for_an_upload_still_being_checked_when_it_started(archive, checker, tmp_path):
    from compiler.archive import inflight

    begun, stored = threading.Event(), []

    def slow_upload():
        with inflight.receiving(archive):     # its bytes are in: checking takes a while
            begun.set()
            time.sleep(1.0)
            stored.append(upload(archive, checker, "Depok", tmp_path))

    sender = threading.Thread(target=slow_upload)
    sender.start()
    begun.wait(10)
    compile_id = console_compile.start(archive, 2026, "III", "Budi", workers=1, now=ON_TIME + dt.timedelta(hours=1))
    sender.join()
    record = _wait(archive, compile_id)
    assert record["state"] == "selesai", record["message"]
    assert record["uploads"] == 1
    used = list(csv.DictReader((archive.dir / record["folder"] / "unggahan_dipakai.csv").open(encoding="utf-8")))
    assert [int(r["unggahan"]) for r in used] == [stored[0]["id"]]


def test_a_wksbm_that_stopped_is_not_counted_as_missing(archive, checker, tmp_path):
    from compiler.archive import roster
    from tests.console.conftest import wksbm_named

    upload(archive, checker, "Depok", tmp_path)
    roster.stop(archive, wksbm_named(archive, "Grogol").id, 2026, "II", "Sari")
    record = _wait(archive, console_compile.start(archive, 2026, "III", "Budi", workers=1, wait=True))
    figures = _rekap(archive.dir / record["folder"])
    assert figures[("kabupaten", "Bantul", "wksbm_terdaftar")] in ("2", "2.0")
    assert figures[("kabupaten", "Bantul", "wksbm_belum_melapor")] in ("1", "1.0")


def test_a_compile_of_nothing_fails_in_words(client, archive):
    token = sign_in(client, "operator")
    answer = client.post("/konsol/kompilasi/mulai", data={"csrf": token, "tahun": "2026", "triwulan": "III"})
    record = _wait(archive, int(answer.headers["location"].rsplit("/", 1)[1]))
    assert record["state"] == "gagal" and "belum berisi laporan" in record["message"]
    assert "Kompilasi gagal" in text_of(client.get(f"/konsol/kompilasi/{record['id']}").text)


def test_a_kapanewon_account_opens_only_its_own_recap(client, archive, checker, tmp_path):
    upload(archive, checker, "Depok", tmp_path)
    upload(archive, checker, "Wonosari", tmp_path)
    record = _wait(archive, console_compile.start(archive, 2026, "III", "Budi", workers=1, wait=True))
    sign_in(client, "kapanewon")
    page = client.get(f"/konsol/kompilasi/{record['id']}")
    assert page.status_code == 200
    own = [n for n in console_compile.files(archive, record) if n.name.startswith("rekap_34.02.03_")]
    assert own and f"berkas/{own[0].as_posix()}" in page.text
    assert "rekap_kabupaten" not in page.text and "kompilasi_2026-T3.zip" not in page.text
    assert "2 unggahan" not in text_of(page.text) and "dihitung" not in text_of(page.text)   # kabupaten figures
    for name in ("rekap_kabupaten.html", "rekap_data.csv", "kompilasi_2026-T3.zip", "status_wksbm.csv",
                 next(n.as_posix() for n in console_compile.files(archive, record) if n.name.startswith("rekap_34.02.01_"))):
        assert client.get(f"/konsol/kompilasi/{record['id']}/berkas/{name}").status_code == 404, name
    assert client.get(f"/konsol/kompilasi/{record['id']}/berkas/{own[0].as_posix()}").status_code == 200


def test_a_second_compile_while_one_runs_is_refused_in_words(client, archive):
    token = sign_in(client, "operator")
    assert console_compile._RUNNING.acquire(blocking=False)
    try:
        answer = client.post("/konsol/kompilasi/mulai", data={"csrf": token, "tahun": "2026", "triwulan": "III"})
    finally:
        console_compile._RUNNING.release()
    assert answer.status_code == 409 and "Kompilasi lain sedang berjalan" in answer.text


def test_a_running_compile_page_refreshes_itself_without_javascript(client, archive):
    token = sign_in(client, "operator")
    record_id, _ = compiles.begin(archive, 2026, "III", "Budi", 0, stamp(ON_TIME))   # as if still running
    page = client.get(f"/konsol/kompilasi/{record_id}")
    assert page.headers["refresh"] == "3" and "sedang berjalan" in page.text and "<script" not in page.text
    compiles.end(archive, record_id, False, "dihentikan untuk uji")
    assert "refresh" not in client.get(f"/konsol/kompilasi/{record_id}").headers
    assert token


def test_the_quarter_before_is_found_in_the_archive(archive, checker, tmp_path):
    """STANDARD 5: the quarters before come from the archive too. Depok's quarter II is compiled
    from the console, then quarter III: its Saldo Kas Awal differs from the Saldo Akhir counted
    in quarter II (balance-carryover), and the recap shows the trend over the two quarters."""
    from tests.e2e.test_quarters import book_of

    upload(archive, checker, "Depok", tmp_path, book=book_of("II"))
    second = _wait(archive, console_compile.start(archive, 2026, "II", "Budi", workers=1, wait=True))
    assert second["state"] == "selesai", second["message"]
    book = book_of("III")
    cell = book.set("Identitas", 0, "Saldo Kas Awal (Rp)", 1_234_000)
    upload(archive, checker, "Depok", tmp_path, book=book)
    third = _wait(archive, console_compile.start(archive, 2026, "III", "Budi", workers=1, wait=True))
    assert third["state"] == "selesai", third["message"]
    quarter = archive.dir / third["folder"] / "2026-T3"
    rows = list(csv.DictReader(io.StringIO((quarter / "daftar_temuan.csv").read_text(encoding="utf-8-sig"))))
    carried = [r for r in rows if r["kode"] == "balance-carryover"]
    assert [(r["lembar"], r["sel"], r["tingkat"]) for r in carried] == [("Identitas", cell, "warning")]
    assert "triwulan II 2026" in carried[0]["pesan"]
    assert "Perkembangan" in (quarter / "rekap_kabupaten.html").read_text(encoding="utf-8")
    names = zipfile.ZipFile(archive.dir / third["folder"] / "kompilasi_2026-T3.zip").namelist()
    assert all(n.startswith("2026-T3/") for n in names)   # the quarter before is not in this compile's zip


def test_without_a_compile_of_the_quarter_before_there_is_no_carryover(archive, checker, tmp_path):
    from tests.e2e.test_quarters import book_of

    book = book_of("III")
    book.set("Identitas", 0, "Saldo Kas Awal (Rp)", 1_234_000)
    upload(archive, checker, "Depok", tmp_path, book=book)
    third = _wait(archive, console_compile.start(archive, 2026, "III", "Budi", workers=1, wait=True))
    quarter = archive.dir / third["folder"] / "2026-T3"
    rows = list(csv.DictReader(io.StringIO((quarter / "daftar_temuan.csv").read_text(encoding="utf-8-sig"))))
    assert not [r for r in rows if r["kode"] == "balance-carryover"]
    assert not (archive.dir / third["folder"] / "2026-T2").exists()


def test_a_compile_whose_folder_cannot_be_made_is_recorded_as_failed(client, archive):
    (archive.dir / "kompilasi").mkdir(exist_ok=True)
    (archive.dir / "kompilasi" / "00001").mkdir()          # left there by hand
    token = sign_in(client, "operator")
    answer = client.post("/konsol/kompilasi/mulai", data={"csrf": token, "tahun": "2026", "triwulan": "III"})
    assert answer.status_code == 409 and "Kompilasi tidak dapat dimulai" in answer.text
    record = compiles.get(archive, 1)
    assert record["state"] == "gagal" and "tidak dapat dibuat" in record["message"]
    assert console_compile._RUNNING.acquire(timeout=1)     # the next compile may start
    console_compile._RUNNING.release()
