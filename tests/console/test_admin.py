"""Admin: the registry (import, add one, stop one), links, deadlines, accounts, and the audit
log, which keeps every change and cannot be changed itself."""
from __future__ import annotations

import sqlite3

import pytest

from compiler.archive import accounts, audit
from tests.console.test_compile import _wait
from tests.console.conftest import PASSWORD, csrf_of, sign_in, text_of, upload, wksbm_named


def test_import_adds_new_wksbm_and_keeps_the_links_of_the_others(client, archive):
    depok = wksbm_named(archive, "Depok")
    before = archive.token_of(depok.id)
    token = sign_in(client, "admin")
    csv = ("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n34.02.03.2002,Parangtritis,Depok,WKSBM Depok Makmur\n"
           "34.02.03.2002,Parangtritis,Mancingan,WKSBM Mancingan\n,Atlantis,Nowhere,\n")
    answer = client.post("/konsol/admin/daftar", data={"csrf": token},
                         files={"berkas": ("daftar_wksbm.csv", csv.encode(), "text/csv")})
    assert answer.status_code == 303
    shown = text_of(client.get(answer.headers["location"]).text)
    assert "1 WKSBM baru, 1 sudah ada (1 namanya diperbarui)" in shown and "Dilewati 1 baris (baris 4" in shown
    assert archive.token_of(depok.id) == before
    assert archive.wksbm(depok.id).nama_wksbm == "WKSBM Depok Makmur"
    assert wksbm_named(archive, "Mancingan")
    assert audit.entries(archive)[0]["action"] == "daftar-impor"


def test_an_unusable_registry_is_refused_in_words(client, archive):
    token = sign_in(client, "admin")
    answer = client.post("/konsol/admin/daftar", data={"csrf": token},
                         files={"berkas": ("daftar.csv", b"nama,alamat\nx,y\n", "text/csv")})
    assert answer.status_code == 400 and "tidak memiliki kolom" in answer.text
    assert len(archive.all_wksbm()) == 3


def test_add_one_wksbm_with_its_own_link(client, archive):
    token = sign_in(client, "admin")
    answer = client.post("/konsol/admin/wksbm", data={"csrf": token, "kode_kalurahan": "34.02.03.2002",
                                                     "kalurahan": "", "padukuhan": "Samiran", "nama_wksbm": ""})
    assert answer.status_code == 303
    w = wksbm_named(archive, "Samiran")
    assert w.kalurahan == "Parangtritis" and archive.by_token(archive.token_of(w.id)) == w
    again = client.post("/konsol/admin/wksbm", data={"csrf": token, "kode_kalurahan": "34.02.03.2002",
                                                    "padukuhan": "Samiran"})
    assert again.status_code == 400 and "sudah terdaftar" in again.text


def test_stop_and_expect_again(client, archive):
    from compiler.jobs.board import board

    grogol = wksbm_named(archive, "Grogol")
    token = sign_in(client, "admin")
    client.post(f"/konsol/admin/wksbm/{grogol.id}/berhenti", data={"csrf": token, "tahun": "2026", "triwulan": "II"})
    assert "Grogol" not in {r["wksbm"].padukuhan for r in board(archive, 2026, "III").rows}
    client.post(f"/konsol/admin/wksbm/{grogol.id}/berhenti", data={"csrf": token, "aktif": "1"})
    assert "Grogol" in {r["wksbm"].padukuhan for r in board(archive, 2026, "III").rows}
    assert [e["action"] for e in audit.entries(archive)][:2] == ["wksbm-aktif", "wksbm-berhenti"]


def test_replace_a_link_the_old_one_answers_404(client, archive):
    depok = wksbm_named(archive, "Depok")
    old = archive.token_of(depok.id)
    token = sign_in(client, "admin")
    answer = client.post(f"/konsol/admin/wksbm/{depok.id}/tautan", data={"csrf": token})
    new = archive.token_of(depok.id)
    assert new != old and f"/lapor/{new}" in answer.text
    assert client.get(f"/lapor/{old}").status_code == 404
    assert client.get(f"/lapor/{new}").status_code == 303
    assert old not in str(answer.headers.get("location", ""))


def test_set_a_deadline(client, archive):
    token = sign_in(client, "admin")
    answer = client.post("/konsol/admin/tenggat", data={"csrf": token, "tahun": "2026", "triwulan": "III",
                                                       "tenggat": "2026-10-17"})
    assert answer.status_code == 303
    assert archive.deadline(2026, "III").isoformat() == "2026-10-17"
    assert "17 Oktober 2026 (12 hari lagi)" in text_of(client.get("/?tahun=2026&triwulan=III").text)
    bad = client.post("/konsol/admin/tenggat", data={"csrf": token, "tahun": "2026", "triwulan": "III",
                                                    "tenggat": "17/10"})
    assert bad.status_code == 400 and "2026-10-10" in bad.text


def test_accounts_added_changed_and_the_last_admin_kept(client, archive):
    token = sign_in(client, "admin")
    answer = client.post("/konsol/admin/akun", data={"csrf": token, "nama": "Wati", "peran": "kapanewon",
                                                    "kapanewon": "Sewon", "sandi": PASSWORD, "sandi2": PASSWORD})
    assert answer.status_code == 303
    wati = next(u for u in accounts.users(archive) if u["name"] == "Wati")
    assert wati["kapanewon"] == "Sewon" and wati["password_hash"] != PASSWORD
    mismatch = client.post("/konsol/admin/akun", data={"csrf": token, "nama": "Tono", "peran": "operator",
                                                      "sandi": PASSWORD, "sandi2": PASSWORD + "x"})
    assert mismatch.status_code == 400 and "tidak sama" in mismatch.text
    client.post(f"/konsol/admin/akun/{wati['id']}", data={"csrf": token, "ubah": "nonaktif"})
    assert not accounts.user(archive, wati["id"])["active"]
    sari = next(u for u in accounts.users(archive) if u["name"] == "Sari")
    last = client.post(f"/konsol/admin/akun/{sari['id']}", data={"csrf": token, "ubah": "nonaktif"})
    assert last.status_code == 400 and "admin terakhir" in last.text
    client.post(f"/konsol/admin/akun/{wati['id']}", data={"csrf": token, "ubah": "sandi", "sandi": "kata-baru-99"})
    assert accounts.sign_in(archive, "Wati", "kata-baru-99")[1] == "nonaktif"


def test_the_audit_log_shows_every_kind_of_event_to_admins(client, archive, checker, tmp_path):
    up = upload(archive, checker, "Depok", tmp_path)
    token = sign_in(client, "operator")
    client.post(f"/konsol/unggahan/{up['id']}/sisihkan", data={"csrf": token, "alasan": "ganda"})
    started = client.post("/konsol/kompilasi/mulai", data={"csrf": token, "tahun": "2026", "triwulan": "III"})
    _wait(archive, int(started.headers["location"].rsplit("/", 1)[1]))
    client.post("/konsol/keluar", data={"csrf": token})
    token = sign_in(client, "admin")
    client.post("/konsol/admin/tenggat", data={"csrf": token, "tahun": "2026", "triwulan": "III", "tenggat": "2026-10-11"})
    text = text_of(client.get("/konsol/admin/log").text)
    for who, what in (("link:tautan", "unggah"), ("Budi", "masuk"), ("Budi", "sisihkan"), ("Budi", "kompilasi"),
                      ("Sari", "tenggat"), ("cli", "akun-tambah")):
        assert f"{who} {what}" in text, (who, what)


def test_the_audit_log_cannot_be_changed(archive):
    audit.record(archive, "Sari", "tenggat", "coba")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        archive.db().execute("UPDATE audit SET actor = 'orang lain'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        archive.db().execute("DELETE FROM audit")


def test_the_admin_page_lists_a_kapanewon_with_its_actions(client, archive):
    token = sign_in(client, "admin")
    page = client.get("/konsol/admin?kapanewon=Kretek")
    assert page.status_code == 200 and csrf_of(page.text) == token
    text = text_of(page.text)
    assert "Parangtritis Depok" in text and "Parangtritis Grogol" in text and "Wonosari" not in text


def test_the_audit_log_filters_by_kind(client, archive):
    token = sign_in(client, "admin")
    client.post("/konsol/admin/tenggat", data={"csrf": token, "tahun": "2026", "triwulan": "III", "tenggat": "2026-10-11"})
    text = text_of(client.get("/konsol/admin/log?kegiatan=tenggat").text)
    assert "Sari tenggat triwulan III 2026: 2026-10-11" in text
    assert "Sari masuk" not in text and "akun-tambah" not in text.split("Keterangan")[1]


def test_an_admin_unlocks_a_locked_account(client, archive):
    from starlette.testclient import TestClient

    with TestClient(client.app, follow_redirects=False) as other:
        form = csrf_of(other.get("/").text)
        for _ in range(5):
            other.post("/konsol/masuk", data={"csrf": form, "nama": "Budi", "sandi": "keliru-123"})
        assert other.post("/konsol/masuk", data={"csrf": form, "nama": "Budi", "sandi": PASSWORD}).status_code == 401
        token = sign_in(client, "admin")
        budi = next(u for u in accounts.users(archive) if u["name"] == "Budi")
        assert "terkunci" in text_of(client.get("/konsol/admin").text)
        client.post(f"/konsol/admin/akun/{budi['id']}", data={"csrf": token, "ubah": "buka"})
        assert other.post("/konsol/masuk", data={"csrf": form, "nama": "Budi", "sandi": PASSWORD}).status_code == 303
    assert audit.entries(archive, action="akun-buka-kunci")[0]["detail"] == "Budi"
