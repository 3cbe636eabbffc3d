"""The quarter's board: which upload counts (STANDARD 7), on time against late, must correct,
not reported; per kapanewon, kalurahan and WKSBM; the reminder list with each one's link."""
from __future__ import annotations

from compiler.archive import asides
from compiler.jobs.board import board
from tests.console.conftest import LATE, ON_TIME, csrf_of, sign_in, text_of, upload, wksbm_named
from tests.helpers.builder import Book


def _states(b):
    return {r["wksbm"].padukuhan: r["state"] for r in b.rows}


def test_each_state_from_the_archive(archive, checker, tmp_path):
    upload(archive, checker, "Depok", tmp_path)                       # on time, clean
    upload(archive, checker, "Wonosari", tmp_path, when=LATE)         # after the deadline
    b = board(archive, 2026, "III", now=ON_TIME)
    assert _states(b) == {"Depok": "tepat_waktu", "Grogol": "belum_melapor", "Wonosari": "terlambat"}
    assert b.total.terdaftar == 3 and b.total.counts == {"tepat_waktu": 1, "terlambat": 1, "perlu_perbaikan": 0,
                                                          "belum_melapor": 1}
    assert [k.name for k in b.total.children] == ["Srandakan", "Kretek"]   # in code order
    kretek = b.total.children[1]
    assert kretek.terdaftar == 2 and kretek.rate("tepat_waktu") == 0.5
    assert [c.name for c in kretek.children] == ["Parangtritis"]
    assert b.tenggat.isoformat() == "2026-10-10" and b.days_left == 5


def test_the_newest_counts_and_a_set_aside_gives_the_older_back(archive, checker, tmp_path):
    upload(archive, checker, "Depok", tmp_path)
    bad = Book()
    bad.set("Pemasukan", 0, "Jumlah (Rp)", "banyak")
    newer = upload(archive, checker, "Depok", tmp_path, bad, when=ON_TIME.replace(hour=4))
    assert newer["errors"] >= 1
    assert _states(board(archive, 2026, "III", now=ON_TIME))["Depok"] == "perlu_perbaikan"
    asides.set_aside(archive, newer["id"], "salah kirim berkas", "Budi")
    assert _states(board(archive, 2026, "III", now=ON_TIME))["Depok"] == "tepat_waktu"
    asides.restore(archive, newer["id"], "Budi")
    assert _states(board(archive, 2026, "III", now=ON_TIME))["Depok"] == "perlu_perbaikan"


def test_received_on_the_deadline_day_in_bantul_is_on_time(archive, checker, tmp_path):
    import datetime as dt

    last_minute = dt.datetime(2026, 10, 10, 16, 59, tzinfo=dt.timezone.utc)   # 23.59 WIB on the 10th
    upload(archive, checker, "Depok", tmp_path, when=last_minute)
    upload(archive, checker, "Grogol", tmp_path, when=last_minute + dt.timedelta(minutes=1))   # 00.00 on the 11th
    states = _states(board(archive, 2026, "III", now=ON_TIME))
    assert states["Depok"] == "tepat_waktu" and states["Grogol"] == "terlambat"


def test_a_deadline_set_by_the_admin_is_used(archive, checker, tmp_path):
    import datetime as dt

    upload(archive, checker, "Wonosari", tmp_path, when=LATE)
    archive.set_deadline(2026, "III", dt.date(2026, 10, 15))
    b = board(archive, 2026, "III", now=ON_TIME)
    assert _states(b)["Wonosari"] == "tepat_waktu" and b.days_left == 10


def test_a_wksbm_that_stopped_is_not_expected_after_its_end(archive):
    from compiler.archive import roster

    roster.stop(archive, wksbm_named(archive, "Grogol").id, 2026, "II", "Sari")
    assert "Grogol" not in _states(board(archive, 2026, "III", now=ON_TIME))
    assert "Grogol" in _states(board(archive, 2026, "II", now=ON_TIME))


def test_the_board_page_shows_counts_bars_deadline_and_reminder(client, archive, checker, tmp_path):
    upload(archive, checker, "Depok", tmp_path)
    sign_in(client, "operator")
    page = client.get("/?tahun=2026&triwulan=III")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Papan laporan triwulan III tahun 2026" in text
    assert "10 Oktober 2026 (5 hari lagi)" in text
    assert "Kabupaten Bantul 3 1 (33%) 0 (0%) 0 (0%) 2 (67%)" in text
    assert 'class="tepat_waktu" style="width:33.33%"' in page.text
    grogol, wonosari = wksbm_named(archive, "Grogol"), wksbm_named(archive, "Wonosari")
    box = page.text.split("<textarea")[1].split("</textarea>")[0]
    assert f"/lapor/{archive.token_of(grogol.id)}" in box and f"/lapor/{archive.token_of(wonosari.id)}" in box
    assert archive.token_of(wksbm_named(archive, "Depok").id) not in box
    assert "<script" not in page.text


def test_the_kapanewon_page_lists_each_wksbm(client, archive, checker, tmp_path):
    upload(archive, checker, "Depok", tmp_path)
    sign_in(client, "operator")
    page = client.get("/konsol/kapanewon/Kretek?tahun=2026&triwulan=III")
    text = text_of(page.text)
    assert page.status_code == 200
    assert "Parangtritis Depok WKSBM Depok Sejahtera Melapor tepat waktu 5 Oktober 2026 10.00 WIB" in text
    assert "Parangtritis Grogol WKSBM Grogol Makmur Belum melapor" in text
    assert "Wonosari" not in text
    assert csrf_of(page.text)   # the sign-out form carries the session's token
