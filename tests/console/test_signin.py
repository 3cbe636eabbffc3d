"""Signing in and out: the form at '/', argon2 hashes, sessions of 24 hours kept server-side in
an HttpOnly SameSite cookie, a form token on every form, the lock-out after failed tries."""
from __future__ import annotations

import datetime as dt

from compiler.archive import accounts, audit
from tests.console.conftest import ON_TIME, PASSWORD, csrf_of, sign_in, text_of


def test_a_visitor_gets_the_sign_in_form(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'action="/konsol/masuk"' in page.text and csrf_of(page.text)
    assert "Papan" not in text_of(page.text).split("Masuk ke Konsol")[1]
    assert page.headers["referrer-policy"] == "same-origin"


def test_signing_in_sets_an_httponly_samesite_cookie_and_shows_the_board(client, archive):
    page = client.get("/")
    answer = client.post("/konsol/masuk", data={"csrf": csrf_of(page.text), "nama": "Budi", "sandi": PASSWORD})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = [h for h in answer.headers.get_list("set-cookie") if h.startswith("wksbm_sesi=")][0]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=86400" in cookie
    sid = cookie.split(";")[0].split("=", 1)[1]
    stored = [r[0] for r in archive.db().execute("SELECT id_hash FROM sessions")]
    assert sid not in stored and len(stored) == 1   # only a hash of the id is kept
    assert "Papan laporan triwulan III tahun 2026" in client.get("/").text
    assert archive.db().execute("SELECT password_hash FROM users WHERE name = 'Budi'").fetchone()[0].startswith(
        "$argon2id$")


def test_wrong_password_is_refused_in_words(client):
    page = client.get("/")
    answer = client.post("/konsol/masuk", data={"csrf": csrf_of(page.text), "nama": "Budi", "sandi": "salah-sekali"})
    assert answer.status_code == 401
    assert "Nama akun atau kata sandi salah" in answer.text
    assert "wksbm_sesi" not in answer.headers.get("set-cookie", "")


def test_an_unknown_name_gets_the_same_answer(client):
    page = client.get("/")
    answer = client.post("/konsol/masuk", data={"csrf": csrf_of(page.text), "nama": "Siapa", "sandi": PASSWORD})
    assert answer.status_code == 401 and "Nama akun atau kata sandi salah" in answer.text


def test_sign_in_without_the_form_token_is_refused(client):
    client.get("/")
    answer = client.post("/konsol/masuk", data={"csrf": "palsu", "nama": "Budi", "sandi": PASSWORD})
    assert answer.status_code == 403 and "kedaluwarsa" in answer.text
    assert client.get("/konsol/kompilasi").status_code == 303   # still signed out


def test_five_failures_lock_the_account_even_for_the_right_password(client, archive, clock):
    token = csrf_of(client.get("/").text)
    for _ in range(4):
        assert client.post("/konsol/masuk", data={"csrf": token, "nama": "Budi", "sandi": "keliru-123"}).status_code == 401
    fifth = client.post("/konsol/masuk", data={"csrf": token, "nama": "Budi", "sandi": "keliru-123"})
    assert "dikunci 15 menit" in fifth.text
    right = client.post("/konsol/masuk", data={"csrf": token, "nama": "Budi", "sandi": PASSWORD})
    assert right.status_code == 401 and "dikunci" in right.text
    clock.now = ON_TIME + dt.timedelta(minutes=16)
    assert client.post("/konsol/masuk", data={"csrf": token, "nama": "Budi", "sandi": PASSWORD}).status_code == 303


def test_a_look_alike_four_failures_then_the_right_password_signs_in(client):
    token = csrf_of(client.get("/").text)
    for _ in range(4):
        client.post("/konsol/masuk", data={"csrf": token, "nama": "Budi", "sandi": "keliru-123"})
    assert client.post("/konsol/masuk", data={"csrf": token, "nama": "Budi", "sandi": PASSWORD}).status_code == 303


def test_a_session_ends_after_24_hours(client, clock):
    sign_in(client, "operator")
    clock.now = ON_TIME + dt.timedelta(hours=23, minutes=59)
    assert client.get("/konsol/kompilasi").status_code == 200
    clock.now = ON_TIME + dt.timedelta(hours=24, seconds=1)
    answer = client.get("/konsol/kompilasi")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert 'action="/konsol/masuk"' in client.get("/").text


def test_signing_out_ends_the_session_on_the_server(client, archive):
    token = sign_in(client, "operator")
    sid = client.cookies.get("wksbm_sesi")
    answer = client.post("/konsol/keluar", data={"csrf": token})
    assert answer.status_code == 303
    client.cookies.set("wksbm_sesi", sid)   # the old cookie, kept by someone
    assert client.get("/konsol/kompilasi").status_code == 303
    assert archive.db().execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_sign_out_needs_the_form_token(client):
    sign_in(client, "operator")
    assert client.post("/konsol/keluar", data={"csrf": "palsu"}).status_code == 403
    assert client.get("/konsol/kompilasi").status_code == 200


def test_an_account_made_inactive_loses_its_session(client, archive):
    sign_in(client, "operator")
    budi = next(u for u in accounts.users(archive) if u["name"] == "Budi")
    accounts.set_active(archive, budi["id"], False, "Sari")
    assert client.get("/konsol/kompilasi").status_code == 303


def test_every_sign_in_and_failure_is_in_the_audit_log(client, archive):
    token = csrf_of(client.get("/").text)
    client.post("/konsol/masuk", data={"csrf": token, "nama": "Budi", "sandi": "keliru-123"})
    client.post("/konsol/masuk", data={"csrf": token, "nama": "Budi", "sandi": PASSWORD})
    actions = [(e["actor"], e["action"]) for e in audit.entries(archive)][:2]
    assert actions == [("Budi", "masuk"), ("Budi", "masuk-gagal")]


def test_passwords_are_hashed_memory_hard_at_the_real_cost(monkeypatch):
    monkeypatch.undo()
    hasher = accounts._hasher()
    assert hasher.memory_cost >= 19 * 1024 and hasher.type.name == "ID"
    hashed = hasher.hash(PASSWORD)
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
