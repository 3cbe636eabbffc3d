"""Who may open and change what: a visitor without a session sees only the sign-in form; a
kapanewon account sees only its kapanewon in every page and download (another's is 'not
found'); only staff change uploads or compile; only admins reach the admin pages."""
from __future__ import annotations

import pytest

from tests.console.conftest import sign_in, text_of, upload, wksbm_named

GET_PAGES = ["/konsol/kapanewon/Kretek", "/konsol/wksbm/{depok}", "/konsol/unggahan/{up}/asli",
             "/konsol/kompilasi", "/konsol/admin", "/konsol/admin/log"]
POSTS = ["/konsol/keluar", "/konsol/wksbm/{depok}/unggah", "/konsol/unggahan/{up}/sisihkan",
         "/konsol/unggahan/{up}/pulihkan", "/konsol/kompilasi/mulai", "/konsol/admin/daftar", "/konsol/admin/wksbm",
         "/konsol/admin/wksbm/{depok}/berhenti", "/konsol/admin/wksbm/{depok}/tautan", "/konsol/admin/tenggat",
         "/konsol/admin/akun", "/konsol/admin/akun/1"]
ADMIN_ONLY = [p for p in GET_PAGES + POSTS if p.startswith("/konsol/admin")]
STAFF_ONLY = ["/konsol/wksbm/{depok}/unggah", "/konsol/unggahan/{up}/sisihkan", "/konsol/unggahan/{up}/pulihkan",
              "/konsol/kompilasi/mulai"]


@pytest.fixture
def ids(archive, checker, tmp_path):
    depok = upload(archive, checker, "Depok", tmp_path)
    wono = upload(archive, checker, "Wonosari", tmp_path)
    return {"depok": depok["wksbm_id"], "up": depok["id"], "wono": wono["wksbm_id"], "wono_up": wono["id"]}


@pytest.mark.parametrize("path", GET_PAGES)
def test_a_visitor_is_sent_to_the_sign_in_form(client, ids, path):
    answer = client.get(path.format(**ids))
    assert answer.status_code == 303 and answer.headers["location"] == "/"


@pytest.mark.parametrize("path", POSTS)
def test_a_visitor_cannot_post(client, ids, archive, path):
    before = archive.db().execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    answer = client.post(path.format(**ids), data={"csrf": "x", "alasan": "coba", "tahun": "2026"})
    assert answer.status_code == 403 and "Silakan masuk lagi" in answer.text
    assert archive.db().execute("SELECT COUNT(*) FROM audit").fetchone()[0] == before


@pytest.mark.parametrize("role", ["operator", "kapanewon"])
@pytest.mark.parametrize("path", ADMIN_ONLY)
def test_admin_pages_are_for_admins_only(client, ids, role, path):
    token = sign_in(client, role)
    answer = client.post(path.format(**ids), data={"csrf": token}) if path not in GET_PAGES else \
        client.get(path.format(**ids))
    assert answer.status_code == 403 and "tidak berhak" in answer.text


@pytest.mark.parametrize("path", STAFF_ONLY)
def test_a_kapanewon_account_changes_nothing(client, ids, archive, path):
    token = sign_in(client, "kapanewon")
    answer = client.post(path.format(**ids), data={"csrf": token, "alasan": "coba", "tahun": "2026",
                                                   "triwulan": "III"})
    assert answer.status_code == 403
    assert archive.db().execute("SELECT COUNT(*) FROM compiles").fetchone()[0] == 0
    assert archive.db().execute("SELECT COUNT(*) FROM set_asides").fetchone()[0] == 0


@pytest.mark.parametrize("path", ["/konsol/wksbm/{wono}", "/konsol/unggahan/{wono_up}/asli",
                                  "/konsol/unggahan/{wono_up}/salinan", "/konsol/kapanewon/Srandakan"])
def test_a_kapanewon_account_cannot_reach_another_kapanewon(client, ids, path):
    sign_in(client, "kapanewon")
    answer = client.get(path.format(**ids))
    assert answer.status_code == 404 and "Wonosari" not in answer.text and "Poncosari" not in answer.text


def test_a_kapanewon_account_sees_only_its_kapanewon_on_the_board(client, ids, archive):
    sign_in(client, "kapanewon")
    page = client.get("/")
    text = text_of(page.text)
    assert "Kapanewon Kretek" in text and "Depok" in text and "Grogol" in text
    assert "Srandakan" not in text and "Wonosari" not in text and "Poncosari" not in text
    assert archive.token_of(ids["wono"]) not in page.text
    # ... also when it asks for the kabupaten's quarter in other words
    assert "Wonosari" not in client.get("/?tahun=2026&triwulan=II").text


def test_a_kapanewon_account_sees_its_own_wksbm_and_downloads(client, ids):
    sign_in(client, "kapanewon")
    assert client.get(f"/konsol/wksbm/{ids['depok']}").status_code == 200
    original = client.get(f"/konsol/unggahan/{ids['up']}/asli")
    assert original.status_code == 200 and original.content[:2] == b"PK"
    assert "Sisihkan" not in client.get(f"/konsol/wksbm/{ids['depok']}").text   # no change forms


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_staff_see_every_kapanewon(client, ids, role):
    sign_in(client, role)
    for path in ("/", "/konsol/kapanewon/Srandakan", f"/konsol/wksbm/{ids['wono']}",
                 f"/konsol/unggahan/{ids['wono_up']}/asli"):
        assert client.get(path).status_code == 200, path


def test_unknown_and_junk_ids_are_not_found_without_a_trace(client, ids):
    sign_in(client, "operator")
    for path in ("/konsol/wksbm/99999", "/konsol/wksbm/abc", "/konsol/unggahan/99999/asli", "/konsol/kompilasi/7",
                 "/konsol/kompilasi/x/berkas/rekap_kabupaten.html", "/konsol/kapanewon/Atlantis"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Traceback" not in answer.text


def test_a_post_without_the_session_form_token_changes_nothing(client, ids, archive):
    sign_in(client, "operator")
    answer = client.post(f"/konsol/unggahan/{ids['up']}/sisihkan", data={"csrf": "palsu", "alasan": "coba"})
    assert answer.status_code == 403 and "kedaluwarsa" in answer.text
    assert archive.upload(ids["up"], ids["depok"])["set_aside_reason"] is None


EXPECTED = {   # page -> status for (admin, operator, kapanewon of Kretek)
    "/": (200, 200, 200),
    "/konsol/kapanewon/Kretek": (200, 200, 200),
    "/konsol/kapanewon/Srandakan": (200, 200, 404),
    "/konsol/wksbm/{depok}": (200, 200, 200),
    "/konsol/wksbm/{wono}": (200, 200, 404),
    "/konsol/unggahan/{up}/asli": (200, 200, 200),
    "/konsol/unggahan/{wono_up}/asli": (200, 200, 404),
    "/konsol/kompilasi": (200, 200, 200),
    "/konsol/admin": (200, 403, 403),
    "/konsol/admin?kapanewon=Srandakan": (200, 403, 403),
    "/konsol/admin/log": (200, 403, 403),
}


@pytest.mark.parametrize("path", list(EXPECTED))
@pytest.mark.parametrize("role", ["admin", "operator", "kapanewon"])
def test_every_page_for_every_role(client, ids, role, path):
    sign_in(client, role)
    answer = client.get(path.format(**ids))
    assert answer.status_code == EXPECTED[path][["admin", "operator", "kapanewon"].index(role)]
    assert "Traceback" not in answer.text


def test_cookies_are_secure_over_https(app):
    from starlette.testclient import TestClient

    from tests.console.conftest import PASSWORD, csrf_of

    with TestClient(app, base_url="https://konsol.test", follow_redirects=False) as client:
        form = client.get("/")
        assert "secure" in form.headers["set-cookie"].lower()
        answer = client.post("/konsol/masuk", data={"csrf": csrf_of(form.text), "nama": "Budi", "sandi": PASSWORD})
        cookie = [h for h in answer.headers.get_list("set-cookie") if h.startswith("wksbm_sesi=")][0]
        assert "Secure" in cookie and "HttpOnly" in cookie
